"""The nightly theme step: classify, assign, discover, recompute hotspots — incrementally.

``refresh_themes`` is the one function a flow calls. It works from a watermark (the last ingest
batch it absorbed), so a night costs what the night brought: the new complaints are classified
when they lack a category, segmented once, scored against the stored theme profiles, and either
assigned or parked in ``theme_pool`` with their phrases. Discovery then looks for new themes in
the recent pool only; the first run (no themes yet) discovers on the whole history. Hotspots
and bursts are recomputed for the last complete week and month.

Every write of a refresh, the watermark's advance included, is one transaction: a crash at any
statement leaves the previous state, and the rerun is the uninterrupted refresh. A day is
discovered once: a refresh for a day already refreshed only absorbs batches loaded since (and
recomputes that day's hotspots), and with none it changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TypeVar

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
T = TypeVar("T")


@dataclass(frozen=True)
class RefreshParams:
    """Knobs of the nightly step; the defaults suit Beijing's volume on two cores."""

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
    """What a refresh did, for the night's summary and ``theme_runs``."""

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
    unchanged: bool = False  # the day was refreshed already and nothing was loaded since


def refresh_themes(
    con: duckdb.DuckDBPyConnection, as_of: date, params: RefreshParams = RefreshParams()
) -> RefreshSummary:
    """Absorb the batches loaded since the last refresh; see the module docstring."""
    mark = store.watermark(con, as_of)
    if mark.refreshed and mark.after >= mark.upto:
        return RefreshSummary(as_of, themes=store.read_themes(con).height, unchanged=True)
    summary = RefreshSummary(as_of)
    with wh.transaction(con):
        model = _timed(summary, "classifier_train", lambda: _current_model(con, as_of, params, summary))
        themes = store.read_themes(con)
        for low in range(mark.after, mark.upto, params.batch_step):
            _absorb(con, (low, min(low + params.batch_step, mark.upto)), model, themes, as_of, summary)
        if not mark.refreshed:
            _timed(summary, "discover", lambda: _discover(con, as_of, themes, params, summary))
        store.trim_pool(con, _midnight(as_of) - timedelta(days=params.pool_days))
        found, bursts_found = _timed(summary, "hotspots", lambda: compute_hotspots(con, as_of, params))
        store.write_hotspots(con, found, bursts_found, as_of)
        summary.hotspots, summary.bursts = found.height, bursts_found.height
        summary.themes = store.read_themes(con).height
        store.write_run(con, **_run_row(summary, mark.upto))
    return summary


def _timed(summary: RefreshSummary, step: str, work: Callable[[], T]) -> T:
    """``work()``, its seconds added to ``summary.seconds[step]``."""
    clock = time.perf_counter()
    result = work()
    summary.seconds[step] = round(summary.seconds.get(step, 0) + time.perf_counter() - clock, 2)
    return result


def _run_row(summary: RefreshSummary, last_batch_id: int) -> dict[str, object]:
    return {
        "run_at": datetime.now(),
        "as_of": summary.as_of,
        "last_batch_id": last_batch_id,
        "complaints": summary.complaints,
        "classified": summary.classified,
        "assigned": summary.assigned,
        "new_themes": summary.new_themes,
        "model_version": summary.model_version,
        "seconds": round(sum(summary.seconds.values()), 2),
    }


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


def _absorb(
    con: duckdb.DuckDBPyConnection,
    batches: tuple[int, int],
    model: classifier.CategoryModel | None,
    themes: pl.DataFrame,
    as_of: date,
    summary: RefreshSummary,
) -> None:
    """Classify, segment and assign the complaints of batches (low, high]."""
    fresh = store.new_complaints(con, *batches)
    predictions = _timed(summary, "classify", lambda: derived_categories(model, fresh))
    clock = time.perf_counter()
    docs = with_terms(with_partition(fresh, predictions))
    assigned = assign.assign_themes(docs, themes).with_columns(docs["terms"])
    if predictions.height:
        store.write_categories(con, predictions)
    store.write_assignments(con, assigned, as_of)
    summary.complaints += fresh.height
    summary.classified += predictions.height
    summary.assigned += int(assigned["theme_id"].is_not_null().sum())
    summary.seconds["assign"] = round(summary.seconds.get("assign", 0) + time.perf_counter() - clock, 2)


def derived_categories(model: classifier.CategoryModel | None, complaints: pl.DataFrame) -> pl.DataFrame:
    """Predicted categories of the complaints that need one (none without a model)."""
    unlabelled = complaints.filter(pl.col("needs_category")).select("source", "record_id", "content")
    if model is None:
        return unlabelled.clear().select("source", "record_id")
    return classifier.predict_categories(model, unlabelled)


def with_partition(complaints: pl.DataFrame, predictions: pl.DataFrame) -> pl.DataFrame:
    """``complaints`` with ``partition``: their category, predicted when derived, '' when none."""
    if predictions.is_empty():
        category = pl.col("category_l1")
    else:
        predicted = predictions.select("source", "record_id", pl.col("category_l1").alias("_predicted"))
        complaints = complaints.join(predicted, on=["source", "record_id"], how="left", maintain_order="left")
        category = pl.coalesce("_predicted", "category_l1")
    return complaints.select(
        "source", "record_id", "received_at", category.fill_null("").alias("partition"), "content"
    )


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
    con: duckdb.DuckDBPyConnection,
    as_of: date,
    themes: pl.DataFrame,
    params: RefreshParams,
    summary: RefreshSummary,
) -> None:
    """New themes from the pool; they claim what they match in the whole pool.

    The first run (no themes yet) takes the whole pool, which is then the whole history.
    """
    since = EPOCH if themes.is_empty() else _midnight(as_of) - timedelta(days=params.discover_days)
    size, _ = store.pool_size(con, since)
    if size < params.themes.min_size:
        return
    found = discovery.discover_themes(
        store.pool_sample(con, since, params.discover_max_docs), params.themes, known=themes
    )
    if found.is_empty():
        return
    _, first_pooled = store.pool_size(con, EPOCH)
    # New themes claim the whole pool, which on the first night is the whole history (2.3
    # million complaints a year at scale 0.1): read and scored a page at a time (scoring makes
    # Python lists of the phrases), each page's claims written before the next is read.
    for page in store.pool_pages(con, params.assign_chunk):
        hits = assign.assign_themes(page, found).with_columns(page["terms"])
        hits = hits.filter(pl.col("theme_id").is_not_null())
        store.write_assignments(con, hits, as_of)
        summary.assigned += hits.height
    examples = theme_examples(store.theme_examples(con, found["theme_id"].to_list()))
    history_from = first_pooled.date() if first_pooled else as_of
    store.write_themes(con, found.join(examples, on="theme_id", how="left"), as_of, history_from)
    summary.new_themes = found.height


def theme_examples(best: pl.DataFrame) -> pl.DataFrame:
    """``theme_id, examples``: each theme's best complaints, masked, as a list."""
    masked = best.with_columns(pl.col("content").map_elements(privacy.mask_text, return_dtype=pl.String))
    return masked.group_by("theme_id", maintain_order=True).agg(pl.col("content").alias("examples"))


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
