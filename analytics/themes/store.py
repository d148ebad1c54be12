"""Warehouse IO of the theme pipeline: every read and write goes through a named SQL file.

Frames reach DuckDB as registered views (``_theme_rows``, ``_theme_assignments`` ...) that the
SQL files read; nothing here formats a value into SQL. The classifier is stored as a pickled
blob in ``classifier_models`` with its sha256, checked again before unpickling.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date, datetime, timedelta

import duckdb
import polars as pl

from analytics import warehouse as wh
from analytics.errors import WarehouseError
from analytics.themes.classifier import CategoryModel


# --- classifier ---------------------------------------------------------------------------
def training_frame(con: duckdb.DuckDBPyConnection, limit: int) -> pl.DataFrame:
    return wh.frame(con, "themes/classifier_training", {"limit": limit})


def unlabelled(con: duckdb.DuckDBPyConnection, after_batch_id: int, upto_batch_id: int) -> pl.DataFrame:
    return wh.frame(
        con,
        "themes/classifier_unlabelled",
        {"after_batch_id": after_batch_id, "upto_batch_id": upto_batch_id},
    )


def write_categories(con: duckdb.DuckDBPyConnection, predictions: pl.DataFrame) -> None:
    with wh.registered(con, "_category_predictions", predictions):
        wh.execute(con, "themes/classifier_apply")


def write_model(con: duckdb.DuckDBPyConnection, model: CategoryModel, as_of: date) -> int:
    """Store ``model`` as the next version; returns the version."""
    blob = model.to_bytes()
    wh.execute(
        con,
        "themes/classifier_model_insert",
        {
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
    return int(wh.frame(con, "themes/classifier_max_version").item())


def latest_model(con: duckdb.DuckDBPyConnection) -> tuple[CategoryModel, date] | None:
    """The newest stored model and the day it was trained for, or None."""
    rows = wh.frame(con, "themes/classifier_latest")
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
def watermark(con: duckdb.DuckDBPyConnection) -> tuple[int, int]:
    """(last batch absorbed, newest batch in the warehouse)."""
    after, upto = wh.frame(con, "themes/theme_watermark").row(0)
    return int(after), int(upto)


def new_complaints(con: duckdb.DuckDBPyConnection, after_batch_id: int, upto_batch_id: int) -> pl.DataFrame:
    return wh.frame(
        con, "themes/theme_new_complaints", {"after_batch_id": after_batch_id, "upto_batch_id": upto_batch_id}
    )


def read_themes(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return wh.frame(con, "themes/theme_all")


def write_themes(
    con: duckdb.DuckDBPyConnection, themes: pl.DataFrame, created_on: date, history_from: date
) -> None:
    """Store new themes; ``history_from`` is the oldest complaint they could claim."""
    rows = themes.select(
        "theme_id",
        "partition",
        "label",
        "terms",
        "weights",
        "threshold",
        pl.col("size").cast(pl.Int32).alias("founding_size"),
        pl.lit(None, pl.List(pl.String)).alias("examples"),
        pl.lit(history_from).alias("history_from"),
        pl.lit(created_on).alias("created_on"),
        pl.lit(datetime.now()).alias("created_at"),
    )
    with wh.registered(con, "_theme_rows", rows):
        wh.execute(con, "themes/theme_insert")


def write_assignments(con: duckdb.DuckDBPyConnection, assigned: pl.DataFrame, assigned_on: date) -> None:
    """Complaint themes for ``assigned`` (with terms); unassigned rows go to the pool."""
    rows = assigned.select(
        "source", "record_id", "received_at", "partition", "terms", "theme_id", "theme_score"
    )
    with wh.registered(con, "_theme_assignments", rows):
        wh.execute(con, "themes/theme_assign", {"assigned_on": assigned_on})


def pool_size(con: duckdb.DuckDBPyConnection, since: datetime) -> tuple[int, datetime | None]:
    """(complaints, first received_at) of the pool from ``since`` on."""
    count, first = wh.frame(con, "themes/theme_pool_size", {"since": since}).row(0)
    return int(count), first


def pool_sample(con: duckdb.DuckDBPyConnection, since: datetime, max_docs: int) -> pl.DataFrame:
    """The newest ``max_docs`` pooled complaints of each partition received from ``since`` on."""
    return wh.frame(con, "themes/theme_pool_sample", {"since": since, "max_docs": max_docs})


def pool_pages(con: duckdb.DuckDBPyConnection, size: int) -> Iterator[pl.DataFrame]:
    """The whole pool, ``size`` complaints at a time in received order; the caller may assign
    (remove) the complaints of a page before asking for the next."""
    after: tuple[datetime, str, str] = (datetime.min, "", "")
    while True:
        page = wh.frame(
            con,
            "themes/theme_pool_page",
            {"after_received": after[0], "after_source": after[1], "after_record": after[2], "size": size},
        )
        if page.is_empty():
            return
        yield page
        last = page.row(page.height - 1, named=True)
        after = (last["received_at"], last["source"], last["record_id"])


def trim_pool(con: duckdb.DuckDBPyConnection, before: datetime) -> None:
    wh.execute(con, "themes/theme_pool_trim", {"before": before})


def theme_examples(con: duckdb.DuckDBPyConnection, theme_ids: list[str]) -> pl.DataFrame:
    ids = pl.DataFrame({"theme_id": theme_ids}, schema={"theme_id": pl.String})
    with wh.registered(con, "_theme_ids", ids):
        return wh.frame(con, "themes/theme_examples")


def write_examples(con: duckdb.DuckDBPyConnection, examples: pl.DataFrame) -> None:
    with wh.registered(con, "_theme_examples", examples):
        wh.execute(con, "themes/theme_examples_set")


def write_run(con: duckdb.DuckDBPyConnection, **values: object) -> None:
    wh.execute(con, "themes/theme_run_insert", values)


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
    """``key, district, area, period, n`` for themes (kind='theme') or categories."""
    params = {"start": start, "end": end, "level": level, "grain": grain, "callers": callers}
    if kind == "theme":
        return wh.frame(con, "themes/hotspot_theme_counts", params)
    return wh.frame(con, "themes/hotspot_category_counts", {**params, "depth": depth})


def area_totals(
    con: duckdb.DuckDBPyConnection,
    start: datetime,
    end: datetime,
    level: str,
    grain: str,
    callers: bool = False,
) -> pl.DataFrame:
    return wh.frame(
        con,
        "themes/hotspot_totals",
        {"start": start, "end": end, "level": level, "grain": grain, "callers": callers},
    )


def write_hotspots(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, as_of: date, grain: str) -> None:
    with wh.registered(con, "_hotspot_rows", rows):
        wh.execute(con, "themes/hotspot_replace", {"as_of": as_of, "grain": grain})


def write_bursts(con: duckdb.DuckDBPyConnection, rows: pl.DataFrame, as_of: date) -> None:
    with wh.registered(con, "_burst_rows", rows):
        wh.execute(con, "themes/hotspot_bursts_replace", {"as_of": as_of})


def read_hotspots(con: duckdb.DuckDBPyConnection, as_of: date) -> pl.DataFrame:
    return wh.frame(con, "themes/hotspot_read", {"as_of": as_of})


def read_bursts(con: duckdb.DuckDBPyConnection, as_of: date) -> pl.DataFrame:
    return wh.frame(con, "themes/hotspot_bursts_read", {"as_of": as_of})


# --- topics -------------------------------------------------------------------------------
def theme_months(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> pl.DataFrame:
    return wh.frame(con, "themes/topic_theme_months", {"start": start, "end": end})


def city_months(con: duckdb.DuckDBPyConnection, start: datetime, end: datetime) -> pl.DataFrame:
    return wh.frame(con, "themes/topic_city_months", {"start": start, "end": end})


def latest_complete_month(con: duckdb.DuckDBPyConnection) -> date | None:
    """The newest month whose last day has complaints (or the one before the newest day's)."""
    day = wh.frame(con, "themes/topic_latest_day").item()
    if day is None:
        return None
    following = day + timedelta(days=1)
    if following.month != day.month:
        return day.replace(day=1)
    return (day.replace(day=1) - timedelta(days=1)).replace(day=1)


def chosen_topics(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return wh.frame(con, "themes/topic_chosen")


def choose_topic(con: duckdb.DuckDBPyConnection, theme_id: str, month: date, note: str | None) -> bool:
    """Record the choice; False when no such theme exists."""
    if not wh.frame(con, "themes/theme_exists", {"theme_id": theme_id}).item():
        return False
    wh.execute(
        con,
        "themes/topic_choose",
        {"theme_id": theme_id, "month": month, "note": note, "chosen_at": datetime.now()},
    )
    return True


def evidence_frames(
    con: duckdb.DuckDBPyConnection, theme_ids: list[str], start: datetime, end: datetime
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(top streets, sample complaints) of ``theme_ids`` over [start, end)."""
    ids = pl.DataFrame({"theme_id": theme_ids}, schema={"theme_id": pl.String})
    with wh.registered(con, "_theme_ids", ids):
        streets = wh.frame(con, "themes/topic_top_streets", {"start": start, "end": end})
        samples = wh.frame(con, "themes/topic_samples", {"start": start, "end": end})
    return streets, samples
