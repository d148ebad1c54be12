"""The 每月一题 candidates page for one month: a ranked list with score components, then one
section per candidate (its details, monthly volume and recent complaints).

Candidates are the themes analysis's ranking of the month (``analytics.themes.topics``), loaded
with their evidence by :mod:`reports.queries`; this module only shapes them (pure). Every
``c_*`` score component is shown unprefixed, a few other columns as details.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

from analytics import vocabulary as vocab
from analytics.privacy import mask_text
from reports.frames import TopicFrames
from reports.generic import cell, hidden
from reports.model import NOT_COMPUTED, Cell, ComplaintRow, PageMeta
from reports.nav import night_nav, page_meta

#: How many candidates a page lists, and the evidence each one carries.
TOP = 10
SAMPLES = 5
CONTENT_CHARS = 200
#: Columns of the ranking shown as a candidate's details (besides its theme id).
LIVE_DETAILS = (
    "partition",
    "n_month",
    "persistence_months",
    "resolved_rate",
    "satisfied_rate",
    "top_streets",
)
#: Columns the page shows in its own places, never as a component or a detail.
SHOWN = ("rank", "label", "score", "partial")


@dataclass(frozen=True)
class Component:
    name: str
    value: float | None


@dataclass(frozen=True)
class Detail:
    name: str
    value: Cell


@dataclass(frozen=True)
class MonthPoint:
    month: dt.date
    complaints: int


@dataclass(frozen=True)
class Candidate:
    rank: int
    anchor: str
    label: str
    score: float | None
    components: tuple[Component, ...]
    details: tuple[Detail, ...]
    monthly: tuple[MonthPoint, ...]
    samples: tuple[ComplaintRow, ...]


@dataclass(frozen=True)
class Burst:
    label: str
    place: str
    week: dt.date
    complaints: int | None
    callers: int
    expected: float


@dataclass(frozen=True)
class TopicPage:
    meta: PageMeta
    month: vocab.Month
    note: str | None
    component_names: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    #: The month was still running when it was ranked.
    partial: bool = False
    bursts: tuple[Burst, ...] = ()


def candidate_frame(ranking: pl.DataFrame) -> pl.DataFrame:
    """The themes analysis's ranking in the page's shape, by rank: components unprefixed, the
    top streets as one text."""
    components = [pl.col(c).alias(c.removeprefix("c_")) for c in ranking.columns if c.startswith("c_")]
    streets = (
        [pl.col("top_streets").list.join("、").alias("top_streets")]
        if "top_streets" in ranking.columns
        else []
    )
    details = [c for c in LIVE_DETAILS if c in ranking.columns and c != "top_streets"]
    return ranking.select("rank", "theme_id", "label", "score", *components, *details, *streets).sort(
        "rank", nulls_last=True, maintain_order=True
    )


def _evidence(frames: TopicFrames, theme_id: str) -> tuple[tuple[MonthPoint, ...], tuple[ComplaintRow, ...]]:
    monthly = frames.theme_months.filter(pl.col("theme_id") == theme_id)
    samples = frames.theme_samples.filter(pl.col("theme_id") == theme_id)
    return (
        tuple(MonthPoint(r["month"], r["complaints"]) for r in monthly.iter_rows(named=True)),
        tuple(
            ComplaintRow(
                r["received_at"],
                f"{r['district']} {r['street']}".strip(),
                r["category_l1"],
                "",
                mask_text(r["content"]) or "",
            )
            for r in samples.iter_rows(named=True)
        ),
    )


def _candidate(
    i: int, row: dict[str, Any], columns: list[str], components: tuple[str, ...], frames: TopicFrames
) -> Candidate:
    shown = {*components, *SHOWN}
    monthly, samples = _evidence(frames, str(row["theme_id"]))
    return Candidate(
        rank=int(row["rank"]) if row["rank"] is not None else i,
        anchor=f"candidate-{i}",
        label=mask_text(str(row["label"])) or "",
        score=None if row["score"] is None else float(row["score"]),
        components=tuple(Component(n, None if row[n] is None else float(row[n])) for n in components),
        details=tuple(Detail(c, cell(row[c])) for c in columns if c not in shown and not hidden(c)),
        monthly=monthly,
        samples=samples,
    )


def topic_page(
    frames: TopicFrames, month: vocab.Month, as_of: dt.date, generated_at: dt.datetime
) -> TopicPage:
    """The candidates of ``month`` with evidence up to the day before ``as_of``."""
    meta = page_meta(f"每月一题候选 {month:%Y-%m}", as_of, generated_at, night_nav(month))
    bursts = _bursts(frames.bursts)
    if frames.themes.is_empty():
        note = f"每月一题候选{NOT_COMPUTED}: 主题分析还未运行 (no themes yet)"
        return TopicPage(meta, month, note, (), (), bursts=bursts)
    if frames.candidates.is_empty():
        note = f"{month:%Y-%m} 没有候选 (no candidates; months with candidates: 无)"
        return TopicPage(meta, month, note, (), (), bursts=bursts)
    chosen = candidate_frame(frames.candidates)
    components = tuple(
        c
        for c in chosen.columns
        if chosen.schema[c].is_numeric() and c not in SHOWN and c not in LIVE_DETAILS and not hidden(c)
    )
    candidates = tuple(
        _candidate(i, row, chosen.columns, components, frames)
        for i, row in enumerate(chosen.iter_rows(named=True), start=1)
    )
    partial = "partial" in frames.candidates.columns and bool(frames.candidates["partial"].any())
    return TopicPage(meta, month, None, components, candidates, partial, bursts)


def _bursts(frame: pl.DataFrame) -> tuple[Burst, ...]:
    """Recent street-week bursts, strongest first, labels and places masked like any text."""
    if frame.is_empty():
        return ()
    return tuple(
        Burst(
            label=mask_text(str(r["label"] or r["key"])) or "",
            place=f"{r['district'] or ''} {r['street']}".strip(),
            week=r["week"],
            complaints=r["complaints"],
            callers=int(r["callers"]),
            expected=float(r["expected"]),
        )
        for r in frame.iter_rows(named=True)
    )
