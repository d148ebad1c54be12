"""Marts: aggregates the reports read, refreshed from the complaints table.

``daily_counts`` holds the 三率 inputs (complaints, responded, closed, resolved, satisfied and
their rated denominators) per day × source × district × street × category_l1 × category_l2.

The nightly refresh is incremental: it recomputes only the days touched by batches loaded since
the mart's watermark (the days those rows fall on now, and the days they were counted under
before an update moved them), so its cost follows the new rows, not the history. A backfill
recomputes a date range; :func:`rebuild_daily_counts` recomputes everything. The SQL lives in
:mod:`analytics.marts.store`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import duckdb

from analytics.marts import store

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
    """Recompute the days listed by the store; returns them in order."""
    days = store.touched_days_read(con)
    if days:
        store.daily_counts_replace(con, replace_record_days)
    return days


def refresh_daily_counts(con: duckdb.DuckDBPyConnection) -> MartRefresh:
    """Recompute the days touched by batches newer than the watermark, in one transaction."""
    after, upto = store.watermark_read(con, DAILY_COUNTS)
    if upto <= after:
        return MartRefresh(DAILY_COUNTS, after, upto)
    with store.days_transaction(con):
        store.changed_days_insert(con, after, upto)
        days = _recompute_days(con, replace_record_days=False)
        store.watermark_insert(con, DAILY_COUNTS, upto)
    return MartRefresh(DAILY_COUNTS, after, upto, days)


def _backfill(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
    store.range_days_insert(con, start, end)
    return _recompute_days(con, replace_record_days=True)


def backfill_daily_counts(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> MartRefresh:
    """Recompute every day of ``[start, end]`` from the complaints table.

    The watermark does not move: batches not yet absorbed are still picked up by the next
    :func:`refresh_daily_counts` (recomputing a day twice is harmless).
    """
    if end < start:
        raise ValueError(f"backfill range is empty: end {end} is before start {start}")
    after, _ = store.watermark_read(con, DAILY_COUNTS)
    with store.days_transaction(con):
        days = _backfill(con, start, end)
    return MartRefresh(DAILY_COUNTS, after, after, days)


def rebuild_daily_counts(con: duckdb.DuckDBPyConnection) -> MartRefresh:
    """Recompute the whole mart from scratch and move the watermark to the newest batch."""
    bounds = store.complaint_day_bounds_read(con)
    _, upto = store.watermark_read(con, DAILY_COUNTS)
    days: tuple[dt.date, ...] = ()
    with store.days_transaction(con):
        store.mart_tables_delete(con)
        if bounds is not None:
            days = _backfill(con, *bounds)
        store.watermark_insert(con, DAILY_COUNTS, upto)
    return MartRefresh(DAILY_COUNTS, 0, upto, days)
