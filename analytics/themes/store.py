"""Warehouse IO of the theme pipeline: the only module of ``analytics.themes`` that runs SQL.

Reads return polars frames (or a small typed value), writes take frames. Frames reach DuckDB as
registered views (``_theme_rows``, ``_theme_assignments`` ...) that the named files under
``analytics/sql/themes/`` read, so nothing here formats a value into SQL. Writes open no
transaction of their own: the refresh runs all of a night's writes, its watermark included, in
one (:func:`analytics.warehouse.transaction`). The classifier is stored as a pickled blob in
``classifier_models`` with its sha256, checked again before unpickling.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime

import duckdb
import polars as pl

from analytics import vocabulary as v
from analytics import warehouse as wh
from analytics.errors import WarehouseError
from analytics.themes.classifier import CategoryModel


# --- classifier ---------------------------------------------------------------------------
def training_frame(con: duckdb.DuckDBPyConnection, limit: int) -> pl.DataFrame:
    """The newest ``limit`` complaints labelled at the source (derived labels never train)."""
    return wh.frame(con, "themes/training_complaints_read", {"limit": limit})


def write_categories(con: duckdb.DuckDBPyConnection, predictions: pl.DataFrame) -> None:
    """Derived categories (``source, record_id, category_l1, category_l2,
    category_confidence``) onto their complaints."""
    with wh.registered(con, "_category_predictions", predictions):
        wh.execute(con, "themes/derived_categories_insert")


def write_model(con: duckdb.DuckDBPyConnection, model: CategoryModel, as_of: date) -> int:
    """Store ``model`` as the next version (the three newest are kept); returns the version."""
    version = int(wh.frame(con, "themes/classifier_version_read").item()) + 1
    blob = model.to_bytes()
    wh.execute(
        con,
        "themes/classifier_models_insert",
        {
            "version": version,
            "trained_at": model.trained_at,
            "as_of": as_of,
            "n_train": model.n_train,
            "labels": list(model.labels),
            "accuracy": model.metrics.get("accuracy"),
            "macro_f1": model.metrics.get("macro_f1"),
            "metrics": json.dumps(model.metrics),
            "model_sha256": hashlib.sha256(blob).hexdigest(),
            "model": blob,
        },
    )
    return version


def latest_model(con: duckdb.DuckDBPyConnection) -> tuple[CategoryModel, date] | None:
    """The newest stored model and the day it was trained for, or None."""
    rows = wh.frame(con, "themes/classifier_models_read")
    if rows.is_empty():
        return None
    row = rows.row(0, named=True)
    blob = bytes(row["model"])
    if hashlib.sha256(blob).hexdigest() != row["model_sha256"]:
        raise WarehouseError(f"classifier model v{row['version']} is corrupt (checksum mismatch)")
    model = CategoryModel.from_bytes(blob)
    model.version = row["version"]
    return model, row["as_of"]


# --- themes -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Watermark:
    """Where the theme pipeline stands against the warehouse's ingest batches."""

    after: int  # the last batch absorbed (0 before the first refresh)
    upto: int  # the newest batch loaded
    refreshed: bool  # a refresh as of the day asked for already ran


def watermark(con: duckdb.DuckDBPyConnection, as_of: date) -> Watermark:
    after, upto, refreshed = wh.frame(con, "themes/watermark_read", {"as_of": as_of}).row(0)
    return Watermark(int(after), int(upto), bool(refreshed))


def new_complaints(con: duckdb.DuckDBPyConnection, after_batch_id: int, upto_batch_id: int) -> pl.DataFrame:
    """``source, record_id, received_at, category_l1, needs_category, content`` of the
    complaints loaded or updated in batches (after, upto], in received order."""
    return wh.frame(
        con, "themes/new_complaints_read", {"after_batch_id": after_batch_id, "upto_batch_id": upto_batch_id}
    )


def read_themes(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every theme profile, in id order."""
    return wh.frame(con, "themes/themes_read")


def write_themes(
    con: duckdb.DuckDBPyConnection, themes: pl.DataFrame, created_on: date, history_from: date
) -> None:
    """Store new themes (with an ``examples`` list column when known); ``history_from`` is the
    oldest complaint they could claim."""
    examples = (
        pl.col("examples") if "examples" in themes.columns else pl.lit(None, pl.List(pl.String))
    ).alias("examples")
    rows = themes.select(
        "theme_id",
        "partition",
        "label",
        "terms",
        "weights",
        "threshold",
        pl.col("size").cast(pl.Int32).alias("founding_size"),
        examples,
        pl.lit(history_from).alias("history_from"),
        pl.lit(created_on).alias("created_on"),
        pl.lit(datetime.now()).alias("created_at"),
    )
    with wh.registered(con, "_theme_rows", rows):
        wh.execute(con, "themes/themes_insert")


def write_assignments(con: duckdb.DuckDBPyConnection, assigned: pl.DataFrame, assigned_on: date) -> None:
    """Complaint themes for ``assigned`` (with terms); unassigned rows go to the pool."""
    rows = assigned.select(
        "source", "record_id", "received_at", "partition", "terms", "theme_id", "theme_score"
    )
    with wh.registered(con, "_theme_assignments", rows):
        wh.execute(con, "themes/complaint_themes_insert", {"assigned_on": assigned_on})


def pool_size(con: duckdb.DuckDBPyConnection, since: datetime) -> tuple[int, datetime | None]:
    """(complaints, first received_at) of the pool from ``since`` on."""
    count, first = wh.frame(con, "themes/theme_pool_size_read", {"since": since}).row(0)
    return int(count), first


def pool_sample(con: duckdb.DuckDBPyConnection, since: datetime, max_docs: int) -> pl.DataFrame:
    """The newest ``max_docs`` pooled complaints of each partition received from ``since`` on."""
    return wh.frame(con, "themes/theme_pool_sample_read", {"since": since, "max_docs": max_docs})


def pool_pages(con: duckdb.DuckDBPyConnection, size: int) -> Iterator[pl.DataFrame]:
    """The whole pool, ``size`` complaints at a time in received order; the caller may assign
    (remove) the complaints of a page before asking for the next."""
    after: tuple[datetime, str, str] = (datetime.min, "", "")
    while True:
        page = wh.frame(
            con,
            "themes/theme_pool_page_read",
            {"after_received": after[0], "after_source": after[1], "after_record": after[2], "size": size},
        )
        if page.is_empty():
            return
        yield page
        last = page.row(page.height - 1, named=True)
        after = (last["received_at"], last["source"], last["record_id"])


def trim_pool(con: duckdb.DuckDBPyConnection, before: datetime) -> None:
    """Forget pooled complaints received before ``before``."""
    wh.execute(con, "themes/theme_pool_delete", {"before": before})


def theme_examples(con: duckdb.DuckDBPyConnection, theme_ids: list[str]) -> pl.DataFrame:
    """``theme_id, content``: the three best-scoring complaints of each theme."""
    with wh.registered(con, "_theme_ids", _ids(theme_ids)):
        return wh.frame(con, "themes/theme_examples_read")


def write_run(con: duckdb.DuckDBPyConnection, **values: object) -> None:
    """Record a refresh: its figures and ``last_batch_id``, the next refresh's watermark."""
    wh.execute(con, "themes/theme_runs_insert", values)


# --- hotspots -----------------------------------------------------------------------------
def area_counts(
    con: duckdb.DuckDBPyConnection,
    kind: str,
    start: datetime,
    end: datetime,
    level: str,
    grain: str,
    callers: bool = False,
    depth: int = 2,
) -> pl.DataFrame:
    """``key, district, area, period, n`` for themes (kind='theme') or categories (the path
    down to ``depth`` levels) over [start, end); distinct callers when ``callers``."""
    key_kind = "theme" if kind == "theme" else "category"
    return _area_counts(con, key_kind, start, end, level, grain, callers, depth)


def area_totals(
    con: duckdb.DuckDBPyConnection,
    start: datetime,
    end: datetime,
    level: str,
    grain: str,
    callers: bool = False,
) -> pl.DataFrame:
    """``district, area, period, total`` of all complaints: the spatial baseline."""
    counts = _area_counts(con, "all", start, end, level, grain, callers, depth=1)
    return counts.drop("key").rename({"n": "total"})


def _area_counts(
    con: duckdb.DuckDBPyConnection,
    key_kind: str,
    start: datetime,
    end: datetime,
    level: str,
    grain: str,
    callers: bool,
    depth: int,
) -> pl.DataFrame:
    params = {
        "key_kind": key_kind,
        "start": start,
        "end": end,
        "level": level,
        "grain": grain,
        "callers": callers,
        "depth": depth,
    }
    return wh.frame(con, "themes/area_counts_read", params)


def write_hotspots(
    con: duckdb.DuckDBPyConnection, hotspots: pl.DataFrame, bursts: pl.DataFrame, as_of: date
) -> None:
    """The hotspots (every grain) and bursts found as of ``as_of``, replacing that day's."""
    with wh.registered(con, "_hotspot_rows", hotspots):
        wh.execute(con, "themes/theme_hotspots_insert", {"as_of": as_of})
    with wh.registered(con, "_burst_rows", bursts):
        wh.execute(con, "themes/theme_bursts_insert", {"as_of": as_of})


def read_bursts(con: duckdb.DuckDBPyConnection, as_of: date, weeks: int) -> pl.DataFrame:
    """Bursts of the latest refresh on or before ``as_of`` in the ``weeks`` weeks up to it."""
    frame = wh.frame(con, "themes/bursts_read", {"as_of": as_of, "weeks": weeks})
    return frame.with_columns(pl.col("complaints").cast(pl.Int64))


def read_hotspots(con: duckdb.DuckDBPyConnection, as_of: date) -> pl.DataFrame:
    """The hotspots of the latest refresh on or before ``as_of``, with theme labels."""
    return wh.frame(con, "themes/theme_hotspots_read", {"as_of": as_of})


# --- topics -------------------------------------------------------------------------------
def theme_months(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> pl.DataFrame:
    """Per theme and month: volume, spread and the difficulty inputs (``candidates.py``)."""
    return wh.frame(con, "themes/theme_months_read", {"start": start, "end": end})


def city_months(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> pl.DataFrame:
    """All complaints per month: the baselines the difficulty is measured against."""
    return wh.frame(con, "themes/city_months_read", {"start": start, "end": end})


def latest_complaint_day(con: duckdb.DuckDBPyConnection) -> date | None:
    """The day of the newest complaint (None in an empty warehouse)."""
    day = wh.frame(con, "themes/latest_complaint_day_read").item()
    return None if day is None else day


def latest_complete_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """The newest month whose last day has complaints (or the one before the newest day's)."""
    day = latest_complaint_day(con)
    return None if day is None else v.last_complete_month(day)


def write_topic_candidates(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, as_of: date) -> None:
    """The night's 每月一题 ranking, replacing that night's (one transaction)."""
    with wh.transaction(con), wh.registered(con, "_candidate_rows", rows):
        wh.execute(con, "themes/topic_candidates_insert", {"as_of": as_of})


def read_topic_candidates(con: duckdb.DuckDBPyConnection, month: date) -> pl.DataFrame:
    """The newest stored ranking of ``month``, by rank (empty when none is stored)."""
    return wh.frame(con, "themes/topic_candidates_read", {"month": month})


def chosen_topics(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Every 每月一题 decision so far."""
    return wh.frame(con, "themes/chosen_topics_read")


def choose_topic(con: duckdb.DuckDBPyConnection, theme_id: str, month: date, note: str | None) -> bool:
    """Record the choice; False when no such theme exists."""
    if not wh.frame(con, "themes/theme_exists_read", {"theme_id": theme_id}).item():
        return False
    wh.execute(
        con,
        "themes/chosen_topics_insert",
        {"theme_id": theme_id, "month": month, "note": note, "chosen_at": datetime.now()},
    )
    return True


def evidence_frames(
    con: duckdb.DuckDBPyConnection, theme_ids: list[str], start: datetime, end: datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(top streets, sample complaints) of ``theme_ids`` over [start, end)."""
    with wh.registered(con, "_theme_ids", _ids(theme_ids)):
        streets = wh.frame(con, "themes/theme_top_streets_read", {"start": start, "end": end})
        samples = wh.frame(con, "themes/theme_samples_read", {"start": start, "end": end})
    return streets, samples


def _ids(theme_ids: list[str]) -> pl.DataFrame:
    return pl.DataFrame({"theme_id": theme_ids}, schema={"theme_id": pl.String})
