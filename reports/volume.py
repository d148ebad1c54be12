"""Volume and 三率 over time from the daily_counts mart, for the city or one district (pure).

The night's frames (:class:`reports.frames.VolumeFrames`) hold daily totals per district over
the trend window and the same days last year, and per-place totals over the 30-day window;
headline windows, weekly rates, the trend line and every ranking are pure functions of them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from reports.frames import VolumeFrames
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
EMPTY_MART = "daily_counts 汇总表为空: 请运行 nightly 或 `weisu backfill` 刷新"


@dataclass(frozen=True)
class MartState:
    """What the daily_counts mart covers; ``note`` explains an empty mart."""

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


def mart_state(bounds: pl.DataFrame) -> MartState:
    """The state from the mart's bounds row (first_day, last_day, mart_batch_id, newest_batch_id)."""
    first, last, mart_batch, newest = bounds.row(0)
    if first is None:
        return MartState(None, None, int(newest), EMPTY_MART)
    return MartState(first, last, max(0, int(newest) - int(mart_batch)), None)


def headline_windows(last_day: dt.date) -> tuple[Window, ...]:
    return (trailing("昨日", last_day, 1), trailing("近7天", last_day, 7), trailing("近30天", last_day, 30))


def report_window(as_of: dt.date) -> Window:
    """The 30 days before the night ``as_of``: what rankings and district pages cover."""
    return headline_windows(as_of - dt.timedelta(days=1))[-1]


def trend_start(last_day: dt.date) -> dt.date:
    """The first day the daily totals must reach back to: a year before the trend window."""
    return last_day - dt.timedelta(days=TREND_DAYS - 1) - YEAR_LAG


def daily_totals(
    daily: pl.DataFrame, state: MartState, last_day: dt.date, district: str | None = None
) -> pl.DataFrame:
    """One row per day (zero-filled) from :func:`trend_start` to ``last_day``, for the city
    (every district summed) or ``district``."""
    days = pl.DataFrame({"day": pl.date_range(trend_start(last_day), last_day, "1d", eager=True)})
    if state.note is not None:
        return days.with_columns(*(pl.lit(0, pl.Int64).alias(m) for m in MEASURES))
    rows = daily if district is None else daily.filter(pl.col("district") == district)
    found = rows.group_by("day").agg(*(pl.col(m).sum().cast(pl.Int64) for m in MEASURES))
    return days.join(found, on="day", how="left").fill_null(0).sort("day")


def grouped_totals(places: pl.DataFrame, by: str, district: str | None = None) -> pl.DataFrame:
    """Totals per ``by`` (district, street or category_l1), inside ``district`` when given,
    largest first (ties by name, a missing name last)."""
    rows = places if district is None else places.filter(pl.col("district") == district)
    sums = [pl.col(m).sum().cast(pl.Int64) for m in (*MEASURES, "complaints_last_year")]
    return (
        rows.group_by(by)
        .agg(*sums)
        .sort(["complaints", by], descending=[True, False], nulls_last=True, maintain_order=True)
    )


def report_districts(frames: VolumeFrames) -> tuple[str, ...]:
    """Districts with complaints in the 30 days before the night (each gets a page)."""
    if mart_state(frames.bounds).note is not None:
        return ()
    frame = grouped_totals(frames.places, "district")
    return tuple(frame.filter(pl.col("complaints") > 0)["district"].to_list())


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
