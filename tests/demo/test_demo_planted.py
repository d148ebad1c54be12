"""The planted patterns are present in the records exactly as the ground truth records them."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from analytics import vocabulary as vocab
from demo.generate import build_context
from tests.demo.conftest import Year

PLANTED = "demo_planted"


def _item(year: Year, kind: str) -> dict:
    return next(p for p in year.truth["planted"] if p["kind"] == kind)


def _rows(year: Year, kind: str) -> pl.DataFrame:
    return year.frame.filter(pl.col(PLANTED) == kind).with_columns(
        pl.col(vocab.RECEIVED_AT).dt.strftime("%Y-%m").alias("month"),
        pl.col(vocab.RECEIVED_AT).dt.date().alias("day"),
    )


def test_truth_counts_equal_the_records(year: Year) -> None:
    for item in year.truth["planted"]:
        rows = _rows(year, item["kind"])
        assert item["planted_total"] == rows.height > 0
        assert item["monthly_counts"] == dict(rows.group_by("month").len().rows()) | {
            m: 0 for m, n in item["monthly_counts"].items() if n == 0
        }
        daily = dict(rows.group_by("day").len().rows())
        assert all(daily.get(date.fromisoformat(d), 0) == n for d, n in item["daily_counts"].items())


def test_every_item_is_fully_described(year: Year) -> None:
    for item in year.truth["planted"]:
        for key in (
            "kind",
            "theme",
            "keywords",
            "category",
            "districts",
            "start",
            "end",
            "expected_monthly",
            "monthly_counts",
        ):
            assert item[key], (item["kind"], key)
        assert {r for r in vocab.categories()} >= {(c["l1"], c["l2"], c["l3"]) for c in item["categories"]}
        # first calls match the expectation within Poisson noise; repeat calls come on top
        expected = sum(item["expected_monthly"].values())
        first_calls = item["planted_total"] - item["repeat_calls"]
        assert abs(first_calls - expected) < 4 * expected**0.5 + 3


def test_planted_texts_carry_their_keywords(year: Year) -> None:
    for kind in ("emerging", "persistent", "burst"):
        item = _item(year, kind)
        pattern = "|".join(item["keywords"])
        rows = _rows(year, kind)
        assert rows[vocab.CONTENT].str.contains(pattern).all(), kind
        assert rows[vocab.CONTENT].n_unique() > 0.8 * rows.height


def test_emerging_theme_starts_small_and_spreads(year: Year) -> None:
    item = _item(year, "emerging")
    rows = _rows(year, "emerging")
    assert rows["day"].min() >= date.fromisoformat(item["start"])
    schedule = item["spread_schedule"]
    first = {(s["district"], s["street"]) for s in schedule[0]["streets"]}
    assert 2 <= len(first) <= 3 and len({d for d, _ in first}) == 1
    allowed = {(s["district"], s["street"]) for stage in schedule for s in stage["streets"]}
    assert set(rows.select(vocab.DISTRICT, vocab.STREET).unique().rows()) <= allowed
    first_week = rows.filter(pl.col("day") < date.fromisoformat(item["start"]) + timedelta(days=14))
    assert set(first_week.select(vocab.DISTRICT, vocab.STREET).unique().rows()) <= first
    months = sorted(item["streets_per_month"])
    assert item["streets_per_month"][months[-1]] > 2 * item["streets_per_month"][months[0]]
    assert rows.filter(pl.col("month") == months[-1])[vocab.DISTRICT].n_unique() >= 2
    monthly = [item["monthly_counts"][m] for m in months]
    assert monthly[-1] > 3 * max(monthly[0], 1)


def test_persistent_problem_every_month_with_low_resolution(year: Year) -> None:
    item = _item(year, "persistent")
    assert len(item["monthly_counts"]) == 12 and min(item["monthly_counts"].values()) > 0
    assert len(item["districts"]) >= 5
    assert item["resolution_rate"] < year.truth["background_resolution_rate"] - 0.15
    rows = _rows(year, "persistent")
    assert set(rows[vocab.DISTRICT].unique()) <= set(item["districts"])


def test_burst_is_confined_to_its_street_and_week(year: Year) -> None:
    item = _item(year, "burst")
    rows = _rows(year, "burst")
    start, end = date.fromisoformat(item["start"]), date.fromisoformat(item["end"])
    assert (end - start).days == 6
    assert rows["day"].min() >= start and rows["day"].max() <= end
    (street,) = item["streets"]
    assert set(rows.select(vocab.DISTRICT, vocab.STREET).unique().rows()) == {
        (street["district"], street["street"])
    }
    assert rows[vocab.CONTENT].str.contains(item["site"], literal=True).mean() > 0.5
    cat = item["category"]
    same = year.frame.filter(
        (pl.col(vocab.STREET) == street["street"])
        & (pl.col("demo_true_l2") == cat["l2"])
        & (pl.col("demo_true_l3") == cat["l3"])
    )
    inside = same.filter(pl.col(vocab.RECEIVED_AT).dt.date().is_between(start, end)).height
    assert inside > 5 * max(same.height - inside, 1) / 51  # a week against the other 51


def test_treated_topic_falls_after_its_start(year: Year) -> None:
    item = _item(year, "treated")
    start = date.fromisoformat(item["treatment_start"])
    assert 0.4 <= item["effect"] <= 0.6
    months = sorted(item["monthly_counts"])
    ratio = {m: item["monthly_counts"][m] / item["expected_monthly_untreated"][m] for m in months}
    before = [ratio[m] for m in months if m < start.strftime("%Y-%m")]
    after = [ratio[m] for m in months if m > (start + timedelta(days=31)).strftime("%Y-%m")]
    assert before and after
    assert sum(after) / len(after) < 0.75 * sum(before) / len(before)
    # the untreated expectation keeps the category's own seasonality, unchanged by the treatment
    cat = item["category"]
    assert _rows(year, "treated").select("demo_true_l1", "demo_true_l2").unique().rows() == [
        (cat["l1"], cat["l2"])
    ]


def test_seasonal_item_is_heating_with_season_windows(year: Year) -> None:
    item = _item(year, "seasonal")
    assert item["theme"] == "供暖" and item["seasons"]
    daily = item["daily_counts"]
    assert daily["2024-11-15"] == max(daily[f"2024-11-{d:02d}"] for d in range(1, 31))
    summer = sum(item["monthly_counts"].get(m, 0) for m in ("2024-06", "2024-07", "2024-08"))
    assert summer / 3 < 0.02 * item["monthly_counts"]["2024-12"]  # near zero per month


@pytest.mark.parametrize("seeds", [(0, 1), (2, 3), (4, 5)])
def test_seeds_plant_different_places(seeds: tuple[int, int]) -> None:
    def plan(seed: int) -> list:
        ctx = build_context(date(2024, 1, 1), date(2024, 6, 30), 0.01, seed)
        return [
            (it.theme.theme, tuple(it.streets[:3]))
            for it in ctx.items
            if it.kind in ("emerging", "burst", "persistent")
        ]

    assert plan(seeds[0]) != plan(seeds[1])
    assert plan(seeds[0]) == plan(seeds[0])


def test_short_ranges_still_hold_every_pattern() -> None:
    ctx = build_context(date(2024, 3, 1), date(2024, 3, 10), 0.01, 7)
    for it in ctx.items:
        assert ctx.days[0] <= it.start <= it.end <= ctx.days[-1]
