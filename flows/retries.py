"""When a task may retry: only on IO that can fail transiently — opening the warehouse while
another process holds DuckDB's single lock.

A run opens the warehouse once (:func:`open_warehouse`) and hands the connection to every task;
so only the open can meet a busy lock, and only the open retries.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import duckdb
from prefect import task
from prefect.cache_policies import NO_CACHE

from analytics import warehouse as wh
from analytics.errors import WarehouseBusy

#: Retry settings for opening the warehouse: another process may hold DuckDB's single write lock
#: for a while (a notebook, a long report); any other error is not retried.
WAREHOUSE_RETRIES = 3
WAREHOUSE_RETRY_DELAY_SECONDS = 10


def warehouse_busy(task: Any, task_run: Any, state: Any) -> bool:
    """Prefect ``retry_condition_fn``: retry only when the warehouse is locked by a writer."""
    try:
        state.result()
    except WarehouseBusy:
        return True
    except Exception:
        return False
    return False


def on_warehouse(**options: Any) -> dict[str, Any]:
    """Task options that retry a warehouse open while another process holds the lock."""
    return {
        "retries": WAREHOUSE_RETRIES,
        "retry_delay_seconds": WAREHOUSE_RETRY_DELAY_SECONDS,
        "retry_condition_fn": warehouse_busy,
        **options,
    }


@task(cache_policy=NO_CACHE, **on_warehouse(name="open-warehouse"))
def open_warehouse(db: Path, closing: contextlib.ExitStack) -> duckdb.DuckDBPyConnection:
    """Open (and migrate) the warehouse for the whole run; ``closing`` closes it when the run's
    ``with`` block ends, failed or not. Call it, never submit it: the connection stays in the
    flow process."""
    return closing.enter_context(wh.connect(db))
