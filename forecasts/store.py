"""Forecast runs in the warehouse: ``forecasts``, ``forecast_metrics``, ``early_warnings``.

Writes replace the whole run id in one transaction, so re-running a night is idempotent and a
reader never sees half a run. Frames reach DuckDB as registered views read by named SQL files.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analytics import warehouse as wh
from forecasts.backtest import METRIC_COLUMNS
from forecasts.early_warnings import WARNING_COLUMNS
from forecasts.models import FORECAST_COLUMNS


def write_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    as_of: dt.date,
    forecasts: pd.DataFrame,
    metrics: pd.DataFrame | None = None,
    warnings: pd.DataFrame | None = None,
    created_at: dt.datetime | None = None,
) -> dict[str, int]:
    """Replace run ``run_id`` with these frames; returns rows written per table."""
    params = {"run_id": run_id, "as_of": as_of, "created_at": created_at or dt.datetime.now()}
    metrics = metrics if metrics is not None else pd.DataFrame(columns=list(METRIC_COLUMNS))
    warnings = warnings if warnings is not None else pd.DataFrame(columns=list(WARNING_COLUMNS))
    con.execute("BEGIN TRANSACTION")
    try:
        wh.execute(con, "forecasts/forecast_run_delete", {"run_id": run_id})
        with wh.registered(con, "_forecast_rows", forecasts[list(FORECAST_COLUMNS)]):
            wh.execute(con, "forecasts/forecast_insert", params)
        if not metrics.empty:
            with wh.registered(con, "_forecast_metric_rows", metrics[list(METRIC_COLUMNS)]):
                wh.execute(con, "forecasts/forecast_metrics_insert", {"run_id": run_id})
        if not warnings.empty:
            with wh.registered(con, "_forecast_warning_rows", warnings[list(WARNING_COLUMNS)]):
                wh.execute(
                    con, "forecasts/forecast_early_warnings_insert", {"run_id": run_id, "as_of": as_of}
                )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    return {"forecasts": len(forecasts), "forecast_metrics": len(metrics), "early_warnings": len(warnings)}


def latest_run_id(con: duckdb.DuckDBPyConnection) -> str | None:
    rows = con.execute(wh.sql_text("forecasts/forecast_latest_run")).fetchall()
    return rows[0][0] if rows else None


def stored_forecasts(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """The forecasts of a run (default: the newest) in the common forecast frame."""
    frame = wh.pandas_frame(con, "forecasts/forecast_read", {"run_id": run_id or latest_run_id(con)})
    return frame.assign(ds=pd.to_datetime(frame["ds"]))


def stored_metrics(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    return wh.pandas_frame(con, "forecasts/forecast_metrics_read", {"run_id": run_id or latest_run_id(con)})


def stored_early_warnings(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    return wh.pandas_frame(
        con, "forecasts/forecast_early_warnings_read", {"run_id": run_id or latest_run_id(con)}
    )
