"""The 每月一题 candidates page for one month: a ranked list with score components, then one
section per candidate (its details, monthly volume and recent complaints).

Candidates come from the ``topic_candidates`` table (schema v4, built by the themes analysis).
Its columns are read from the catalog: the page needs a month column (``month``), a score
(``score``) and a name (``label``/``name``/… or a ``theme_id`` named by ``themes``); every
other numeric column is shown as a score component, every other column as a detail. Monthly
volume and sample complaints need ``complaint_themes(theme_id, source, record_id)``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb
import polars as pl

from analytics import warehouse as wh
from analytics.privacy import mask_text
from reports import catalog as cat
from reports.generic import LABEL_COLUMNS, cell, first_column, hidden, ranked, with_theme_labels
from reports.model import NOT_COMPUTED, Cell, ComplaintRow, PageMeta
from reports.overview import night_nav, page_meta

MONTH_COLUMNS = ("month", "topic_month", "period")
SCORE_COLUMNS = ("score", "total_score")
NOT_COMPONENTS = ("rank", "theme_id", "candidate_id", "id")
SAMPLES = 5
CONTENT_CHARS = 200


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
class TopicPage:
    meta: PageMeta
    month: str
    note: str | None
    component_names: tuple[str, ...]
    candidates: tuple[Candidate, ...]
    evidence_note: str | None


def month_key(value: Any) -> str | None:
    """``YYYY-MM`` of a month column value (a date, ``2024-06[-01]`` text or ``202406``)."""
    if isinstance(value, dt.date | dt.datetime):
        return f"{value:%Y-%m}"
    if isinstance(value, int) and 190001 <= value <= 299912:
        return f"{value // 100:04d}-{value % 100:02d}"
    if isinstance(value, str) and len(value) >= 7:
        return value[:7]
    return None


def _components(row: dict[str, Any], names: tuple[str, ...]) -> tuple[Component, ...]:
    return tuple(Component(n, None if row[n] is None else float(row[n])) for n in names)


def _evidence(
    con: duckdb.DuckDBPyConnection, theme_id: Any, before: dt.date
) -> tuple[tuple[MonthPoint, ...], tuple[ComplaintRow, ...]]:
    params = {"theme_id": str(theme_id), "before": before}
    monthly = wh.frame(con, "reports/report_theme_monthly", params)
    samples = wh.frame(
        con, "reports/report_theme_samples", params | {"limit": SAMPLES, "max_chars": CONTENT_CHARS}
    )
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


def _candidates(
    con: duckdb.DuckDBPyConnection,
    frame: pl.DataFrame,
    score: str,
    components: tuple[str, ...],
    before: dt.date,
    with_evidence: bool,
) -> tuple[Candidate, ...]:
    label = first_column(frame, LABEL_COLUMNS) or "theme_id"
    shown = set(components) | {score, label, "rank"}
    out = []
    for i, row in enumerate(frame.iter_rows(named=True), start=1):
        details = tuple(
            Detail(c, cell(row[c]))
            for c in frame.columns
            if c not in shown and not hidden(c) and c not in MONTH_COLUMNS
        )
        monthly, samples = ((), ())
        if with_evidence and row.get("theme_id") is not None:
            monthly, samples = _evidence(con, row["theme_id"], before)
        out.append(
            Candidate(
                rank=int(row["rank"]) if row.get("rank") is not None else i,
                anchor=f"candidate-{i}",
                label=mask_text(str(row[label])) or "",
                score=None if row[score] is None else float(row[score]),
                components=_components(row, components),
                details=details,
                monthly=monthly,
                samples=samples,
            )
        )
    return tuple(out)


def _unavailable(meta: PageMeta, month: str, note: str) -> TopicPage:
    return TopicPage(meta, month, note, (), (), None)


#: Columns of the live ranking shown on the page: the score's components and a few details.
LIVE_DETAILS = (
    "partition",
    "n_month",
    "persistence_months",
    "resolved_rate",
    "satisfied_rate",
    "top_streets",
)


def live_candidates(con: duckdb.DuckDBPyConnection, month: str, top: int = 10) -> pl.DataFrame:
    """The themes analysis's ranking of ``month`` in the page's shape (components unprefixed)."""
    from analytics.themes.topics import month_topics

    first = dt.date.fromisoformat(f"{month}-01")
    ranked_frame = month_topics(con, first, top=top)
    if ranked_frame.is_empty():
        return pl.DataFrame(
            {"month": [], "rank": [], "theme_id": [], "label": [], "score": []},
            schema={
                "month": pl.String,
                "rank": pl.Int64,
                "theme_id": pl.String,
                "label": pl.String,
                "score": pl.Float64,
            },
        )
    components = [pl.col(c).alias(c.removeprefix("c_")) for c in ranked_frame.columns if c.startswith("c_")]
    streets = (
        [pl.col("top_streets").list.join("、").alias("top_streets")]
        if "top_streets" in ranked_frame.columns
        else []
    )
    return ranked_frame.select(
        pl.lit(month).alias("month"),
        "rank",
        "theme_id",
        "label",
        "score",
        *components,
        *[c for c in LIVE_DETAILS if c in ranked_frame.columns and c != "top_streets"],
        *streets,
    )


def topic_page(
    con: duckdb.DuckDBPyConnection, month: str, as_of: dt.date, generated_at: dt.datetime
) -> TopicPage:
    """The candidates of ``month`` (``YYYY-MM``), with evidence up to the day before ``as_of``."""
    catalog = cat.catalog(con)
    meta = page_meta(f"每月一题候选 {month}", as_of, generated_at, night_nav(as_of, month))
    live = (
        not catalog.has(cat.TOPIC_CANDIDATES)
        and catalog.has(cat.THEMES, "terms")
        and catalog.has(cat.COMPLAINT_THEMES)
    )
    if not live and not catalog.has(cat.TOPIC_CANDIDATES):
        return _unavailable(meta, month, f"每月一题候选{NOT_COMPUTED}: 主题分析 (schema v4) 还未运行")
    if live and not wh.frame(con, "reports/report_themes").height:
        return _unavailable(meta, month, f"每月一题候选{NOT_COMPUTED}: 主题分析还未运行 (no themes yet)")
    frame = live_candidates(con, month) if live else wh.frame(con, "reports/report_topic_candidates")
    month_col, score = first_column(frame, MONTH_COLUMNS), first_column(frame, SCORE_COLUMNS)
    themes = wh.frame(con, "reports/report_themes") if catalog.has(cat.THEMES) else None
    frame = with_theme_labels(frame, themes)
    if (
        month_col is None
        or score is None
        or not (first_column(frame, LABEL_COLUMNS) or "theme_id" in frame.columns)
    ):
        return _unavailable(
            meta,
            month,
            "topic_candidates 的列无法识别 (need a month, a score and "
            f"a label or theme_id; found: {', '.join(frame.columns)})",
        )
    keys = [month_key(v) for v in frame[month_col].to_list()]
    chosen = ranked(frame.filter(pl.Series([k == month for k in keys], dtype=pl.Boolean)))
    if chosen.is_empty():
        others = ", ".join(sorted({k for k in keys if k}, reverse=True)[:6]) or "无"
        return _unavailable(
            meta, month, f"{month} 没有候选 (no candidates; months with candidates: {others})"
        )
    details = set(LIVE_DETAILS) if live else set()
    components = tuple(
        c
        for c in chosen.columns
        if chosen.schema[c].is_numeric()
        and c != score
        and c not in details
        and c not in NOT_COMPONENTS
        and not hidden(c)
    )
    with_evidence = catalog.has(cat.COMPLAINT_THEMES, "theme_id", "source", "record_id")
    note = None if with_evidence else "complaint_themes 不可用: 无月度诉求量与样例 (no evidence)"
    return TopicPage(
        meta, month, None, components, _candidates(con, chosen, score, components, as_of, with_evidence), note
    )
