"""The marts' IO edge: the SQL that recomputes ``daily_counts`` and moves its watermark.

A refresh or backfill first lists the days to recompute in the temp tables ``_mart_changed``
(records and the day each falls on) and ``_mart_days``, then replaces those days; everything
inside :func:`days_transaction`, so a crash leaves the previous mart. Functions are named after
the SQL file they run (``analytics/sql/marts/``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator

import duckdb

from analytics import warehouse as wh


@contextlib.contextmanager
def days_transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """The block's writes commit together; the temp day lists are dropped either way."""
    try:
        with wh.transaction(con):
            yield
    finally:
        wh.execute(con, "marts/temp_tables_delete")


def watermark_read(con: duckdb.DuckDBPyConnection, mart: str) -> tuple[int, int]:
    """(the mart's last absorbed batch, the newest batch in the warehouse)."""
    after, upto = wh.frame(con, "marts/watermark_read", {"mart": mart}).row(0)
    return int(after), int(upto)


def watermark_insert(con: duckdb.DuckDBPyConnection, mart: str, batch_id: int) -> None:
    wh.execute(
        con,
        "marts/watermark_insert",
        {"mart": mart, "last_batch_id": batch_id, "refreshed_at": dt.datetime.now()},
    )


def complaint_day_bounds_read(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, dt.date] | None:
    """The first and last day a complaint was received on; ``None`` without complaints."""
    first, last = wh.frame(con, "marts/complaint_day_bounds_read").row(0)
    return None if first is None else (first, last)


def changed_days_insert(con: duckdb.DuckDBPyConnection, after_batch_id: int, upto_batch_id: int) -> None:
    """The days touched by batches in ``(after_batch_id, upto_batch_id]``: where their
    records fall now and where they were counted before."""
    wh.execute(
        con,
        "marts/changed_days_insert",
        {"after_batch_id": after_batch_id, "upto_batch_id": upto_batch_id},
    )


def range_days_insert(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> None:
    """Every day of ``[start, end]`` and the records received on them."""
    wh.execute(con, "marts/range_days_insert", {"start": start, "end": end})


def touched_days_read(con: duckdb.DuckDBPyConnection) -> tuple[dt.date, ...]:
    return tuple(wh.frame(con, "marts/touched_days_read").get_column("day").to_list())


def daily_counts_replace(con: duckdb.DuckDBPyConnection, replace_record_days: bool) -> None:
    """Delete and re-insert the listed days of ``daily_counts``; record which day each changed
    record is counted on (a backfill first forgets the range's old entries)."""
    wh.execute(con, "marts/daily_counts_delete")
    wh.execute(con, "marts/daily_counts_insert")
    if replace_record_days:
        wh.execute(con, "marts/record_days_delete")
    wh.execute(con, "marts/record_days_insert")


def mart_tables_delete(con: duckdb.DuckDBPyConnection) -> None:
    """Empty ``daily_counts`` and its record → day index (before a rebuild)."""
    wh.execute(con, "marts/mart_tables_delete")
