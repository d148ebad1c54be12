"""What the nightly 三率 step stored (schema v5), for the report pages that show it.

The rankings, risk and impact pages and the overview's summary read the newest stored night on
or before theirs (:func:`performance_run`); a page built from an older night says so, and a
warehouse where the step never ran gets a "not yet computed" note. Nothing is recomputed at
render: the pages show what the night stored (pure: built from the night's frames).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from analytics.performance.rates import wilson_interval
from analytics.privacy import mask_text
from reports import layout
from reports.frames import PerformanceFrames
from reports.model import NOT_COMPUTED, Link

NOT_RUN = f"三率、排名与成效{NOT_COMPUTED}: nightly 的 performance 步骤 (schema v5) 还未运行"
NO_CHOSEN_TOPICS = (
    "尚无选定的每月一题主题 (no chosen topics): 用 `weisu topics choose` 记录后，下一晚生成成效页"
)
#: How the impact call reads in Chinese.
CALLS = {
    "significant decline": "显著下降",
    "significant increase": "显著上升",
    "no significant change": "无显著变化",
}


@dataclass(frozen=True)
class PerformanceRun:
    """The stored night a page shows, and what it counted."""

    as_of: dt.date
    run_id: str
    month: dt.date
    data_through: dt.date
    computed_at: dt.datetime
    districts: int
    streets: int
    units: int
    watch_list: int
    impacts: int
    impacts_skipped: int

    @property
    def period(self) -> str:
        """``2026-11-01 至 2026-11-28``: the days of the month the night saw."""
        return f"{self.month:%Y-%m-%d} 至 {self.data_through:%Y-%m-%d}"


@dataclass(frozen=True)
class IntervalRate:
    """A rate with its counts and 95% Wilson interval (None bounds when nothing was counted)."""

    numerator: int
    denominator: int
    lo: float | None
    hi: float | None

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


def performance_run(frames: PerformanceFrames) -> PerformanceRun | None:
    """The stored night the pages show (the newest on or before theirs), if any."""
    rows = frames.run.to_dicts()
    return PerformanceRun(**rows[0]) if rows else None


def run_note(run: PerformanceRun | None, as_of: dt.date) -> str | None:
    """Why a page shows nothing, or an older night's figures; None when it shows its own."""
    if run is None:
        return NOT_RUN
    if run.as_of != as_of:
        return f"本夜未计算三率，以下为 {run.as_of} 夜间的结果 (shown from an earlier night)"
    return None


def interval_rate(row: dict[str, Any], numerator: str, denominator: str) -> IntervalRate:
    """The rate of two count columns of ``row`` with its Wilson interval."""
    k, n = int(row.get(numerator) or 0), int(row.get(denominator) or 0)
    bounds = wilson_interval(k, n)
    return IntervalRate(k, n, *(bounds or (None, None)))


def masked(value: Any) -> str:
    """Text from the warehouse as a page shows it: phone and ID numbers masked."""
    return mask_text(None if value is None else str(value)) or ""


@dataclass(frozen=True)
class ImpactLink:
    """A chosen topic on the overview: its page and the headline of its effect."""

    label: str
    href: str
    start: dt.date
    measured: bool
    call: str
    relative_change: float | None


@dataclass(frozen=True)
class PerformanceSummary:
    """The overview's pointer to the rankings, the watch list and the topic impact pages."""

    note: str | None
    period: str
    rankings: Link
    risk: Link
    districts: int
    streets: int
    units: int
    watch_list: int
    impacts: tuple[ImpactLink, ...]
    impacts_note: str | None


def impact_links(impacts: pl.DataFrame) -> tuple[ImpactLink, ...]:
    return tuple(
        ImpactLink(
            label=masked(r["label"] or r["theme_id"]),
            href=layout.impact_file(r["theme_id"]),
            start=r["start"],
            measured=r["status"] == "ok",
            call=CALLS.get(r["call"], r["call"]) if r["call"] else "尚不可测",
            relative_change=r["relative_change"],
        )
        for r in impacts.iter_rows(named=True)
    )


def performance_summary(frames: PerformanceFrames, as_of: dt.date) -> PerformanceSummary:
    """The overview's section: counts of the stored night and a link per chosen topic."""
    run = performance_run(frames)
    links = impact_links(frames.impacts)
    impacts_note = None
    if run is not None and not links:
        impacts_note = NO_CHOSEN_TOPICS
    return PerformanceSummary(
        note=run_note(run, as_of),
        period=run.period if run else "—",
        rankings=Link("三率与排名", layout.RANKINGS),
        risk=Link("治理类街乡风险清单", layout.RISK),
        districts=run.districts if run else 0,
        streets=run.streets if run else 0,
        units=run.units if run else 0,
        watch_list=run.watch_list if run else 0,
        impacts=links,
        impacts_note=impacts_note,
    )
