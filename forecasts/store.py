"""The forecasts' IO edge: the only module of :mod:`forecasts` that runs SQL.

Reads the daily history a run fits (``complaints``) and the stored runs; writes ``forecasts``,
``forecast_metrics`` and ``early_warnings``. A write replaces the whole run id in one
transaction, so re-running a night is idempotent and a reader never sees half a run. Frames
reach DuckDB as registered views read by the named SQL files under ``analytics/sql/forecasts/``.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics import warehouse as wh
from forecasts.backtest import METRIC_COLUMNS
from forecasts.early_warnings import WARNING_COLUMNS
from forecasts.models import FORECAST_COLUMNS


def history_bounds(
    con: duckdb.DuckDBPyConnection, before: dt.date | None = None, source: str | None = None
) -> tuple[dt.date | None, dt.date | None]:
    """(first, last) day with complaints before ``before`` (both None when there are none)."""
    first, last = wh.frame(con, "forecasts/history_bounds_read", {"before": before, "source": source}).row(0)
    return first, last


def bottom_counts(
    con: duckdb.DuckDBPyConnection,
    start: dt.date | None = None,
    end: dt.date | None = None,
    source: str | None = None,
) -> pd.DataFrame:
    """Day × district × category_l1 counts from ``complaints``, the input of
    :func:`forecasts.series.daily_series`; ``start``/``end`` are inclusive, None is open."""
    params = {"start": start, "end": end, "source": source}
    return wh.frame(con, "forecasts/bottom_counts_read", params).to_pandas()


def write_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    as_of: dt.date,
    forecasts: pd.DataFrame,
    metrics: pd.DataFrame | None = None,
    warnings: pd.DataFrame | None = None,
    created_at: dt.datetime | None = None,
) -> dict[str, int]:
    """Replace run ``run_id`` with these frames in one transaction; returns rows written per table."""
    params = {"run_id": run_id, "as_of": as_of, "created_at": created_at or dt.datetime.now()}
    metrics = metrics if metrics is not None else pd.DataFrame(columns=list(METRIC_COLUMNS))
    warnings = warnings if warnings is not None else pd.DataFrame(columns=list(WARNING_COLUMNS))
    with wh.transaction(con):
        wh.execute(con, "forecasts/forecasts_delete", {"run_id": run_id})
        with wh.registered(con, "_forecast_rows", forecasts[list(FORECAST_COLUMNS)]):
            wh.execute(con, "forecasts/forecasts_insert", params)
        if not metrics.empty:
            with wh.registered(con, "_forecast_metric_rows", metrics[list(METRIC_COLUMNS)]):
                wh.execute(con, "forecasts/forecast_metrics_insert", {"run_id": run_id})
        if not warnings.empty:
            with wh.registered(con, "_forecast_warning_rows", warnings[list(WARNING_COLUMNS)]):
                wh.execute(con, "forecasts/early_warnings_insert", {"run_id": run_id, "as_of": as_of})
    return {"forecasts": len(forecasts), "forecast_metrics": len(metrics), "early_warnings": len(warnings)}


def latest_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    """The newest stored run (None when there is none)."""
    rows = wh.frame(con, "forecasts/latest_run_read")
    return str(rows.item(0, 0)) if rows.height else None


def stored_forecasts(
    con: duckdb.DuckDBPyConnection, run_id: str | None = None, unique_id: str | None = None
) -> pd.DataFrame:
    """The forecasts of a run (default: the newest) in the common forecast frame, of one series
    when ``unique_id`` is given."""
    params = {"run_id": run_id or latest_run_id(con), "unique_id": unique_id}
    frame = wh.pandas_frame(con, "forecasts/forecasts_read", params)
    return frame.assign(ds=pd.to_datetime(frame["ds"]))


def stored_metrics(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """The backtest metrics of a run (default: the newest)."""
    return wh.pandas_frame(con, "forecasts/forecast_metrics_read", {"run_id": run_id or latest_run_id(con)})


def stored_early_warnings(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """The early warnings of a run (default: the newest), largest excess first."""
    return wh.pandas_frame(con, "forecasts/early_warnings_read", {"run_id": run_id or latest_run_id(con)})
