"""每月一题 candidates from the warehouse: figures in, ranking, evidence for the top few."""

from __future__ import annotations

from datetime import date

import duckdb
import polars as pl

from analytics import privacy
from analytics.themes import candidates, store


def month_topics(
    con: duckdb.DuckDBPyConnection,
    month: date,
    top: int = 10,
    tuning: candidates.CandidateWeights | None = None,
    forecast: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The ``top`` candidates of ``month`` with components, figures and evidence.

    Evidence (top streets, masked sample complaints) covers the last three months; the monthly
    trend is the ``monthly`` column (12 counts ending ``month``).
    """
    start, end = candidates.window(month)
    ranked = candidates.topic_candidates(
        store.theme_months(con, start, end),
        store.city_months(con, start, end),
        store.read_themes(con),
        month,
        store.chosen_topics(con),
        forecast,
        tuning,
    )
    if ranked.is_empty():
        return ranked
    ranked = ranked.head(top)
    recent_start, _ = candidates.window(month, 3)
    streets, samples = store.evidence_frames(con, ranked["theme_id"].to_list(), recent_start, end)
    return candidates.attach_evidence(ranked, streets, samples, privacy.mask_text)


def choose(con: duckdb.DuckDBPyConnection, theme_id: str, month: date, note: str | None = None) -> bool:
    """Record ``theme_id`` as the topic of ``month``; False when the theme is unknown."""
    return store.choose_topic(con, theme_id, month.replace(day=1), note)
