"""The 三率 and rankings page of a night's month: districts ranked with movement, the citywide
top and bottom streets, and the handling units at both ends — each rate with its counts and
95% Wilson interval, from what the nightly step stored (``unit_rankings``; pure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from analytics import vocabulary as vocab
from analytics.performance.rates import RATE_COUNTS
from analytics.vocabulary import AreaLevel
from reports import layout
from reports.frames import PerformanceFrames
from reports.model import PageMeta
from reports.nav import night_nav, page_meta
from reports.performance import IntervalRate, interval_rate, masked, performance_run, run_note

TOP_STREETS = 15
TOP_UNITS = 15
#: Streets and units listed at either end citywide need this many complaints in the month: with
#: a handful of tickets a 100% or 33% rate says little (the table still shows every count).
MIN_COMPLAINTS = 30


@dataclass(frozen=True)
class Movement:
    """Rank a month before and the change (positive = moved up); ``new_entry`` when unranked then."""

    previous: int | None
    change: int | None
    new_entry: bool


@dataclass(frozen=True)
class UnitRow:
    """One ranked unit: 三率, on-time rates and the composite it is ranked by."""

    rank: int | None
    name: str
    district: str
    href: str | None
    complaints: int
    response: IntervalRate
    resolution: IntervalRate
    satisfaction: IntervalRate
    dispatch_on_time: IntervalRate
    close_on_time: IntervalRate
    composite: float | None
    movement: Movement


@dataclass(frozen=True)
class RankedLevel:
    """The rows shown of one level and how many units it has (ranked or not)."""

    rows: tuple[UnitRow, ...]
    ranked: int
    unranked: int


@dataclass(frozen=True)
class RankingsPage:
    meta: PageMeta
    month: str
    period: str
    note: str | None
    min_complaints: int
    districts: RankedLevel
    top_streets: RankedLevel
    bottom_streets: RankedLevel
    top_units: RankedLevel
    bottom_units: RankedLevel


def _name(row: dict[str, Any], level: AreaLevel) -> str:
    column = {
        AreaLevel.DISTRICT: vocab.DISTRICT,
        AreaLevel.STREET: vocab.STREET,
        AreaLevel.UNIT: vocab.HANDLING_UNIT,
    }[level]
    return masked(row[column])


def unit_row(row: dict[str, Any], level: AreaLevel, hrefs: dict[str, str]) -> UnitRow:
    """A stored ``unit_rankings`` row as the page shows it (names masked)."""
    rates = {name: interval_rate(row, num, den) for name, (num, den) in RATE_COUNTS.items()}
    return UnitRow(
        rank=row["rank"],
        name=_name(row, level),
        district=masked(row[vocab.DISTRICT]),
        href=hrefs.get(row[vocab.DISTRICT] or "") if level is not AreaLevel.UNIT else None,
        complaints=int(row["complaints"]),
        composite=row["composite"],
        movement=Movement(row["previous_rank"], row["rank_change"], bool(row["new_entry"])),
        **rates,
    )


def _level(
    frame: pl.DataFrame,
    level: AreaLevel,
    hrefs: dict[str, str],
    head: int | None = None,
    tail: int | None = None,
    min_complaints: int = 0,
) -> RankedLevel:
    """Ranked rows in rank order: all, the first ``head`` or the last ``tail`` (worst first) of
    those with at least ``min_complaints``; the counts cover every unit of the level."""
    ranked = frame.filter(pl.col("rank").is_not_null()).sort("rank", maintain_order=True)
    listed = ranked.filter(pl.col("complaints") >= min_complaints)
    shown = listed.head(head) if head else listed
    if tail:
        shown = listed.tail(tail).reverse()
    rows = tuple(unit_row(r, level, hrefs) for r in shown.iter_rows(named=True))
    return RankedLevel(rows, ranked.height, frame.height - ranked.height)


def _empty() -> RankedLevel:
    return RankedLevel((), 0, 0)


def rankings_page(
    frames: PerformanceFrames,
    districts: tuple[str, ...],
    as_of: dt.date,
    month: vocab.Month,
    generated_at: dt.datetime,
    top_streets: int = TOP_STREETS,
    top_units: int = TOP_UNITS,
    min_complaints: int = MIN_COMPLAINTS,
) -> RankingsPage:
    """The page context of the night ``as_of`` (``month`` is the 每月一题 month of the nav;
    ``districts`` are those with a page, which rows link to)."""
    run = performance_run(frames)
    title = f"三率与排名 {run.month:%Y-%m}" if run else "三率与排名"
    meta = page_meta(title, as_of, generated_at, night_nav(month))
    if run is None:
        return RankingsPage(meta, "—", "—", run_note(run, as_of), min_complaints, *[_empty()] * 5)
    hrefs = {d: layout.district_file(d) for d in districts}

    def level(kind: AreaLevel) -> pl.DataFrame:
        return frames.rankings.filter(pl.col("level") == kind.value)

    streets, units = level(AreaLevel.STREET), level(AreaLevel.UNIT)
    return RankingsPage(
        meta=meta,
        month=f"{run.month:%Y-%m}",
        period=run.period,
        note=run_note(run, as_of),
        min_complaints=min_complaints,
        districts=_level(level(AreaLevel.DISTRICT), AreaLevel.DISTRICT, hrefs),
        top_streets=_level(streets, AreaLevel.STREET, hrefs, top_streets, None, min_complaints),
        bottom_streets=_level(streets, AreaLevel.STREET, hrefs, None, top_streets, min_complaints),
        top_units=_level(units, AreaLevel.UNIT, hrefs, top_units, None, min_complaints),
        bottom_units=_level(units, AreaLevel.UNIT, hrefs, None, top_units, min_complaints),
    )
