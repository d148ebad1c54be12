"""The nightly theme step: classify, assign, discover, recompute hotspots — incrementally.

``refresh_themes`` is the one function a flow calls. It works from a watermark (the last ingest
batch it absorbed), so a night costs what the night brought: the new complaints are classified
when they lack a category, segmented once, scored against the stored theme profiles, and either
assigned or parked in ``theme_pool`` with their phrases. Discovery then looks for new themes in
the recent pool only; the first run (no themes yet) discovers on the whole history. Hotspots
and bursts are recomputed for the last complete week and month.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path

import duckdb
import polars as pl

from analytics import privacy
from analytics import warehouse as wh
from analytics.text import segmenter
from analytics.themes import assign, classifier, discovery, hotspots, store
from analytics.themes.discovery import ThemeParams
from analytics.themes.hotspots import HotspotParams

MAX_THEME_CHARS = 160
EPOCH = datetime(1970, 1, 1)


@dataclass(frozen=True)
class RefreshParams:
    themes: ThemeParams = field(default_factory=ThemeParams)
    hotspots: HotspotParams = field(default_factory=HotspotParams)
    retrain_days: int = 7  # a model older than this (by as_of) is refitted
    train_limit: int = 300_000  # newest labelled complaints read for training ...
    train_rows: int = 60_000  # ... of which a per-category capped sample is fitted
    min_labelled: int = 50  # fewer labelled complaints: no classifier at all
    batch_step: int = 7  # ingest batches read per step (memory bound)
    pool_days: int = 90  # how long an unassigned complaint may still seed a theme
    discover_days: int = 30  # nightly discovery looks at this much of the pool
    discover_max_docs: int = 20_000  # newest pool complaints per category given to discovery
    assign_chunk: int = 100_000  # pool complaints read and scored per page by new themes
    key_kinds: tuple[str, ...] = ("theme", "category")
    burst_weeks: int = 26  # weeks scanned for bursts


@dataclass
class RefreshSummary:
    as_of: date
    complaints: int = 0
    classified: int = 0
    model_version: int | None = None
    model_trained: bool = False
    assigned: int = 0
    new_themes: int = 0
    themes: int = 0
    hotspots: int = 0
    bursts: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def refresh_themes(
    con_or_db: duckdb.DuckDBPyConnection | str | Path | None,
    as_of: date | None = None,
    params: RefreshParams = RefreshParams(),
) -> RefreshSummary:
    """Absorb the batches loaded since the last refresh; see the module docstring."""
    if isinstance(con_or_db, duckdb.DuckDBPyConnection):
        return _refresh(con_or_db, as_of or date.today(), params)
    with wh.connect(con_or_db) as con:
        return _refresh(con, as_of or date.today(), params)


def _refresh(con: duckdb.DuckDBPyConnection, as_of: date, params: RefreshParams) -> RefreshSummary:
    summary = RefreshSummary(as_of)
    after, upto = store.watermark(con)
    clock = time.perf_counter()
    model = _current_model(con, as_of, params, summary)
    summary.seconds["classifier_train"] = round(time.perf_counter() - clock, 2)
    themes = store.read_themes(con)
    for low in range(after, upto, params.batch_step):
        high = min(low + params.batch_step, upto)
        _step(con, low, high, model, themes, as_of, params, summary)
    clock = time.perf_counter()
    summary.new_themes, claimed = _discover(con, as_of, themes, params)
    summary.assigned += claimed
    summary.seconds["discover"] = round(time.perf_counter() - clock, 2)
    store.trim_pool(con, _midnight(as_of) - timedelta(days=params.pool_days))
    clock = time.perf_counter()
    found, bursts_found = compute_hotspots(con, as_of, params)
    _write_hotspots(con, found, bursts_found, as_of)
    summary.hotspots, summary.bursts = found.height, bursts_found.height
    summary.seconds["hotspots"] = round(time.perf_counter() - clock, 2)
    summary.themes = store.read_themes(con).height
    store.write_run(
        con,
        run_at=datetime.now(),
        as_of=as_of,
        last_batch_id=upto,
        complaints=summary.complaints,
        classified=summary.classified,
        assigned=summary.assigned,
        new_themes=summary.new_themes,
        model_version=summary.model_version,
        seconds=sum(summary.seconds.values()),
    )
    return summary


def _current_model(
    con: duckdb.DuckDBPyConnection, as_of: date, params: RefreshParams, summary: RefreshSummary
) -> classifier.CategoryModel | None:
    """The stored model, refitted first when missing or older than ``retrain_days``."""
    stored = store.latest_model(con)
    if stored is not None and (as_of - stored[1]).days <= params.retrain_days:
        summary.model_version = stored[0].version
        return stored[0]
    history = store.training_frame(con, params.train_limit)
    if history.height < params.min_labelled or history["category_l1"].n_unique() < 2:
        summary.model_version = stored[0].version if stored else None
        return stored[0] if stored else None
    model = classifier.train_category_model(history, max_rows=params.train_rows)
    model.version = store.write_model(con, model, as_of)
    summary.model_version, summary.model_trained = model.version, True
    return model


def _step(
    con: duckdb.DuckDBPyConnection,
    low: int,
    high: int,
    model: classifier.CategoryModel | None,
    themes: pl.DataFrame,
    as_of: date,
    params: RefreshParams,
    summary: RefreshSummary,
) -> None:
    """Classify, segment and assign the complaints of batches (low, high]."""
    clock = time.perf_counter()
    if model is not None:
        unlabelled = store.unlabelled(con, low, high)
        if unlabelled.height:
            store.write_categories(con, classifier.predict_categories(model, unlabelled))
            summary.classified += unlabelled.height
    summary.seconds["classify"] = summary.seconds.get("classify", 0) + round(time.perf_counter() - clock, 2)
    clock = time.perf_counter()
    fresh = store.new_complaints(con, low, high)
    docs = with_terms(fresh)
    assigned = assign.assign_themes(docs, themes).with_columns(docs["terms"])
    store.write_assignments(con, assigned, as_of)
    summary.complaints += fresh.height
    summary.assigned += assigned["theme_id"].is_not_null().sum()
    summary.seconds["assign"] = summary.seconds.get("assign", 0) + round(time.perf_counter() - clock, 2)


def with_terms(
    complaints: pl.DataFrame, text_column: str = "content", max_chars: int = MAX_THEME_CHARS
) -> pl.DataFrame:
    """``complaints`` without the text, with the phrases of each (``terms``).

    Only the first ``max_chars`` characters count: a work order states its problem first, and a
    long letter's later paragraphs (history, legal citations, greetings) blur its theme.
    """
    texts = [t[:max_chars] if t else t for t in complaints[text_column].to_list()]
    tokens = segmenter().segment(texts)
    terms = discovery.term_lists(tokens)
    return complaints.drop(text_column).with_columns(pl.Series("terms", terms, dtype=pl.List(pl.String)))


def _discover(
    con: duckdb.DuckDBPyConnection, as_of: date, themes: pl.DataFrame, params: RefreshParams
) -> tuple[int, int]:
    """New themes from the pool, and how many pooled complaints they claimed.

    The first run (no themes yet) takes the whole pool, which is then the whole history.
    """
    since = EPOCH if themes.is_empty() else _midnight(as_of) - timedelta(days=params.discover_days)
    size, _ = store.pool_size(con, since)
    if size < params.themes.min_size:
        return 0, 0
    found = discovery.discover_themes(
        store.pool_sample(con, since, params.discover_max_docs), params.themes, known=themes
    )
    if found.is_empty():
        return 0, 0
    store.write_themes(con, found, as_of, store.pool_size(con, EPOCH)[1].date())
    # New themes claim the whole pool, which on the first night is the whole history (2.3
    # million complaints a year at scale 0.1): read and scored a page at a time (scoring makes
    # Python lists of the phrases), each page's claims written before the next is read.
    claimed = 0
    for page in store.pool_pages(con, params.assign_chunk):
        hits = assign.assign_themes(page, found).with_columns(page["terms"])
        hits = hits.filter(pl.col("theme_id").is_not_null())
        store.write_assignments(con, hits, as_of)
        claimed += hits.height
    examples = store.theme_examples(con, found["theme_id"].to_list())
    masked = examples.with_columns(pl.col("content").map_elements(privacy.mask_text, return_dtype=pl.String))
    store.write_examples(
        con, masked.group_by("theme_id", maintain_order=True).agg(pl.col("content").alias("examples"))
    )
    return found.height, claimed


def _midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)


def last_complete(as_of: date, grain: str) -> date:
    """Start of the last period that is complete on ``as_of`` (its end day included)."""
    start = hotspots.period_start(as_of, grain)
    end = hotspots.period_start(as_of + timedelta(days=1), grain)
    if end != start:  # as_of is the last day of its period
        return start
    return hotspots.period_start(start - timedelta(days=1), grain)


def compute_hotspots(
    con: duckdb.DuckDBPyConnection, as_of: date, params: RefreshParams = RefreshParams()
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(hotspots for months and weeks at district and street level, street-week bursts)."""
    hp = params.hotspots
    frames = []
    for grain in ("month", "week"):
        last = last_complete(as_of, grain)
        first = hotspots.period_range(last, grain, hp.window + hp.history)[0]
        end = _midnight(hotspots.period_end(last, grain))
        for level in ("district", "street"):
            totals = store.area_totals(con, _midnight(first), end, level, grain)
            for kind in params.key_kinds:
                counts = store.area_counts(con, kind, _midnight(first), end, level, grain)
                found = hotspots.hotspots(counts, totals, last, grain, hp)
                frames.append(
                    found.with_columns(pl.lit(kind).alias("key_kind"), pl.lit(level).alias("level"))
                )
    return pl.concat(frames, how="vertical"), weekly_bursts(con, as_of, params)


def weekly_bursts(
    con: duckdb.DuckDBPyConnection, as_of: date, params: RefreshParams = RefreshParams()
) -> pl.DataFrame:
    """Street-week bursts of distinct callers over the last ``burst_weeks`` complete weeks."""
    hp = params.hotspots
    burst_params = HotspotParams(**{**hp.__dict__, "window": params.burst_weeks})
    last = last_complete(as_of, "week")
    first = hotspots.period_range(last, "week", burst_params.window + hp.history)[0]
    start, end = _midnight(first), _midnight(last + timedelta(days=7))
    totals = store.area_totals(con, start, end, "street", "week", callers=True)
    frames = []
    for kind in params.key_kinds:
        counts = store.area_counts(con, kind, start, end, "street", "week", callers=True, depth=3)
        found = hotspots.bursts(counts, totals, last, "week", burst_params)
        frames.append(found.with_columns(pl.lit(kind).alias("key_kind")))
    return pl.concat(frames, how="vertical")


def _write_hotspots(
    con: duckdb.DuckDBPyConnection, found: pl.DataFrame, bursts_found: pl.DataFrame, as_of: date
) -> None:
    for grain in ("month", "week"):
        store.write_hotspots(con, found.filter(pl.col("grain") == grain), as_of, grain)
    store.write_bursts(con, bursts_found, as_of)
