"""The street watch list (治理类街乡 candidates) of a night: the riskiest streets with the reasons
that put each one there, in words and numbers, from what the nightly step stored
(``street_risk``; the components are explained in ``analytics.performance.risk``; pure).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, ClassVar

import polars as pl

from analytics import vocabulary as vocab
from reports import layout
from reports.frames import PerformanceFrames
from reports.model import PageMeta
from reports.nav import night_nav, page_meta
from reports.numbers import percent, thousands
from reports.performance import IntervalRate, interval_rate, masked, performance_run, run_note

#: Risk components in the order the page lists them, with their Chinese names.
COMPONENTS = {
    "problem_score": "反复出现的问题",
    "concentration": "诉求集中",
    "repeat_share": "重复诉求",
    "unresolved_excess": "未解决偏多",
    "dissatisfied_excess": "不满意偏多",
    "resolution_fall": "解决率下降",
}
THEME_PREFIX = "theme:"


@dataclass(frozen=True)
class RiskReason:
    """One component at or above the 80th percentile of streets, and its value in words."""

    name: str
    detail: str


@dataclass(frozen=True)
class Percentile:
    component: str
    value: float | None


@dataclass(frozen=True)
class RiskRow:
    CHART_FIELDS: ClassVar[tuple[str, ...]] = ("percentiles",)

    rank: int
    district: str
    street: str
    href: str | None
    complaints: int
    risk_score: float
    resolution: IntervalRate
    resolution_change: float | None
    repeat_share: float | None
    concentration: float | None
    problem: str
    problem_score: float | None
    reasons: tuple[RiskReason, ...]
    percentiles: tuple[Percentile, ...]


@dataclass(frozen=True)
class StreetPoint:
    """Every street as a point of the overview chart (resolution against its worst problem)."""

    name: str
    resolution: float | None
    problem_score: float | None
    on_watch_list: bool


@dataclass(frozen=True)
class RiskPage:
    CHART_FIELDS: ClassVar[tuple[str, ...]] = ("points",)

    meta: PageMeta
    month: str
    window: str
    note: str | None
    streets: int
    watch_list: tuple[RiskRow, ...]
    points: tuple[StreetPoint, ...]


def issue_label(issue: str | None, themes: dict[str, str]) -> str:
    """A category as it is; ``theme:<id>`` as the theme's label (its id when unknown)."""
    if not issue:
        return "—"
    if issue.startswith(THEME_PREFIX):
        theme_id = issue.removeprefix(THEME_PREFIX)
        return f"主题「{masked(themes.get(theme_id, theme_id))}」"
    return masked(issue)


def _detail(component: str, row: dict[str, Any], problem: str) -> str:
    if component == "problem_score":
        score = thousands(row["problem_score"], 1)
        return (
            f"{problem}: {thousands(row['problem_bad'])} 件未解决或重复 / "
            f"{thousands(row['issue_complaints'])} 件 (12个月, 评分 {score})"
        )
    if component == "concentration":
        return f"诉求量为本区街乡中位数的 {thousands(row['concentration'], 1)} 倍"
    if component == "repeat_share":
        return f"重复诉求占 {percent(row['repeat_share'])} ({thousands(row['repeats'])} 件)"
    if component == "unresolved_excess":
        z = thousands(row["unresolved_excess"], 1)
        return f"解决率 {percent(row['resolution'])}，低于全市水平 (z = {z})"
    if component == "dissatisfied_excess":
        return (
            f"满意率 {percent(row['satisfaction'])}，低于全市水平 "
            f"(z = {thousands(row['dissatisfied_excess'], 1)})"
        )
    change = row["resolution_change"]
    points = "—" if change is None else thousands(abs(change) * 100, 1)
    return f"解决率比前3个月{'低' if (change or 0) < 0 else '高'} {points} 个百分点"


def risk_row(row: dict[str, Any], themes: dict[str, str], hrefs: dict[str, str]) -> RiskRow:
    """A stored ``street_risk`` row with its reasons spelled out."""
    problem = issue_label(row["problem_issue"], themes)
    return RiskRow(
        rank=row["risk_rank"],
        district=masked(row["district"]),
        street=masked(row["street"]),
        href=hrefs.get(row["district"]),
        complaints=int(row["complaints"]),
        risk_score=float(row["risk_score"]),
        resolution=interval_rate(row, "resolved_n", "resolution_rated"),
        resolution_change=row["resolution_change"],
        repeat_share=row["repeat_share"],
        concentration=row["concentration"],
        problem=problem,
        problem_score=row["problem_score"],
        reasons=tuple(
            RiskReason(COMPONENTS.get(r, r), _detail(r, row, problem))
            for r in COMPONENTS
            if r in (row["reasons"] or [])
        ),
        percentiles=tuple(Percentile(name, row[f"pct_{c}"]) for c, name in COMPONENTS.items()),
    )


def theme_labels(themes: pl.DataFrame) -> dict[str, str]:
    """theme_id → label, from the themes frame."""
    return {str(k): str(v) for k, v in zip(themes["theme_id"], themes["label"], strict=True)}


def _point(row: dict[str, Any]) -> StreetPoint:
    return StreetPoint(
        f"{masked(row['district'])} {masked(row['street'])}",
        row["resolution"],
        row["problem_score"],
        bool(row["on_watch_list"]),
    )


def risk_page(
    frames: PerformanceFrames,
    themes: pl.DataFrame,
    districts: tuple[str, ...],
    as_of: dt.date,
    month: vocab.Month,
    generated_at: dt.datetime,
) -> RiskPage:
    """The watch list of the night ``as_of`` (``month`` is the 每月一题 month of the nav;
    ``themes`` name the theme issues; ``districts`` are those with a page, which rows link to)."""
    run = performance_run(frames)
    meta = page_meta(
        f"治理类街乡风险清单 {run.month:%Y-%m}" if run else "治理类街乡风险清单",
        as_of,
        generated_at,
        night_nav(month),
    )
    if run is None:
        return RiskPage(meta, "—", "—", run_note(run, as_of), 0, (), ())
    frame = frames.street_risk
    labels = theme_labels(themes)
    hrefs = {d: layout.district_file(d) for d in districts}
    watch = frame.filter(pl.col("on_watch_list"))
    window = f"{frame['window_start'][0]:%Y-%m} 至 {frame['window_end'][0]:%Y-%m}" if frame.height else "—"
    return RiskPage(
        meta=meta,
        month=f"{run.month:%Y-%m}",
        window=window,
        note=run_note(run, as_of),
        streets=frame.height,
        watch_list=tuple(risk_row(r, labels, hrefs) for r in watch.iter_rows(named=True)),
        points=tuple(_point(r) for r in frame.iter_rows(named=True)),
    )
