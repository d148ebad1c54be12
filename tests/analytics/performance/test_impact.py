"""Topic impact: scope parsing and matching, the seasonal counterfactual, and the demo's planted truth."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl
import pytest

from analytics.performance.counterfactual import seasonal_counterfactual
from analytics.performance.impact import TopicScope, parse_topic_spec, topic_impact, topic_records
from analytics.vocabulary import month_range

HEATING = (("公共服务", "供暖", None),)


def test_parse_topic_spec():
    scope = parse_topic_spec(
        "name=违法停车;category=*/停车管理/违法停车|交通管理;keywords=违法停车, 占道;"
        "districts=朝阳区;themes=3,4;start=2024-04"
    )
    assert scope.topic == "违法停车" and scope.start == date(2024, 4, 1)
    assert scope.categories == ((None, "停车管理", "违法停车"), ("交通管理", None, None))
    assert scope.keywords == ("违法停车", "占道") and scope.theme_ids == ("3", "4")
    assert scope.districts == ("朝阳区",)
    for bad in (
        "name=x",
        "start=2024-04",
        "start=2024-13;category=a",
        "start=2024-04;colour=red",
        "start=2024-04;category",
    ):
        with pytest.raises(ValueError):
            parse_topic_spec(bad)


def test_topic_records_match_any_scope_within_districts():
    records = pl.DataFrame(
        {
            "source": ["s"] * 5,
            "record_id": ["1", "2", "3", "4", "5"],
            "district": ["朝阳区", "朝阳区", "海淀区", "朝阳区", "朝阳区"],
            "category_l1": ["交通管理", "住房", "交通管理", None, "住房"],
            "category_l2": ["停车管理", "物业管理", "停车管理", None, "物业管理"],
            "category_l3": ["违法停车", None, "违法停车", None, None],
            "content": ["", "楼下违法停车", "", "无分类", "无关"],
        }
    )
    scope = TopicScope(
        "t",
        date(2024, 4, 1),
        categories=((None, "停车管理", None),),
        keywords=("违法停车",),
        theme_ids=("9",),
        districts=("朝阳区",),
    )
    links = pl.DataFrame({"source": ["s"], "record_id": ["4"], "theme_id": ["9"]})
    # 1 by category, 2 by keyword, 3 outside the districts, 4 by theme, 5 by nothing
    assert topic_records(records, scope, links)["record_id"].to_list() == ["1", "2", "4"]
    with pytest.raises(ValueError):
        topic_records(records, scope)  # theme ids without links
    with pytest.raises(ValueError):
        TopicScope("empty", date(2024, 4, 1))


def _seasonal_series(
    months: list[date], rng: np.random.Generator, drop_from: date | None = None, drop: float = 0.5
) -> np.ndarray:
    season = np.array([3.0, 2.5, 1.5, 0.3, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 2.0, 3.2])
    mean = np.array(
        [40 * season[m.month - 1] * (1 - drop * (drop_from is not None and m >= drop_from)) for m in months]
    )
    return rng.poisson(mean)


def test_counterfactual_is_seasonal_and_calibrated():
    rng = np.random.default_rng(1)
    months = month_range(date(2021, 1, 1), date(2024, 12, 1))
    calls = []
    for _ in range(40):
        y = _seasonal_series(months, rng)
        pre, post = months[:27], months[27:]  # pseudo-start in April
        fit = seasonal_counterfactual(y[:27], pre, post)
        z = (y[27:].sum() - fit.expected.sum()) / np.sqrt(fit.total_variance)
        calls.append(abs(z) > 1.96)
    assert sum(calls) <= 6  # about 5% false alarms expected; 40 draws
    with pytest.raises(ValueError):
        seasonal_counterfactual(np.ones(11), months[:11], months[11:12])


def _frame(months: list[date], counts: np.ndarray) -> pl.DataFrame:
    rows = [
        {
            "received_at": datetime(m.year, m.month, 10),
            "district": "东城区",
            "category_l1": "公共服务",
            "category_l2": "供暖",
            "category_l3": "",
            "content": "",
            "dispatched_at": datetime(m.year, m.month, 10),
            "responded_at": datetime(m.year, m.month, 10),
            "closed_at": datetime(m.year, m.month, 11),
            "resolved": True,
            "satisfied": True,
        }
        for m, c in zip(months, counts, strict=True)
        for _ in range(int(c))
    ]
    edge = {**rows[0], "received_at": datetime(months[-1].year, months[-1].month, 28), "category_l2": "x"}
    return pl.DataFrame([*rows, edge])


def test_synthetic_treatment_detected_and_placebo_not():
    rng = np.random.default_rng(7)
    months = month_range(date(2021, 1, 1), date(2023, 12, 1))
    treated = _frame(months, _seasonal_series(months, rng, drop_from=date(2023, 4, 1)))
    result = topic_impact(
        treated, TopicScope("t", date(2023, 4, 1), categories=HEATING), end=date(2023, 12, 1)
    )
    assert result.call == "significant decline"
    assert result.relative_lo < -0.5 < result.relative_hi
    placebo = _frame(months, _seasonal_series(months, rng))
    result = topic_impact(
        placebo, TopicScope("t", date(2023, 4, 1), categories=HEATING), end=date(2023, 12, 1)
    )
    assert result.call != "significant decline"
    assert result.monthly.filter(pl.col("phase") == "post").height == 9


def _planted_change(truth, start: date, last: date) -> float:
    days = np.array([start <= d <= last for d in truth.days])
    return truth.expected[days].sum() / truth.untreated[days].sum() - 1


def test_demo_treated_topic_declines_significantly(demo, truth):
    treated = truth["treated"]
    scope = TopicScope(treated.theme, treated.start, categories=treated.categories)
    result = topic_impact(demo, scope)
    planted = _planted_change(treated, treated.start, date(2024, 12, 31))
    assert result.call == "significant decline"
    assert result.relative_lo <= planted <= result.relative_hi
    assert abs(result.relative_change - planted) < 0.12
    assert set(result.rates["period"]) == {"before", "after"}


@pytest.mark.parametrize("start", [date(2024, 3, 1), date(2024, 4, 1)])
def test_demo_heating_is_not_solved_in_spring(demo, truth, start):
    seasonal = truth["seasonal"]
    categories = tuple((a, b, None) for a, b, _ in seasonal.categories[:1])
    result = topic_impact(demo, TopicScope("供暖 placebo", start, categories=categories))
    assert result.call != "significant decline", result.summary()


def test_demo_untreated_category_shows_no_effect(demo):
    result = topic_impact(demo, TopicScope("噪声", date(2024, 4, 1), categories=((None, "噪声", None),)))
    assert result.call == "no significant change", result.summary()
