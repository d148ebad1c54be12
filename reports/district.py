"""One page per district: volume vs last year, categories, streets ranked on volume and 三率,
complaints still open, and its forecast, early warnings and hotspots when those exist (pure:
built from the night's frames).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import polars as pl

from analytics import vocabulary as vocab
from analytics.privacy import mask_text
from reports import analyses
from reports.frames import AnalysisFrames, VolumeFrames
from reports.model import (
    ComplaintRow,
    PageMeta,
    RankedRow,
    RateCard,
    VolumeCard,
    VolumeTrend,
    Window,
    ranked_rows,
)
from reports.nav import night_nav, page_meta
from reports.overview import category_ranking
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

RECENT_COMPLAINTS = 10
CONTENT_CHARS = 200


@dataclass(frozen=True)
class DistrictPage:
    CHART_FIELDS: ClassVar[tuple[str, ...]] = ("trend",)

    meta: PageMeta
    district: str
    note: str | None
    volumes: tuple[VolumeCard, ...]
    rates: tuple[RateCard, ...]
    trend: VolumeTrend
    weekly: tuple[WeeklyRates, ...]
    categories: tuple[RankedRow, ...]
    streets: tuple[RankedRow, ...]
    recent: tuple[ComplaintRow, ...]
    warnings: analyses.EarlyWarnings
    hotspots: analyses.Hotspots


def street_ranking(
    places: pl.DataFrame, state: MartState, window: Window, district: str
) -> tuple[RankedRow, ...]:
    if state.note is not None:
        return ()
    frame = grouped_totals(places, "street", district=district)
    return ranked_rows(frame, "street", state.covers(window.last_year))


def recent_complaints(open_complaints: pl.DataFrame, district: str) -> tuple[ComplaintRow, ...]:
    """The district's newest complaints not marked resolved, masked again (defence in depth)."""
    frame = open_complaints.filter(pl.col("district") == district)
    return tuple(
        ComplaintRow(
            received_at=r["received_at"],
            place=r["street"],
            category=" / ".join(c for c in (r["category_l1"], r["category_l2"]) if c),
            status=r["status"],
            content=mask_text(r["content"]) or "",
        )
        for r in frame.iter_rows(named=True)
    )


def district_page(
    volume: VolumeFrames,
    analysis: AnalysisFrames,
    district: str,
    as_of: dt.date,
    month: vocab.Month,
    generated_at: dt.datetime,
) -> DistrictPage:
    """The page context of ``district`` for the night ``as_of``, from the night's frames."""
    state = mart_state(volume.bounds)
    last_day = as_of - dt.timedelta(days=1)
    daily = daily_totals(volume.daily, state, last_day, district)
    windows = headline_windows(last_day)
    run = analyses.forecast_run(analysis)
    forecast = analyses.forecast_points(analysis, district)
    return DistrictPage(
        meta=page_meta(f"{district} {last_day}", as_of, generated_at, night_nav(month)),
        district=district,
        note=state.note,
        volumes=volume_cards(daily, state, windows),
        rates=rate_cards(daily, windows[1:]),
        trend=volume_trend(daily, last_day, state, forecast, run.run_id if run else None),
        weekly=weekly_rates(daily, last_day, state),
        categories=category_ranking(volume.places, state, windows[-1], district=district),
        streets=street_ranking(volume.places, state, windows[-1], district),
        recent=recent_complaints(volume.open_complaints, district),
        warnings=analyses.early_warnings(analysis, district=district),
        hotspots=analyses.hotspots(analysis, as_of, district=district),
    )
