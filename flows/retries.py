"""When a run waits and retries: only on IO that can fail transiently — opening the warehouse
while another process holds DuckDB's single lock.

A run opens the warehouse once (:func:`open_warehouse`) and hands the connection to every task;
so only the open can meet a busy lock, and only the open retries (3 × 10 s). The wait is a
loop here rather than Prefect task retries: a Prefect task that fails logs its traceback at
every level, and a warehouse that stays busy is one line (``warehouse busy: …``) for the run
to report, not 150 lines of tracebacks.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import duckdb

from analytics import warehouse as wh
from analytics.errors import WarehouseBusy
from flows.runtime import run_logger

#: Retry settings for opening the warehouse: another process may hold DuckDB's single write lock
#: for a while (a notebook, a long report); any other error is not retried. Read at each call.
WAREHOUSE_RETRIES = 3
WAREHOUSE_RETRY_DELAY_SECONDS = 10.0


def open_warehouse(db: Path, closing: contextlib.ExitStack) -> duckdb.DuckDBPyConnection:
    """Open (and migrate) the warehouse for the whole run; ``closing`` closes it when the run's
    ``with`` block ends, failed or not. A busy warehouse is retried ``WAREHOUSE_RETRIES``
    times; after that :class:`WarehouseBusy` is raised for the run to report in one line."""
    for attempt in range(WAREHOUSE_RETRIES + 1):
        try:
            return closing.enter_context(wh.connect(db))
        except WarehouseBusy as err:
            if attempt == WAREHOUSE_RETRIES:
                raise
            run_logger().info(
                "%s (retry %d of %d in %g s)",
                err,
                attempt + 1,
                WAREHOUSE_RETRIES,
                WAREHOUSE_RETRY_DELAY_SECONDS,
            )
            time.sleep(WAREHOUSE_RETRY_DELAY_SECONDS)
    raise AssertionError("unreachable")  # the loop returns or raises
