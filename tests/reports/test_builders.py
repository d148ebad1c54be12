"""Page contexts from hand-made frames, with no warehouse at all: the builders are pure, so each
case below is a few rows whose numbers can be checked by hand."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from reports.frames import AnalysisFrames, PerformanceFrames, TopicFrames, VolumeFrames
from reports.model import NOT_COMPUTED
from reports.performance import NOT_RUN
from reports.rankings import rankings_page
from reports.topics import topic_page
from reports.volume import report_districts

AS_OF = dt.date(2024, 6, 1)
LAST_DAY = dt.date(2024, 5, 31)
MAY, JUNE = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
NOW = dt.datetime(2024, 6, 1, 3)
PHONE = "13812345678"
MEASURES = ("complaints", "responded", "resolved", "resolved_rated", "satisfied", "satisfied_rated")


def _volume() -> VolumeFrames:
    daily = [  # (day, district, *measures)
        (LAST_DAY, "海淀区", 30, 30, 20, 25, 24, 25),
        (LAST_DAY, "朝阳区", 10, 9, 6, 8, 7, 8),
        (dt.date(2024, 5, 25), "海淀区", 5, 5, 4, 5, 5, 5),
    ]
    places = [  # (district, street, category_l1, *measures, complaints_last_year)
        ("海淀区", "中关村街道", "交通管理", 30, 30, 20, 25, 24, 25, 0),
        ("海淀区", "中关村街道", "住房", 5, 5, 4, 5, 5, 5, 0),
        ("海淀区", "学院路街道", "住房", 0, 0, 0, 0, 0, 0, 4),  # last year only: not ranked
        ("朝阳区", "望京街道", "住房", 10, 9, 6, 8, 7, 8, 0),
    ]
    open_complaints = pl.DataFrame(
        {
            "district": ["海淀区", "朝阳区"],
            "received_at": [dt.datetime(2024, 5, 31, 22), dt.datetime(2024, 5, 31, 21)],
            "street": ["中关村街道", "望京街道"],
            "category_l1": ["住房", "住房"],
            "category_l2": ["物业管理", ""],
            "status": ["办理中", "办理中"],
            "content": [f"楼道灯坏了，电话{PHONE}", "噪音"],
        }
    )
    return VolumeFrames(
        bounds=pl.DataFrame(
            {"first_day": [MAY], "last_day": [LAST_DAY], "mart_batch_id": [3], "newest_batch_id": [5]}
        ),
        daily=pl.DataFrame(daily, schema=["day", "district", *MEASURES], orient="row"),
        places=pl.DataFrame(
            places,
            schema=["district", "street", "category_l1", *MEASURES, "complaints_last_year"],
            orient="row",
        ),
        open_complaints=open_complaints,
    )


def _analyses() -> AnalysisFrames:
    forecasts = pl.DataFrame(
        {
            "unique_id": ["district=海淀区", "district=海淀区", "city"],
            "day": [LAST_DAY, AS_OF, AS_OF],
            "yhat": [30.0, 31.0, 50.0],
            "lo80": [25.0, 26.0, 45.0],
            "hi80": [35.0, 36.0, 55.0],
        }
    )
    warnings = pl.DataFrame(
        {
            "unique_id": ["district=海淀区|category=住房", "district=朝阳区|category=住房"],
            "window_days": [7, 7],
            "basis": ["recent", "last_year"],
            "period_start": [AS_OF, AS_OF],
            "period_end": [AS_OF + dt.timedelta(days=6)] * 2,
            "forecast": [90.0, 40.0],
            "baseline": [60.0, 30.0],
            "excess": [30.0, 10.0],
            "ratio": [1.5, None],
        }
    )
    return AnalysisFrames(
        forecast_run=pl.DataFrame({"run_id": ["run-1"], "as_of": [AS_OF]}),
        forecasts=forecasts,
        early_warnings=warnings,
        hotspots=pl.DataFrame(schema={"district": pl.String, "score": pl.Float64}),
        hotspots_stored=False,
    )


def test_district_page_from_frames() -> None:
    from reports.district import district_page

    volume = _volume()
    page = district_page(volume, _analyses(), "海淀区", AS_OF, JUNE, NOW)
    assert report_districts(volume) == ("海淀区", "朝阳区")  # by volume over the 30 days
    assert [(s.name, s.volume.count) for s in page.streets] == [("中关村街道", 35)]
    assert [(c.name, c.volume.count) for c in page.categories] == [("交通管理", 30), ("住房", 5)]
    yesterday, week, month = page.volumes
    assert (yesterday.volume.count, week.volume.count, month.volume.count) == (30, 35, 35)
    assert yesterday.volume.last_year is None  # the mart starts 2024-05-01: no year to compare
    rates = page.rates[0].rates  # 近7天
    assert (rates.resolution.numerator, rates.resolution.denominator) == (24, 30)
    (recent,) = page.recent
    assert recent.category == "住房 / 物业管理" and PHONE not in recent.content and "[电话]" in recent.content
    assert [p.day for p in page.trend.forecast] == [AS_OF] and page.trend.forecast_run == "run-1"
    assert [w.series for w in page.warnings.rows] == ["海淀区 · 住房"]
    assert page.hotspots.note == NOT_COMPUTED
    assert page.meta.nav[2].href == "topics-2024-06.html" and page.meta.data_through == LAST_DAY


def _ranking_row(level: str, rank: int | None, name: str, complaints: int, resolved: int) -> dict[str, Any]:
    """A unit_rankings row of ``level``; ``name`` is the district, street or unit."""
    return {
        "level": level,
        "district": name if level == "district" else "海淀区",
        "street": name if level == "street" else None,
        "handling_unit": name if level == "unit" else None,
        "rank": rank,
        "complaints": complaints,
        "responded": complaints,
        "resolution_rated": complaints,
        "resolved_n": resolved,
        "satisfaction_rated": complaints,
        "satisfied_n": resolved,
        "dispatched": complaints,
        "dispatched_on_time": complaints,
        "closed": complaints,
        "closed_on_time": resolved,
        "composite": None if rank is None else 100.0 - rank,
        "previous_rank": 2 if rank == 1 else None,
        "rank_change": 1 if rank == 1 else None,
        "new_entry": rank is not None and rank != 1,
    }


def _performance(run: bool = True) -> PerformanceFrames:
    rows = [
        _ranking_row("district", 1, "海淀区", 40, 30),
        _ranking_row("district", 2, "朝阳区", 20, 10),
        _ranking_row("street", 1, "中关村街道", 40, 35),
        _ranking_row("street", 2, "学院路街道", 35, 20),
        _ranking_row("street", 3, "燕园街道", 3, 0),  # ranked, too few complaints to be listed
        _ranking_row("street", None, "万柳地区", 1, 1),  # not ranked at all
        _ranking_row("unit", 1, f"海淀区城管委 电话{PHONE}", 50, 45),
    ]
    stored = {
        "as_of": AS_OF,
        "run_id": "run-1",
        "month": MAY,
        "data_through": LAST_DAY,
        "computed_at": NOW,
        "districts": 2,
        "streets": 4,
        "units": 1,
        "watch_list": 0,
        "impacts": 0,
        "impacts_skipped": 0,
    }
    return PerformanceFrames(
        run=pl.DataFrame([stored]) if run else pl.DataFrame(),
        rankings=pl.DataFrame(rows),
        street_risk=pl.DataFrame(),
        impacts=pl.DataFrame(),
        impact_months=pl.DataFrame(),
    )


def test_rankings_page_from_frames() -> None:
    page = rankings_page(_performance(), ("海淀区",), AS_OF, JUNE, NOW, top_streets=5, min_complaints=30)
    assert (page.month, page.period, page.note) == ("2024-05", "2024-05-01 至 2024-05-31", None)
    haidian, chaoyang = page.districts.rows
    assert (haidian.rank, haidian.href, chaoyang.href) == (1, "district-110108.html", None)  # no page
    assert (haidian.movement.previous, haidian.movement.change) == (2, 1) and chaoyang.movement.new_entry
    assert (haidian.resolution.numerator, haidian.resolution.denominator) == (30, 40)
    assert haidian.resolution.lo < 0.75 < haidian.resolution.hi
    assert [r.name for r in page.top_streets.rows] == ["中关村街道", "学院路街道"]
    assert [r.name for r in page.bottom_streets.rows] == ["学院路街道", "中关村街道"]  # worst first
    assert (page.top_streets.ranked, page.top_streets.unranked) == (3, 1)
    (unit,) = page.top_units.rows
    assert unit.name == "海淀区城管委 电话[电话]" and unit.href is None


def test_rankings_page_before_the_step_ran() -> None:
    page = rankings_page(_performance(run=False), (), AS_OF, JUNE, NOW)
    assert page.note == NOT_RUN and page.districts.rows == () and page.month == "—"


def _topics(candidates: pl.DataFrame, themes: int = 2) -> TopicFrames:
    return TopicFrames(
        themes=pl.DataFrame({"theme_id": ["T1", "T2"][:themes], "label": ["噪音", "电梯"][:themes]}),
        candidates=candidates,
        theme_months=pl.DataFrame(
            {
                "theme_id": ["T1", "T1", "T2"],
                "month": [MAY.replace(month=4), MAY, MAY],
                "complaints": [3, 5, 2],
            }
        ),
        theme_samples=pl.DataFrame(
            {
                "theme_id": ["T2"],
                "received_at": [dt.datetime(2024, 5, 30, 9)],
                "district": ["朝阳区"],
                "street": [""],
                "category_l1": ["住房"],
                "content": [f"电梯坏了 {PHONE}"],
            }
        ),
    )


def test_topic_page_from_frames() -> None:
    ranking = pl.DataFrame(  # the themes analysis's shape, out of rank order
        {
            "rank": [2, 1],
            "theme_id": ["T2", "T1"],
            "n_month": [2, 5],
            "label": ["电梯", "噪音"],
            "partition": ["住房", "城乡建设"],
            "c_volume": [0.4, 0.9],
            "c_trend": [0.1, None],
            "score": [30.5, 60.25],
            "monthly": [[0, 2], [3, 5]],
            "top_streets": [["望京街道"], ["中关村街道", "学院路街道"]],
            "caller_hash": ["x", "y"],
        }
    )
    page = topic_page(_topics(ranking), MAY, AS_OF, NOW)
    assert page.note is None and page.component_names == ("volume", "trend")
    first, second = page.candidates
    assert (first.rank, first.label, first.score, first.anchor) == (1, "噪音", 60.25, "candidate-1")
    assert [(c.name, c.value) for c in first.components] == [("volume", 0.9), ("trend", None)]
    details = {d.name: d.value.text for d in first.details}
    assert details == {
        "theme_id": "T1",
        "partition": "城乡建设",
        "n_month": "5",
        "top_streets": "中关村街道、学院路街道",
    }
    assert [(p.month, p.complaints) for p in first.monthly] == [(dt.date(2024, 4, 1), 3), (MAY, 5)]
    assert first.samples == () and second.samples[0].place == "朝阳区"
    assert "[电话]" in second.samples[0].content and PHONE not in second.samples[0].content
    assert page.meta.title == "每月一题候选 2024-05"


def test_topic_page_without_themes_or_candidates() -> None:
    no_themes = topic_page(_topics(pl.DataFrame(), themes=0), MAY, AS_OF, NOW)
    none = topic_page(_topics(pl.DataFrame()), MAY, AS_OF, NOW)
    assert NOT_COMPUTED in no_themes.note and no_themes.candidates == ()
    assert none.note.startswith("2024-05 没有候选") and none.candidates == ()
