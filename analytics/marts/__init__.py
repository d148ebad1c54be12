"""Marts: aggregates the reports read, refreshed from the complaints table.

``daily_counts`` holds the 三率 inputs (complaints, responded, closed, resolved, satisfied and
their rated denominators) per day × source × district × street × category_l1 × category_l2.

The nightly refresh is incremental: it recomputes only the days touched by batches loaded since
the mart's watermark (the days those rows fall on now, and the days they were counted under
before an update moved them), so its cost follows the new rows, not the history. A backfill
recomputes a date range; :func:`rebuild_daily_counts` recomputes everything.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

import duckdb

from analytics import warehouse as wh

DAILY_COUNTS = "daily_counts"


@dataclass(frozen=True)
class MartRefresh:
    """What one refresh did: the batches absorbed and the days recomputed."""

    mart: str
    after_batch_id: int
    upto_batch_id: int
    days: tuple[dt.date, ...] = field(default_factory=tuple)

    @property
    def day_range(self) -> str:
        if not self.days:
            return "no days"
        first, last = self.days[0], self.days[-1]
        return f"{first}" if first == last else f"{first} … {last} ({len(self.days)} days)"


def _recompute_days(con: duckdb.DuckDBPyConnection, replace_record_days: bool) -> tuple[dt.date, ...]:
    """Delete and re-insert the days in ``_mart_days``; update the record → day index."""
    days = tuple(row[0] for row in con.execute(wh.sql_text("marts/mart_touched_day_list")).fetchall())
    if days:
        wh.execute(con, "marts/mart_daily_counts_delete")
        wh.execute(con, "marts/mart_daily_counts_insert")
        if replace_record_days:
            wh.execute(con, "marts/mart_record_days_delete")
        wh.execute(con, "marts/mart_record_days_upsert")
    return days


def _watermark(con: duckdb.DuckDBPyConnection, mart: str) -> tuple[int, int]:
    after, upto = con.execute(wh.sql_text("marts/mart_watermark"), {"mart": mart}).fetchall()[0]
    return int(after), int(upto)


def _set_watermark(con: duckdb.DuckDBPyConnection, mart: str, batch_id: int) -> None:
    wh.execute(
        con,
        "marts/mart_watermark_set",
        {"mart": mart, "last_batch_id": batch_id, "refreshed_at": dt.datetime.now()},
    )


@contextlib.contextmanager
def _transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    finally:
        wh.execute(con, "marts/mart_drop_temp")


def refresh_daily_counts(con: duckdb.DuckDBPyConnection) -> MartRefresh:
    """Recompute the days touched by batches newer than the watermark, in one transaction."""
    after, upto = _watermark(con, DAILY_COUNTS)
    if upto <= after:
        return MartRefresh(DAILY_COUNTS, after, upto)
    with _transaction(con):
        wh.execute(con, "marts/mart_changed_records", {"after_batch_id": after, "upto_batch_id": upto})
        wh.execute(con, "marts/mart_touched_days")
        days = _recompute_days(con, replace_record_days=False)
        _set_watermark(con, DAILY_COUNTS, upto)
    return MartRefresh(DAILY_COUNTS, after, upto, days)


def _backfill(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    params = {"start": start, "end": end}
    wh.execute(con, "marts/mart_range_records", params)
    wh.execute(con, "marts/mart_range_days", params)
    return _recompute_days(con, replace_record_days=True)


def backfill_daily_counts(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> MartRefresh:
    """Recompute every day of ``[start, end]`` from the complaints table.

    The watermark does not move: batches not yet absorbed are still picked up by the next
    :func:`refresh_daily_counts` (recomputing a day twice is harmless).
    """
    if end < start:
        raise ValueError(f"backfill range is empty: end {end} is before start {start}")
    after, _ = _watermark(con, DAILY_COUNTS)
    with _transaction(con):
        days = _backfill(con, start, end)
    return MartRefresh(DAILY_COUNTS, after, after, days)


def rebuild_daily_counts(con: duckdb.DuckDBPyConnection) -> MartRefresh:
    """Recompute the whole mart from scratch and move the watermark to the newest batch."""
    first, last = con.execute(wh.sql_text("marts/mart_complaint_day_bounds")).fetchall()[0]
    _, upto = _watermark(con, DAILY_COUNTS)
    days: tuple[dt.date, ...] = ()
    with _transaction(con):
        wh.execute(con, "marts/mart_rebuild_clear")
        if first is not None:
            days = _backfill(con, first, last)
        _set_watermark(con, DAILY_COUNTS, upto)
    return MartRefresh(DAILY_COUNTS, 0, upto, days)
