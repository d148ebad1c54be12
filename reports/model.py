"""Small typed pieces the report contexts share: windows, 三率, ranked rows, optional sections.

Everything here is a frozen dataclass or a pure function; nothing reads the warehouse.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

#: Last year's comparison window: 52 weeks back, so weekdays line up (as the forecasts do).
YEAR_LAG = dt.timedelta(days=364)

#: The measures every 三率 query returns, in this order.
MEASURES = ("complaints", "responded", "resolved", "resolved_rated", "satisfied", "satisfied_rated")

NOT_COMPUTED = "尚未计算 (not yet computed)"


@dataclass(frozen=True)
class Window:
    """An inclusive day range and its label (``昨日``, ``近7天`` …)."""

    label: str
    start: dt.date
    end: dt.date

    @property
    def last_year(self) -> Window:
        return Window(f"{self.label} (去年同期)", self.start - YEAR_LAG, self.end - YEAR_LAG)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def trailing(label: str, last_day: dt.date, days: int) -> Window:
    """The ``days`` days ending on ``last_day``."""
    return Window(label, last_day - dt.timedelta(days=days - 1), last_day)


@dataclass(frozen=True)
class Rate:
    """A rate with its numerator and denominator; ``value`` is None when nothing was counted."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class ThreeRates:
    """三率: 响应率 (responded / complaints), 解决率 and 满意率 (over the complaints rated)."""

    response: Rate
    resolution: Rate
    satisfaction: Rate


def three_rates(row: dict[str, Any]) -> ThreeRates:
    """三率 from a row holding the :data:`MEASURES` (missing or null counts as 0)."""
    n = {k: int(row.get(k) or 0) for k in MEASURES}
    return ThreeRates(
        response=Rate(n["responded"], n["complaints"]),
        resolution=Rate(n["resolved"], n["resolved_rated"]),
        satisfaction=Rate(n["satisfied"], n["satisfied_rated"]),
    )


@dataclass(frozen=True)
class Comparison:
    """A count and the same window last year (None when the history does not reach back)."""

    count: int
    last_year: int | None

    @property
    def change(self) -> float | None:
        if self.last_year is None or self.last_year == 0:
            return None
        return self.count / self.last_year - 1


@dataclass(frozen=True)
class RankedRow:
    """One place or category over the report window: volume vs last year, and its 三率."""

    rank: int
    name: str
    href: str | None
    volume: Comparison
    share: float | None
    rates: ThreeRates


def ranked_rows(
    frame: pl.DataFrame, key: str, covers_last_year: bool, hrefs: dict[str, str] | None = None
) -> tuple[RankedRow, ...]:
    """Rows of a grouped totals frame (``key`` + measures + ``complaints_last_year``), largest first."""
    if frame.is_empty():
        return ()
    ordered = frame.filter(pl.col("complaints") > 0).sort(["complaints", key], descending=[True, False])
    total = int(ordered["complaints"].sum())
    rows = []
    for i, row in enumerate(ordered.iter_rows(named=True), start=1):
        name = row[key] or "(未填)"
        last = int(row["complaints_last_year"] or 0) if covers_last_year else None
        rows.append(
            RankedRow(
                rank=i,
                name=name,
                href=(hrefs or {}).get(row[key]),
                volume=Comparison(int(row["complaints"]), last),
                share=row["complaints"] / total if total else None,
                rates=three_rates(row),
            )
        )
    return tuple(rows)


@dataclass(frozen=True)
class Cell:
    """One value of a generic table: the text to show and the value to sort by."""

    text: str
    sort: str
    numeric: bool


@dataclass(frozen=True)
class GenericTable:
    """A table whose columns come from the warehouse (optional analytics tables)."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class DayPoint:
    """One day of a volume line."""

    day: dt.date
    complaints: int


@dataclass(frozen=True)
class ForecastPoint:
    """One forecast day with its 80% interval."""

    day: dt.date
    yhat: float
    lower: float
    upper: float


@dataclass(frozen=True)
class VolumeTrend:
    """Daily volume over a window, the same days last year, and any stored forecast after it."""

    days: tuple[DayPoint, ...]
    last_year: tuple[DayPoint, ...]
    forecast: tuple[ForecastPoint, ...]
    forecast_run: str | None


@dataclass(frozen=True)
class Link:
    label: str
    href: str


@dataclass(frozen=True)
class PageMeta:
    """What every page shows in its head and navigation; ``up`` leads to the shared folders."""

    title: str
    as_of: dt.date
    data_through: dt.date
    generated_at: dt.datetime
    up: str
    nav: tuple[Link, ...]


@dataclass(frozen=True)
class VolumeCard:
    """A headline volume: the window, its count and last year's."""

    window: Window
    volume: Comparison


@dataclass(frozen=True)
class RateCard:
    window: Window
    rates: ThreeRates


@dataclass(frozen=True)
class ComplaintRow:
    """One complaint to read: text masked again at build time, escaped by the template."""

    received_at: dt.datetime
    place: str
    category: str
    status: str
    content: str
