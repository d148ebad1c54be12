"""When a task may retry: only on IO that can fail transiently."""

from __future__ import annotations

from typing import Any

from analytics.errors import WarehouseBusy

#: Retry settings for tasks that open the warehouse: another process may hold DuckDB's single
#: write lock for a while (a notebook, a long report); any other error is not retried.
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
    """Task options that retry a warehouse task while another process holds the lock."""
    return {
        "retries": WAREHOUSE_RETRIES,
        "retry_delay_seconds": WAREHOUSE_RETRY_DELAY_SECONDS,
        "retry_condition_fn": warehouse_busy,
        **options,
    }
