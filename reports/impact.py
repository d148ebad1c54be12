"""One page per chosen 每月一题 topic: monthly complaints against the seasonal counterfactual with
its 95% band, the effect with its interval and p-value, and resolution and satisfaction before
and after the start — from what the nightly step stored (``topic_impacts``; pure). A topic the
step could not measure yet gets its page with the reason instead.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from analytics import vocabulary as vocab
from reports.frames import PerformanceFrames
from reports.model import PageMeta
from reports.nav import night_nav, page_meta
from reports.performance import CALLS, IntervalRate, interval_rate, masked


@dataclass(frozen=True)
class ImpactMonth:
    """One month of the topic: actual complaints and, from the start on, the expectation."""

    month: dt.date
    after_start: bool
    complaints: int
    expected: float | None
    expected_lo: float | None
    expected_hi: float | None


@dataclass(frozen=True)
class ImpactEffect:
    """Actual against expected over the months since the start, and the call."""

    post_first: dt.date
    post_last: dt.date
    actual: int
    expected: float
    expected_lo: float | None
    expected_hi: float | None
    relative_change: float | None
    relative_lo: float | None
    relative_hi: float | None
    p_value: float | None
    call: str
    pre_months: int
    trend: bool
    dispersion: float


@dataclass(frozen=True)
class PeriodRates:
    """Resolution and satisfaction over the months before or after the start."""

    label: str
    first: dt.date | None
    last: dt.date | None
    complaints: int
    resolution: IntervalRate
    satisfaction: IntervalRate


@dataclass(frozen=True)
class ImpactPage:
    meta: PageMeta
    theme_id: str
    label: str
    start: dt.date
    note: str | None
    effect: ImpactEffect | None
    months: tuple[ImpactMonth, ...]
    periods: tuple[PeriodRates, ...]


def _effect(row: dict[str, Any]) -> ImpactEffect | None:
    if row["status"] != "ok":
        return None
    return ImpactEffect(
        post_first=row["post_first"],
        post_last=row["post_last"],
        actual=int(row["actual"]),
        expected=row["expected"],
        expected_lo=row["expected_lo"],
        expected_hi=row["expected_hi"],
        relative_change=row["relative_change"],
        relative_lo=row["relative_lo"],
        relative_hi=row["relative_hi"],
        p_value=row["p_value"],
        call=CALLS.get(row["call"], row["call"]),
        pre_months=int(row["pre_months"]),
        trend=bool(row["trend"]),
        dispersion=row["dispersion"],
    )


def _period(
    row: dict[str, Any], period: str, label: str, first: dt.date | None, last: dt.date | None
) -> PeriodRates:
    return PeriodRates(
        label,
        first,
        last,
        int(row[f"complaints_{period}"] or 0),
        interval_rate(row, f"resolved_{period}", f"resolution_rated_{period}"),
        interval_rate(row, f"satisfied_{period}", f"satisfaction_rated_{period}"),
    )


def _months(series: pl.DataFrame) -> tuple[ImpactMonth, ...]:
    return tuple(
        ImpactMonth(
            r["month"],
            r["phase"] == "post",
            int(r["complaints"]),
            r["expected"],
            r["expected_lo"],
            r["expected_hi"],
        )
        for r in series.iter_rows(named=True)
    )


def impact_page(
    row: dict[str, Any],
    months: pl.DataFrame,
    as_of: dt.date,
    month: vocab.Month,
    generated_at: dt.datetime,
) -> ImpactPage:
    """The page of one stored ``topic_impacts`` row; ``months`` is its monthly series."""
    label = masked(row["label"] or row["theme_id"])
    meta = page_meta(f"每月一题成效 · {label}", as_of, generated_at, night_nav(month))
    effect = _effect(row)
    if effect is None:
        note = f"成效尚不可测 (not measurable yet): {row['note']}"
        return ImpactPage(meta, row["theme_id"], label, row["start"], note, None, (), ())
    periods = (
        _period(row, "before", "实施前", row["before_first"], row["before_last"]),
        _period(row, "after", "实施后", effect.post_first, effect.post_last),
    )
    return ImpactPage(meta, row["theme_id"], label, row["start"], None, effect, _months(months), periods)


def impact_pages(
    frames: PerformanceFrames, as_of: dt.date, month: vocab.Month, generated_at: dt.datetime
) -> tuple[ImpactPage, ...]:
    """A page per chosen topic of the newest stored night on or before ``as_of``."""
    return tuple(
        impact_page(
            row,
            frames.impact_months.filter(pl.col("theme_id") == row["theme_id"]),
            as_of,
            month,
            generated_at,
        )
        for row in frames.impacts.iter_rows(named=True)
    )
