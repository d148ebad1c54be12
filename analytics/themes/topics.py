"""每月一题 candidates from the warehouse: figures in, ranking, evidence for the top few.

A month is ranked when it is complete (the default everywhere is
:func:`analytics.vocabulary.last_complete_month` of the newest complaint's day); a month still
running is ranked only when asked for and carries ``partial = True``; a month after the newest
complaint is refused (:class:`FutureMonth`). The nightly stores its month's ranking
(:func:`store_month_topics`) so what the list said on a night can be read back.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import duckdb
import polars as pl

from analytics import privacy
from analytics import vocabulary as v
from analytics.errors import WeisuError
from analytics.themes import candidates, store


class FutureMonth(WeisuError):
    """A month after the newest complaint: nothing to rank."""


def month_state(month: date, newest: date | None) -> bool:
    """True when ``month`` is partial on ``newest`` (the newest complaint's day); raises
    :class:`FutureMonth` for a month after it."""
    month = month.replace(day=1)
    if newest is None or month > newest.replace(day=1):
        shown = "none" if newest is None else f"{newest:%Y-%m-%d}"
        raise FutureMonth(f"no complaints after {shown}: {month:%Y-%m} is in the future")
    return month > v.last_complete_month(newest)


def month_topics(
    con: duckdb.DuckDBPyConnection,
    month: date,
    top: int = 10,
    tuning: candidates.CandidateWeights | None = None,
    forecast: pl.DataFrame | None = None,
    *,
    allow_future: bool = False,
) -> pl.DataFrame:
    """The ``top`` candidates of ``month`` with components, figures and evidence.

    Evidence (top streets, masked sample complaints) covers the last three months; the monthly
    trend is the ``monthly`` column (12 counts ending ``month``); ``partial`` says whether the
    month was still running at the newest complaint. Raises :class:`FutureMonth` unless
    ``allow_future`` (then a future month is ranked and labelled partial).
    """
    try:
        partial = month_state(month, store.latest_complaint_day(con))
    except FutureMonth:
        if not allow_future:
            raise
        partial = True
    ranked = _ranking(con, month, tuning, forecast)
    if ranked.is_empty():
        return ranked
    ranked = ranked.head(top).with_columns(pl.lit(partial).alias("partial"))
    recent_start, _ = candidates.window(month, 3)
    _, end = candidates.window(month)
    streets, samples = store.evidence_frames(con, ranked["theme_id"].to_list(), recent_start, end)
    return candidates.attach_evidence(ranked, streets, samples, privacy.mask_text)


def _ranking(
    con: duckdb.DuckDBPyConnection,
    month: date,
    tuning: candidates.CandidateWeights | None,
    forecast: pl.DataFrame | None,
) -> pl.DataFrame:
    start, end = candidates.window(month)
    return candidates.topic_candidates(
        store.theme_months(con, start, end),
        store.city_months(con, start, end),
        store.read_themes(con),
        month,
        store.chosen_topics(con),
        forecast,
        tuning,
    )


def store_month_topics(
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    weights: candidates.CandidateWeights | None = None,
) -> int:
    """Rank the last month complete on ``as_of`` and store it as the night's ranking
    (``topic_candidates``, replacing that night's); returns the number of rows stored."""
    month = v.last_complete_month(as_of)
    tuning = weights or candidates.CandidateWeights()
    newest = store.latest_complaint_day(con)
    if newest is None or month > newest.replace(day=1):
        return 0
    ranked = _ranking(con, month, tuning, None)
    if ranked.is_empty():
        return 0
    partial = month_state(month, newest)
    rows = candidates.stored_rows(ranked, as_of, month, json.dumps(asdict(tuning)), partial)
    store.write_topic_candidates(con, rows, as_of)
    return rows.height


def stored_topics(con: duckdb.DuckDBPyConnection, month: date, top: int = 10) -> pl.DataFrame:
    """The newest stored ranking of ``month`` (its top ``top``), empty when none is stored."""
    return store.read_topic_candidates(con, month.replace(day=1)).head(top)


def choose(con: duckdb.DuckDBPyConnection, theme_id: str, month: date, note: str | None = None) -> bool:
    """Record ``theme_id`` as the topic of ``month``; False when the theme is unknown."""
    return store.choose_topic(con, theme_id, month.replace(day=1), note)
