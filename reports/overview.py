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

import polars as pl

from analytics import vocabulary as vocab
from reports import analyses, layout, performance, quality
from reports.frames import NightData
from reports.model import PageMeta, RankedRow, RateCard, VolumeCard, VolumeTrend, Window, ranked_rows
from reports.nav import night_nav, page_meta
from reports.volume import (
    MartState,
    WeeklyRates,
    daily_totals,
    grouped_totals,
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


def district_ranking(places: pl.DataFrame, state: MartState, window: Window) -> tuple[RankedRow, ...]:
    """Districts over ``window`` (the frame's 30 days), each linked to its page."""
    if state.note is not None:
        return ()
    frame = grouped_totals(places, "district")
    hrefs = {d: layout.district_file(d) for d in frame["district"]}
    return ranked_rows(frame, "district", state.covers(window.last_year), hrefs)


def category_ranking(
    places: pl.DataFrame,
    state: MartState,
    window: Window,
    district: str | None = None,
    top: int | None = None,
) -> tuple[RankedRow, ...]:
    """First-level categories over ``window`` (inside ``district`` when given), largest first."""
    if state.note is not None:
        return ()
    frame = grouped_totals(places, "category_l1", district=district)
    return ranked_rows(frame, "category_l1", state.covers(window.last_year))[:top]


def nightly_overview(
    night: NightData,
    as_of: dt.date,
    month: vocab.Month,
    generated_at: dt.datetime,
    data_docs_href: str | None = None,
) -> NightlyOverview:
    """The overview context for the night ``as_of`` from the night's frames."""
    state = mart_state(night.volume.bounds)
    last_day = as_of - dt.timedelta(days=1)
    daily = daily_totals(night.volume.daily, state, last_day)
    windows = headline_windows(last_day)
    run = analyses.forecast_run(night.analyses)
    forecast = analyses.forecast_points(night.analyses)
    return NightlyOverview(
        meta=page_meta(f"夜间总览 {last_day}", as_of, generated_at, night_nav(month)),
        note=state.note,
        volumes=volume_cards(daily, state, windows),
        rates=rate_cards(daily, windows[1:]),
        trend=volume_trend(daily, last_day, state, forecast, run.run_id if run else None),
        weekly=weekly_rates(daily, last_day, state),
        districts=district_ranking(night.volume.places, state, windows[-1]),
        categories=category_ranking(night.volume.places, state, windows[-1], top=TOP_CATEGORIES),
        quality=quality.data_quality(night.quality, state, data_docs_href),
        warnings=analyses.early_warnings(night.analyses),
        hotspots=analyses.hotspots(night.analyses, as_of),
        performance=performance.performance_summary(night.performance, as_of),
    )
