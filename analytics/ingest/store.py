"""The ingest's IO edge: every SQL statement a batch runs, and the reads of ``weisu status``.

A batch works in temp tables of the ingesting connection (``_raw`` → ``_norm`` →
``_classified``), then writes complaints, quarantine and its ``ingest_batches`` row inside
:func:`batch_transaction`. Functions are named after the SQL file they run
(``analytics/sql/ingest/``); nothing else in the ingest package touches DuckDB.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics import warehouse as wh
from analytics.errors import SourceError, WarehouseError
from analytics.ingest.sources import RawSource

#: DuckDB errors that mean the warehouse file cannot be written (disk full, read-only).
WRITE_ERRORS = (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)


@dataclass(frozen=True)
class BatchFile:
    """The ``ingest_batches`` columns known when a batch starts."""

    file_path: str
    file_name: str
    sha256: str
    size_bytes: int
    profile: str
    source: str
    started_at: dt.datetime


@dataclass(frozen=True)
class BatchEnd:
    """The ``ingest_batches`` columns written when a batch ends."""

    status: str
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    message: str | None = None


@dataclass(frozen=True)
class Outcomes:
    """What the batch's rows do, from its temp tables: ``mapped`` rows, of which ``invalid``
    are quarantined and the valid ones ``loaded``, ``updated`` or ``duplicate``."""

    mapped: int
    loaded: int
    updated: int
    duplicate: int
    invalid: int


# --- the connection -------------------------------------------------------------------------
def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The warehouse file behind ``con`` (``None`` in memory): where its hashing key lives."""
    path = wh.frame(con, "ingest/database_file_read").item()
    return Path(path) if path else None


@contextlib.contextmanager
def batch_transaction(con: duckdb.DuckDBPyConnection, file_name: str) -> Iterator[None]:
    """One batch's writes, committed together; a warehouse that cannot be written (disk full,
    read-only file) is one :class:`WarehouseError` line, not a traceback. Row order is carried
    by ``_row`` from here on, so DuckDB may write in any order (faster)."""
    con.execute("SET preserve_insertion_order = false")
    try:
        with wh.transaction(con):
            yield
    except WRITE_ERRORS as err:
        raise WarehouseError(
            f"{file_name}: cannot write to the warehouse: {' '.join(str(err).split())}"
        ) from None
    finally:
        with contextlib.suppress(duckdb.Error):  # the connection may be invalidated by now
            con.execute("RESET preserve_insertion_order")


def macros_create(con: duckdb.DuckDBPyConnection) -> None:
    wh.execute(con, "ingest/macros")


def temp_tables_delete(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the batch's temp tables; never raises (the connection may be broken by now)."""
    with contextlib.suppress(duckdb.Error):
        wh.execute(con, "ingest/temp_tables_delete")


# --- a profile's values, as DuckDB sees them -----------------------------------------------
def _complaint(err: duckdb.Error) -> str:
    """DuckDB's reason in one line, without its "Invalid Input Error:" preamble."""
    first = (str(err).strip().splitlines() or [type(err).__name__])[0]
    return first.split("Error: ", 1)[-1]


def pattern_problem(con: duckdb.DuckDBPyConnection, pattern: str) -> str | None:
    """Why DuckDB's regular expressions (RE2: no back-references, no look-arounds) refuse
    ``pattern``, or ``None``."""
    try:
        wh.frame(con, "ingest/pattern_check_read", {"pattern": pattern})
    except duckdb.Error as err:
        return _complaint(err)
    return None


def timestamp_format_problem(con: duckdb.DuckDBPyConnection, form: str) -> str | None:
    """Why DuckDB's ``strptime`` refuses the format ``form``, or ``None``."""
    try:
        wh.frame(con, "ingest/timestamp_format_check_read", {"format": form})
    except duckdb.Error as err:
        return _complaint(err)
    return None


def timezone_known(con: duckdb.DuckDBPyConnection, timezone: str) -> bool:
    return bool(wh.frame(con, "ingest/timezone_known_read", {"timezone": timezone}).item())


# --- a batch's temp tables ------------------------------------------------------------------
def raw_insert(con: duckdb.DuckDBPyConnection, source: RawSource) -> None:
    """``_raw``: the source's rows as text, in file order (made outside the transaction, so
    rowids are row numbers)."""
    if source.frame is not None:
        with wh.registered(con, "_raw_frame", source.frame):
            wh.execute(con, "ingest/raw_from_frame_insert")
        return
    params = {
        "path": str(source.csv_path),
        "columns": dict.fromkeys(source.headers, "VARCHAR"),
        "delim": source.delimiter,
    }
    try:
        wh.execute(con, "ingest/raw_from_csv_insert", params)
    except duckdb.InvalidInputException as err:  # a CSV shape DuckDB's reader cannot recover from
        raise SourceError(f"{source.path.name}: malformed CSV ({str(err).splitlines()[0]})") from None


def areas_insert(con: duckdb.DuckDBPyConnection, districts: pl.DataFrame, streets: pl.DataFrame) -> None:
    """``_area_districts(alias, district)`` and ``_area_streets(district, alias, street)``."""
    with (
        wh.registered(con, "_area_districts_frame", districts),
        wh.registered(con, "_area_streets_frame", streets),
    ):
        wh.execute(con, "ingest/areas_insert")


def batch_normalised_insert(
    con: duckdb.DuckDBPyConnection, mapped_select: str, params: Mapping[str, Any]
) -> None:
    """``_norm``: the batch typed, normalised and checked. The profile's mapping (a SELECT
    over ``_raw`` built from bound parameters only) feeds the static query as a CTE, so the
    mapped text is never materialised."""
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _norm AS WITH _mapped AS NOT MATERIALIZED ({mapped_select}) "
        f"SELECT * FROM ({wh.sql_text('ingest/batch_normalised_read')})",
        dict(params),
    )


def batch_classified_insert(con: duckdb.DuckDBPyConnection, source: str) -> None:
    """``_classified``: whether each valid row is loaded, updated or a duplicate."""
    wh.execute(con, "ingest/batch_classified_insert", {"source": source})


def rejected_lines_read(con: duckdb.DuckDBPyConnection, source: RawSource) -> int:
    """Lines the CSV reader could not split (none for sources read into memory)."""
    if source.frame is not None:
        return 0
    return int(wh.frame(con, "ingest/rejected_lines_read").item())


def batch_outcomes_read(con: duckdb.DuckDBPyConnection) -> Outcomes:
    return Outcomes(*(int(n) for n in wh.frame(con, "ingest/batch_outcomes_read").row(0)))


# --- the warehouse --------------------------------------------------------------------------
def previous_batch_read(
    con: duckdb.DuckDBPyConnection, sha256: str, profile: str
) -> tuple[int, str, int] | None:
    """(batch_id, file_name, rows_read) of the last good batch of these bytes under this profile."""
    rows = wh.frame(con, "ingest/previous_batch_read", {"sha256": sha256, "profile": profile}).rows()
    return (int(rows[0][0]), str(rows[0][1]), int(rows[0][2])) if rows else None


def row_hash_current_read(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the stored row hashes were made by this DuckDB's ``hash()``."""
    return bool(wh.frame(con, "ingest/row_hash_current_read").item())


def row_hashes_update(con: duckdb.DuckDBPyConnection, now: dt.datetime) -> None:
    wh.execute(con, "ingest/row_hashes_update", {"now": now})


def ingest_batches_insert(con: duckdb.DuckDBPyConnection, batch: BatchFile) -> int:
    """A ``running`` batch row; returns its batch_id."""
    return int(wh.frame(con, "ingest/ingest_batches_insert", asdict(batch)).item())


def ingest_batches_update(
    con: duckdb.DuckDBPyConnection, batch_id: int, end: BatchEnd, finished_at: dt.datetime
) -> None:
    wh.execute(
        con,
        "ingest/ingest_batches_update",
        {"batch_id": batch_id, "finished_at": finished_at, **asdict(end)},
    )


def failed_batch_insert(con: duckdb.DuckDBPyConnection, batch: BatchFile, message: str) -> int:
    """A batch row that records why a file could not be loaded; returns its batch_id."""
    with wh.transaction(con):
        batch_id = ingest_batches_insert(con, batch)
        ingest_batches_update(con, batch_id, BatchEnd("failed", message=message), dt.datetime.now())
    return batch_id


def complaints_insert(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
    """New records inserted, changed ones updated (``first_batch_id`` survives updates)."""
    wh.execute(con, "ingest/complaints_insert", {"batch_id": batch_id})


def quarantine_insert(
    con: duckdb.DuckDBPyConnection, batch_id: int, first_row: int, masks: Mapping[str, str]
) -> None:
    """Every invalid row of ``_norm`` with its reasons and masked raw values."""
    wh.execute(con, "ingest/quarantine_insert", {"batch_id": batch_id, "first_row": first_row, **masks})


def quarantine_malformed_insert(
    con: duckdb.DuckDBPyConnection, batch_id: int, masks: Mapping[str, str]
) -> None:
    """Every line the CSV reader rejected, masked."""
    wh.execute(con, "ingest/quarantine_malformed_insert", {"batch_id": batch_id, **masks})


# --- status ---------------------------------------------------------------------------------
def sources_read(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """One row per source: complaints, first and last received_at, districts."""
    return wh.frame(con, "ingest/sources_read")


def recent_batches_read(con: duckdb.DuckDBPyConnection, limit: int = 10) -> pl.DataFrame:
    """The newest ``limit`` batches with their outcome counts."""
    return wh.frame(con, "ingest/recent_batches_read", {"limit": limit})


def quarantine_reasons_read(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """Quarantined rows per reason (a row with two reasons counts under each)."""
    return wh.frame(con, "ingest/quarantine_reasons_read")
