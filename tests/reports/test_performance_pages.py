"""The 三率 rankings, street watch list and topic impact contexts: from a hand-made warehouse whose
numbers can be checked by hand, and from the two-year demo warehouse with a chosen topic."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analytics import marts
from analytics import warehouse as wh
from analytics.performance.night import refresh_performance
from analytics.performance.rates import wilson_interval
from reports import layout
from reports.frames import NightData
from reports.impact import impact_pages
from reports.performance import NO_CHOSEN_TOPICS, NOT_RUN, performance_summary
from reports.rankings import RankingsPage, rankings_page
from reports.risk import COMPONENTS, RiskPage, issue_label, risk_page
from reports.volume import report_districts
from tests.reports.conftest import night_data
from tests.reports.warehouses import TOPIC_ID

AS_OF = dt.date(2024, 7, 1)  # ranks June 2024
JULY = dt.date(2024, 7, 1)
NOW = dt.datetime(2024, 7, 1, 3)
JUNE, MAY = dt.datetime(2024, 6, 10, 9), dt.datetime(2024, 5, 10, 9)
PHONE = "13812345678"


def _tickets(district: str, street: str, when: dt.datetime, resolved: list[bool], unit: str) -> list[dict]:
    """Closed tickets, satisfied when resolved; each from its own caller."""
    return [
        {
            "source": "t",
            "record_id": f"{street}{when:%m%d}-{i}",
            "received_at": when,
            "district": district,
            "street": street,
            "category_l1": "住房",
            "category_l2": "物业管理",
            "handling_unit": unit,
            "dispatched_at": when,
            "responded_at": when,
            "closed_at": when + dt.timedelta(days=1),
            "resolved": r,
            "satisfied": r,
            "status": "已办结",
            "content": "楼道灯坏了",
            "caller_hash": f"{street}{i}",
            "row_hash": 0,
            "first_batch_id": 1,
            "batch_id": 1,
        }
        for i, r in enumerate(resolved)
    ]


@pytest.fixture
def ranked_db(db: Path) -> Path:
    rows = [
        *_tickets("东城区", "甲街道", JUNE, [True] * 4, "甲街道办事处"),  # 东城 4/4
        *_tickets("西城区", "乙街道", JUNE, [True, False], f"乙街道办事处 电话{PHONE}"),
        *_tickets("西城区", "丙街道", JUNE, [True, True, True, False], "丙街道办事处"),  # 西城 4/6
        *_tickets("西城区", "乙街道", MAY, [True], "乙街道办事处"),  # May: only 西城
    ]
    with wh.connect(db) as con:
        con.register("rows", pl.DataFrame(rows).with_columns(pl.col("row_hash").cast(pl.UInt64)).to_arrow())
        con.execute("INSERT INTO complaints BY NAME SELECT * FROM rows")
        marts.rebuild_daily_counts(con)
    return db


def _refresh(db: Path, as_of: dt.date = AS_OF) -> None:
    with wh.connect(db) as con:
        refresh_performance(con, as_of, "run-1")


def _rankings(night: NightData, as_of: dt.date = AS_OF, **limits: int) -> RankingsPage:
    return rankings_page(night.performance, report_districts(night.volume), as_of, JULY, NOW, **limits)


def _risk(night: NightData) -> RiskPage:
    return risk_page(night.performance, night.topics.themes, report_districts(night.volume), AS_OF, JULY, NOW)


def test_pages_before_the_step_ran_say_so(ranked_db: Path) -> None:
    night = night_data(ranked_db, AS_OF)
    rankings, risk = _rankings(night), _risk(night)
    summary = performance_summary(night.performance, AS_OF)
    impacts = impact_pages(night.performance, AS_OF, JULY, NOW)
    assert rankings.note == NOT_RUN and rankings.districts.rows == ()
    assert risk.note == NOT_RUN and risk.watch_list == () and risk.points == ()
    assert summary.note == NOT_RUN and summary.impacts == () and summary.impacts_note is None
    assert summary.rankings.href == layout.RANKINGS and summary.risk.href == layout.RISK  # pages exist
    assert impacts == ()


def test_districts_ranked_with_movement_and_wilson_intervals(ranked_db: Path) -> None:
    _refresh(ranked_db)
    page = _rankings(night_data(ranked_db, AS_OF), min_complaints=0)
    assert (page.month, page.period, page.note) == ("2024-06", "2024-06-01 至 2024-06-30", None)
    dongcheng, xicheng = page.districts.rows
    assert (dongcheng.rank, dongcheng.name, dongcheng.href) == (1, "东城区", layout.district_file("东城区"))
    assert dongcheng.movement.new_entry and dongcheng.movement.change is None  # unranked in May
    assert (xicheng.rank, xicheng.movement.previous, xicheng.movement.change) == (2, 1, -1)
    resolution = xicheng.resolution
    assert (resolution.numerator, resolution.denominator) == (4, 6)
    assert (resolution.lo, resolution.hi) == pytest.approx(wilson_interval(4, 6))
    assert dongcheng.resolution.hi == 1.0 and dongcheng.composite == pytest.approx(100.0)
    assert (page.districts.ranked, page.districts.unranked) == (2, 0)


def test_street_and_unit_lists_from_both_ends_with_names_masked(ranked_db: Path) -> None:
    _refresh(ranked_db)
    night = night_data(ranked_db, AS_OF)
    every = _rankings(night, top_streets=2, min_complaints=0)
    busy = _rankings(night, min_complaints=3)
    assert [(r.rank, r.name, r.district) for r in every.top_streets.rows] == [
        (1, "甲街道", "东城区"),
        (2, "丙街道", "西城区"),
    ]
    assert [r.name for r in every.bottom_streets.rows] == ["乙街道", "丙街道"]  # worst first
    units = [r.name for r in every.top_units.rows]
    assert "乙街道办事处 电话[电话]" in units and not any(PHONE in u for u in units)
    assert all(r.href is None and r.district == "" for r in every.top_units.rows)
    # 乙街道 has 2 complaints: ranked, counted, but not listed at either end with a minimum of 3
    assert [r.name for r in busy.bottom_streets.rows] == ["丙街道", "甲街道"]
    assert busy.top_streets.ranked == 3 and busy.min_complaints == 3


def test_watch_list_spells_out_the_reasons(ranked_db: Path) -> None:
    _refresh(ranked_db)
    page = _risk(night_data(ranked_db, AS_OF))
    assert (page.month, page.window, page.streets) == ("2024-06", "2024-04 至 2024-06", 3)
    assert [r.rank for r in page.watch_list] == [1, 2, 3] and len(page.points) == 3
    yi = next(r for r in page.watch_list if r.street == "乙街道")
    # the 3-month window (April–June) holds May's resolved ticket too
    assert (yi.resolution.numerator, yi.resolution.denominator, yi.complaints) == (2, 3, 3)
    assert yi.problem == "物业管理"  # the finest category it has (no level 3)
    named = {reason.name for row in page.watch_list for reason in row.reasons}
    assert named <= set(COMPONENTS.values()) and named
    assert all(len(r.percentiles) == len(COMPONENTS) for r in page.watch_list)
    assert yi.href == layout.district_file("西城区")


def test_issue_labels_name_themes_and_mask_text() -> None:
    themes = {"T1": f"物业 {PHONE}"}
    assert issue_label("theme:T1", themes) == "主题「物业 [电话]」"
    assert issue_label("theme:T2", themes) == "主题「T2」"
    assert issue_label("规范物业收费", themes) == "规范物业收费" and issue_label(None, themes) == "—"


def test_overview_summary_and_an_older_night(ranked_db: Path) -> None:
    _refresh(ranked_db)
    later = AS_OF + dt.timedelta(days=3)
    summary = performance_summary(night_data(ranked_db, AS_OF).performance, AS_OF)
    stale = _rankings(night_data(ranked_db, later), later)
    earlier = AS_OF - dt.timedelta(days=1)
    before = performance_summary(night_data(ranked_db, earlier).performance, earlier)
    assert summary.note is None and summary.impacts_note == NO_CHOSEN_TOPICS
    assert (summary.districts, summary.streets, summary.units, summary.watch_list) == (2, 3, 3, 3)
    assert "2024-07-01" in stale.note and stale.districts.rows  # shows the older night, says so
    assert before.note == NOT_RUN  # a run after the report date is not used


def test_a_topic_not_measurable_yet_gets_a_page_with_the_reason(ranked_db: Path) -> None:
    with wh.connect(ranked_db) as con:
        con.execute(
            "INSERT INTO chosen_topics VALUES ('2024-06-01', 'T1', ?, '住房', NULL, now())", [f"物业 {PHONE}"]
        )
    _refresh(ranked_db)
    night = night_data(ranked_db, AS_OF)
    (page,) = impact_pages(night.performance, AS_OF, JULY, NOW)
    summary = performance_summary(night.performance, AS_OF)
    assert page.theme_id == "T1" and page.label == "物业 [电话]" and page.start == dt.date(2024, 6, 1)
    assert page.note.startswith("成效尚不可测") and "complaint_themes" not in page.note
    assert page.effect is None and page.months == () and page.periods == ()
    (link,) = summary.impacts
    assert (link.href, link.measured, link.call) == ("impact-T1.html", False, "尚不可测")
    assert summary.impacts_note is None


def test_measured_topic_impact_from_the_demo_years(impact_context) -> None:
    page = impact_context
    assert page.theme_id == TOPIC_ID and "[电话]" in page.label and "13900002222" not in page.label
    effect = page.effect
    assert page.note is None and effect.call == "显著下降"
    assert (effect.post_first, effect.post_last) == (dt.date(2024, 4, 1), dt.date(2024, 12, 1))
    assert effect.expected_lo < effect.expected < effect.expected_hi
    assert effect.relative_hi < 0 and effect.p_value < 0.05 and effect.pre_months == 15
    after = [m for m in page.months if m.after_start]
    assert len(page.months) == 24 and len(after) == 9
    assert sum(m.complaints for m in after) == effect.actual
    assert all(m.expected is None for m in page.months if not m.after_start)
    before, after_rates = page.periods
    assert (before.label, before.first, before.last) == ("实施前", dt.date(2023, 7, 1), dt.date(2024, 3, 1))
    assert after_rates.complaints == effect.actual
    assert after_rates.resolution.lo <= after_rates.resolution.value <= after_rates.resolution.hi


def test_demo_rankings_and_watch_list(rankings_context, risk_context) -> None:
    assert rankings_context.month == "2024-12" and len(rankings_context.districts.rows) == 16
    ranks = [r.rank for r in rankings_context.districts.rows]
    assert ranks == sorted(ranks) and ranks[0] == 1
    assert all(r.complaints >= rankings_context.min_complaints for r in rankings_context.top_streets.rows)
    assert len(risk_context.watch_list) == 20 and len(risk_context.points) == risk_context.streets > 300
    assert [p.on_watch_list for p in risk_context.points].count(True) == 20
    assert all(r.problem != "—" and not r.problem.startswith("theme:") for r in risk_context.watch_list)
