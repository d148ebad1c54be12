"""One page per district: volume vs last year, categories, streets ranked on volume and 三率,
complaints still open, and its forecast, early warnings and hotspots when those exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import ClassVar

import duckdb

from analytics import warehouse as wh
from analytics.privacy import mask_text
from reports import analyses
from reports import catalog as cat
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
from reports.overview import category_ranking, grouped_totals, night_nav, page_meta
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
    con: duckdb.DuckDBPyConnection, state: MartState, window: Window, district: str
) -> tuple[RankedRow, ...]:
    if state.note is not None:
        return ()
    frame = grouped_totals(con, "street", window, district=district)
    return ranked_rows(frame, "street", state.covers(window.last_year))


def recent_complaints(
    con: duckdb.DuckDBPyConnection,
    catalog: cat.Catalog,
    window: Window,
    district: str,
    limit: int = RECENT_COMPLAINTS,
) -> tuple[ComplaintRow, ...]:
    """The newest complaints of the window not marked resolved, masked again (defence in depth)."""
    if not catalog.has("complaints"):
        return ()
    frame = wh.frame(
        con,
        "reports/report_recent_complaints",
        {
            "district": district,
            "start": window.start,
            "end": window.end,
            "limit": limit,
            "max_chars": CONTENT_CHARS,
        },
    )
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
    con: duckdb.DuckDBPyConnection, district: str, as_of: dt.date, month: str, generated_at: dt.datetime
) -> DistrictPage:
    """The page context of ``district`` for the night ``as_of``."""
    catalog = cat.catalog(con)
    state = mart_state(con, catalog)
    last_day = as_of - dt.timedelta(days=1)
    daily = daily_totals(con, state, last_day, district)
    windows = headline_windows(last_day)
    run = analyses.forecast_run(con, catalog, as_of)
    return DistrictPage(
        meta=page_meta(f"{district} {last_day}", as_of, generated_at, night_nav(as_of, month)),
        district=district,
        note=state.note,
        volumes=volume_cards(daily, state, windows),
        rates=rate_cards(daily, windows[1:]),
        trend=volume_trend(
            daily, last_day, state, analyses.forecast_points(con, run, district), run.run_id if run else None
        ),
        weekly=weekly_rates(daily, last_day, state),
        categories=category_ranking(con, state, windows[-1], district=district),
        streets=street_ranking(con, state, windows[-1], district),
        recent=recent_complaints(con, catalog, windows[-1], district),
        warnings=analyses.early_warnings(con, run, catalog, district=district),
        hotspots=analyses.hotspots(con, catalog, as_of, district=district),
    )


def report_districts(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> tuple[str, ...]:
    """Districts with complaints in the 30 days before ``as_of`` (each gets a page)."""
    catalog = cat.catalog(con)
    state = mart_state(con, catalog)
    if state.note is not None:
        return ()
    window = headline_windows(as_of - dt.timedelta(days=1))[-1]
    frame = grouped_totals(con, "district", window)
    return tuple(frame.filter(frame["complaints"] > 0)["district"].to_list())
