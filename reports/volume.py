"""Volume and 三率 over time from the daily_counts mart, for the city or one district.

One query fetches the daily totals a page needs (the trend window and the same days last
year); headline windows, weekly rates and the trend line are pure functions of that frame.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import polars as pl

from analytics import warehouse as wh
from reports import catalog as cat
from reports.model import (
    MEASURES,
    YEAR_LAG,
    Comparison,
    DayPoint,
    ForecastPoint,
    RateCard,
    ThreeRates,
    VolumeCard,
    VolumeTrend,
    Window,
    three_rates,
    trailing,
)

TREND_DAYS = 90
RATE_WEEKS = 26


@dataclass(frozen=True)
class MartState:
    """What the daily_counts mart covers; ``note`` explains an absent or empty mart."""

    first_day: dt.date | None
    last_day: dt.date | None
    lag_batches: int
    note: str | None

    def covers(self, window: Window) -> bool:
        """Whether the mart reaches back to the start of ``window``."""
        return self.first_day is not None and self.first_day <= window.start


@dataclass(frozen=True)
class WeeklyRates:
    """三率 of the 7 days ending on ``end``."""

    start: dt.date
    end: dt.date
    complaints: int
    rates: ThreeRates


def mart_state(con: duckdb.DuckDBPyConnection, catalog: cat.Catalog) -> MartState:
    if not catalog.has(cat.DAILY_COUNTS) or not catalog.has(cat.MART_WATERMARKS):
        return MartState(None, None, 0, "仓库尚无 daily_counts 汇总表 (schema v2): 请先运行 nightly 流程")
    first, last, mart_batch, newest = wh.frame(con, "reports/report_mart_bounds").row(0)
    if first is None:
        return MartState(
            None, None, int(newest), "daily_counts 汇总表为空: 请运行 nightly 或 `weisu backfill` 刷新"
        )
    return MartState(first, last, max(0, int(newest) - int(mart_batch)), None)


def headline_windows(last_day: dt.date) -> tuple[Window, ...]:
    return (trailing("昨日", last_day, 1), trailing("近7天", last_day, 7), trailing("近30天", last_day, 30))


def daily_totals(
    con: duckdb.DuckDBPyConnection, state: MartState, last_day: dt.date, district: str | None = None
) -> pl.DataFrame:
    """One row per day (zero-filled) from a year before the trend window to ``last_day``."""
    start = last_day - dt.timedelta(days=TREND_DAYS - 1) - YEAR_LAG
    days = pl.DataFrame({"day": pl.date_range(start, last_day, "1d", eager=True)})
    if state.note is not None:
        return days.with_columns(*(pl.lit(0, pl.Int64).alias(m) for m in MEASURES))
    found = wh.frame(
        con, "reports/report_daily_totals", {"start": start, "end": last_day, "district": district}
    )
    return days.join(found, on="day", how="left").fill_null(0)


def _window_sum(daily: pl.DataFrame, window: Window) -> dict[str, int]:
    inside = daily.filter(pl.col("day").is_between(window.start, window.end))
    return {m: int(inside[m].sum()) for m in MEASURES}


def volume_cards(
    daily: pl.DataFrame, state: MartState, windows: tuple[Window, ...]
) -> tuple[VolumeCard, ...]:
    cards = []
    for window in windows:
        last = window.last_year
        before = _window_sum(daily, last)["complaints"] if state.covers(last) else None
        cards.append(VolumeCard(window, Comparison(_window_sum(daily, window)["complaints"], before)))
    return tuple(cards)


def rate_cards(daily: pl.DataFrame, windows: tuple[Window, ...]) -> tuple[RateCard, ...]:
    return tuple(RateCard(w, three_rates(_window_sum(daily, w))) for w in windows)


def weekly_rates(
    daily: pl.DataFrame, last_day: dt.date, state: MartState, weeks: int = RATE_WEEKS
) -> tuple[WeeklyRates, ...]:
    """Rolling 7-day buckets ending on ``last_day``, oldest first; weeks before the mart are left out."""
    out = []
    for k in range(weeks - 1, -1, -1):
        window = trailing("", last_day - dt.timedelta(days=7 * k), 7)
        if not state.covers(window):
            continue
        sums = _window_sum(daily, window)
        out.append(WeeklyRates(window.start, window.end, sums["complaints"], three_rates(sums)))
    return tuple(out)


def _points(daily: pl.DataFrame, window: Window, first_day: dt.date) -> tuple[DayPoint, ...]:
    start = max(window.start, first_day)
    inside = daily.filter(pl.col("day").is_between(start, window.end))
    return tuple(DayPoint(r["day"], r["complaints"]) for r in inside.iter_rows(named=True))


def volume_trend(
    daily: pl.DataFrame,
    last_day: dt.date,
    state: MartState,
    forecast: tuple[ForecastPoint, ...],
    forecast_run: str | None,
) -> VolumeTrend:
    """The last :data:`TREND_DAYS` days (from the mart's first day on), last year's same days
    when the mart covers them all, and the forecast days after ``last_day``."""
    window = trailing("趋势", last_day, TREND_DAYS)
    now = _points(daily, window, state.first_day) if state.first_day else ()
    last = _points(daily, window.last_year, window.last_year.start) if state.covers(window.last_year) else ()
    upcoming = tuple(p for p in forecast if p.day > last_day)
    return VolumeTrend(now, last, upcoming, forecast_run if upcoming else None)
