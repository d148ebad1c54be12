"""The warehouse: the only module that opens DuckDB.

Everything else receives a connection from :func:`connect` (read-write, schema applied) or
:func:`read_only` (notebooks and reports, refused on a warehouse that is not migrated). Only a
domain's store (or query) module runs SQL: named files under ``analytics/sql/<domain>/`` through
:func:`execute` and :func:`frame`, always with bound parameters, and every multi-statement
write inside :func:`transaction`, so a crash leaves the previous state.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import weakref
from collections.abc import Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import polars as pl

from analytics.errors import WarehouseBusy, WarehouseError
from analytics.settings import settings

Params = Sequence[Any] | Mapping[str, Any] | None

#: Fault injection for the crash tests: with ``WEISU_FAULT_AFTER_STATEMENTS=N`` the process dies
#: (as ``kill -9`` would, no cleanup) right after the N-th statement run through :func:`execute`.
_FAULT_AFTER = int(os.environ.get("WEISU_FAULT_AFTER_STATEMENTS") or 0)
_STATEMENTS_RUN = itertools.count(1)

#: Ordered migrations: (version, sql file, description). Append, never edit a landed one.
MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "schema/schema_v1", "complaints, ingest_batches, quarantine"),
    (2, "schema/schema_v2", "daily_counts mart, validation_results, nightly_runs"),
    (3, "schema/schema_v3", "forecasts, forecast_metrics, early_warnings"),
    (4, "schema/schema_v4", "themes, complaint_themes, chosen_topics, classifier_models"),
    (
        5,
        "schema/schema_v5",
        "performance_runs, unit_rankings, street_risk, topic_impacts, topic_impact_months",
    ),
    (6, "schema/schema_v6", "complaints without the key index; 64-bit row hashes"),
    (7, "schema/schema_v7", "topic_candidates; hotspot q-values and expectation source"),
)


@cache
def sql_text(name: str) -> str:
    """The text of ``analytics/sql/<domain>/<name>.sql`` (``name`` is ``"<domain>/<name>"``)."""
    return resources.files("analytics.sql").joinpath(f"{name}.sql").read_text(encoding="utf-8")


def _open(path: Path, read_only: bool, memory: str | None = None) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise WarehouseError(f"no warehouse at {path}: run `weisu ingest` or `weisu demo` first")
    try:
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        return duckdb.connect(
            str(path), read_only=read_only, config={"memory_limit": memory} if memory else {}
        )
    except duckdb.IOException as err:
        text = str(err)
        if "lock" in text.lower():
            raise WarehouseBusy(
                f"warehouse busy: {path} is open in another process (DuckDB allows one "
                "writer, and no writer while other processes read); wait for it to finish "
                "and retry"
            ) from None
        raise WarehouseError(f"cannot open warehouse {path}: {text.splitlines()[0]}") from None
    except duckdb.Error as err:  # not a DuckDB file, or a bad WEISU_DUCKDB_MEMORY
        setting = f" with WEISU_DUCKDB_MEMORY={memory!r}" if memory else ""
        raise WarehouseError(f"cannot open warehouse {path}{setting}: {str(err).splitlines()[0]}") from None
    except (PermissionError, OSError) as err:
        raise WarehouseError(f"cannot open warehouse {path}: {err.strerror or err}") from None


def apply_migrations(con: duckdb.DuckDBPyConnection) -> int:
    """Create or upgrade the schema; returns the version now in force."""
    con.execute(sql_text("schema/schema_version"))
    done = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
    for version, name, description in MIGRATIONS:
        if version in done:
            continue
        with transaction(con):
            con.execute(sql_text(name))
            con.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)",
                [version, description],
            )
    return max(v for v, _, _ in MIGRATIONS)


@contextlib.contextmanager
def connect(db: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection with the schema applied, closed on exit."""
    config = settings(db)
    con = _open(config.db_path, read_only=False, memory=config.duckdb_memory)
    try:
        apply_migrations(con)
        yield con
    finally:
        con.close()


@contextlib.contextmanager
def read_only(db: str | Path | None = None) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for notebooks and reports; never writes, never migrates."""
    config = settings(db)
    con = _open(config.db_path, read_only=True, memory=config.duckdb_memory)
    try:
        _require_current_schema(con, config.db_path)
        yield con
    finally:
        con.close()


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version a warehouse is at: 0 when it has never been migrated."""
    present = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_version' AND NOT temporary"
    ).fetchall()[0][0]
    if not present:
        return 0
    return con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchall()[0][0]


def _require_current_schema(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    # Readers never migrate; one clear line instead of "table missing" branches everywhere.
    found, latest = schema_version(con), MIGRATIONS[-1][0]
    if found < latest:
        raise WarehouseError(
            f"warehouse {path} is at schema v{found}, this Weisu needs v{latest}: open it once "
            "read-write (`weisu ingest` or `weisu nightly`) to migrate it"
        )


#: Connections inside a :func:`transaction` block (DuckDB aborts a transaction on a nested BEGIN,
#: so nesting is tracked here rather than probed).
_OPEN_TRANSACTIONS: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()


@contextlib.contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Everything inside commits together or not at all (rolled back on any exception).

    Nested use joins the outer transaction: DuckDB has no savepoints, so the outermost block
    decides, which is what a step made of smaller writes wants.
    """
    if con in _OPEN_TRANSACTIONS:
        yield con
        return
    con.execute("BEGIN TRANSACTION")
    _OPEN_TRANSACTIONS.add(con)
    try:
        yield con
    except BaseException:
        _OPEN_TRANSACTIONS.discard(con)
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")
        raise
    _OPEN_TRANSACTIONS.discard(con)
    con.execute("COMMIT")


@contextlib.contextmanager
def registered(
    con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame | pd.DataFrame
) -> Iterator[None]:
    """``frame`` visible to SQL as the view ``name`` for the duration of the block: how frames
    reach the named SQL files (values are never formatted into SQL)."""
    con.register(name, frame.to_arrow() if isinstance(frame, pl.DataFrame) else frame)
    try:
        yield
    finally:
        con.unregister(name)


def execute(con: duckdb.DuckDBPyConnection, name: str, params: Params = None) -> None:
    """Run the statements of a named SQL file, each bound to the named parameters it uses."""
    statements = con.extract_statements(sql_text(name))
    for statement in statements:
        if isinstance(params, Mapping) and len(statements) > 1:
            con.execute(statement, {k: params[k] for k in statement.named_parameters} or None)
        else:
            con.execute(statement, params)
        if _FAULT_AFTER and next(_STATEMENTS_RUN) >= _FAULT_AFTER:
            os._exit(137)


def frame(con: duckdb.DuckDBPyConnection, name: str, params: Params = None) -> pl.DataFrame:
    """The result of a named SQL query as a polars frame."""
    return con.sql(sql_text(name), params=params).pl()


def pandas_frame(con: duckdb.DuckDBPyConnection, name: str, params: Params = None) -> pd.DataFrame:
    """The result of a named SQL query as a pandas frame (for GX, Prophet, plotly)."""
    return con.sql(sql_text(name), params=params).df()


def table_counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row counts of the core tables, for status output and tests."""
    names = ("complaints", "quarantine", "ingest_batches")
    return {n: con.execute(f"SELECT count(*) FROM {n}").fetchall()[0][0] for n in names}


def schema_snapshot(con: duckdb.DuckDBPyConnection) -> str:
    """The schema in force as DDL, one statement per object in name order: what
    ``analytics/sql/schema/current.sql`` records, so no one has to replay six migrations."""
    rows = con.execute(
        "SELECT 'table' AS kind, table_name AS name, sql FROM duckdb_tables() "
        "WHERE NOT temporary AND schema_name = 'main' "
        "UNION ALL SELECT 'view', view_name, sql FROM duckdb_views() "
        "WHERE NOT temporary AND NOT internal AND schema_name = 'main' "
        "UNION ALL SELECT 'index', index_name, sql FROM duckdb_indexes() "
        "WHERE schema_name = 'main' AND database_name = current_database() "
        "UNION ALL SELECT 'sequence', sequence_name, sql FROM duckdb_sequences() "
        "WHERE NOT temporary AND schema_name = 'main' "
        "ORDER BY kind DESC, name"
    ).fetchall()
    header = (
        "-- The current warehouse schema, generated from a freshly migrated database by\n"
        "-- `python scripts/schema_snapshot.py`; a test keeps it equal. Do not edit: add a migration.\n"
    )
    return header + "".join(f"\n-- {kind} {name}\n{sql.strip()}\n" for kind, name, sql in rows)
