"""The nightly overview: volume vs last year, 三率 trend, districts ranked, data quality, the
early warnings and hotspots when those analyses have run, and links to the month's 三率
rankings, the street watch list and each chosen topic's impact page.

``as_of`` is the night's run date, as in the nightly flow: the newest complete day it reports
on is the day before (``data_through``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import duckdb
import polars as pl

from analytics import warehouse as wh
from reports import analyses, layout, performance, quality
from reports import catalog as cat
from reports.model import (
    Link,
    PageMeta,
    RankedRow,
    RateCard,
    VolumeCard,
    VolumeTrend,
    Window,
    ranked_rows,
)
from reports.volume import (
    MartState,
    WeeklyRates,
    daily_totals,
    headline_windows,
    mart_state,
    rate_cards,
    volume_cards,
    volume_trend,
    weekly_rates,
)

TOP_CATEGORIES = 12


@dataclass(frozen=True)
class NightlyOverview:
    #: Fields drawn only as charts (the template contract test allows them to stay unused).
    CHART_FIELDS: ClassVar[tuple[str, ...]] = ("trend",)

    meta: PageMeta
    note: str | None
    volumes: tuple[VolumeCard, ...]
    rates: tuple[RateCard, ...]
    trend: VolumeTrend
    weekly: tuple[WeeklyRates, ...]
    districts: tuple[RankedRow, ...]
    categories: tuple[RankedRow, ...]
    quality: quality.DataQuality
    warnings: analyses.EarlyWarnings
    hotspots: analyses.Hotspots
    performance: performance.PerformanceSummary


def page_meta(title: str, as_of: dt.date, generated_at: dt.datetime, nav: tuple[Link, ...]) -> PageMeta:
    return PageMeta(
        title=title,
        as_of=as_of,
        data_through=as_of - dt.timedelta(days=1),
        generated_at=generated_at,
        up=layout.UP,
        nav=nav,
    )


def night_nav(as_of: dt.date, month: str) -> tuple[Link, ...]:
    """Links every page of a night carries."""
    return (
        Link("全部报告", layout.UP + layout.INDEX),
        Link("夜间总览", layout.OVERVIEW),
        Link(f"每月一题候选 {month}", layout.topics_file(month)),
        Link("三率与排名", layout.RANKINGS),
        Link("街乡风险清单", layout.RISK),
    )


def grouped_totals(
    con: duckdb.DuckDBPyConnection, by: str, window: Window, district: str | None = None
) -> pl.DataFrame:
    """Totals per ``by`` (district, street or category_l1) over ``window`` and the same days
    last year, inside ``district`` when given; the key column is named ``by``."""
    params = {
        "by": by,
        "start": window.start,
        "end": window.end,
        "ly_start": window.last_year.start,
        "ly_end": window.last_year.end,
        "district": district,
    }
    return wh.frame(con, "reports/report_place_totals", params).rename({"key": by})


def district_ranking(
    con: duckdb.DuckDBPyConnection, state: MartState, window: Window
) -> tuple[RankedRow, ...]:
    if state.note is not None:
        return ()
    frame = grouped_totals(con, "district", window)
    hrefs = {d: layout.district_file(d) for d in frame["district"]}
    return ranked_rows(frame, "district", state.covers(window.last_year), hrefs)


def category_ranking(
    con: duckdb.DuckDBPyConnection,
    state: MartState,
    window: Window,
    district: str | None = None,
    top: int | None = None,
) -> tuple[RankedRow, ...]:
    if state.note is not None:
        return ()
    frame = grouped_totals(con, "category_l1", window, district=district)
    return ranked_rows(frame, "category_l1", state.covers(window.last_year))[:top]


def nightly_overview(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    month: str,
    generated_at: dt.datetime,
    data_docs_href: str | None = None,
) -> NightlyOverview:
    """The overview context for the night ``as_of`` (pure but for reading the warehouse)."""
    catalog = cat.catalog(con)
    state = mart_state(con, catalog)
    last_day = as_of - dt.timedelta(days=1)
    daily = daily_totals(con, state, last_day)
    windows = headline_windows(last_day)
    volumes = volume_cards(daily, state, windows)
    run = analyses.forecast_run(con, catalog, as_of)
    return NightlyOverview(
        meta=page_meta(f"夜间总览 {last_day}", as_of, generated_at, night_nav(as_of, month)),
        note=state.note,
        volumes=volumes,
        rates=rate_cards(daily, windows[1:]),
        trend=volume_trend(
            daily, last_day, state, analyses.forecast_points(con, run), run.run_id if run else None
        ),
        weekly=weekly_rates(daily, last_day, state),
        districts=district_ranking(con, state, windows[-1]),
        categories=category_ranking(con, state, windows[-1], top=TOP_CATEGORIES),
        quality=quality.data_quality(con, catalog, as_of, state, data_docs_href),
        warnings=analyses.early_warnings(con, run, catalog),
        hotspots=analyses.hotspots(con, catalog, as_of),
        performance=performance.performance_summary(con, catalog, as_of),
    )
