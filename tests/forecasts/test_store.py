"""Forecast runs round-trip through a temporary warehouse; re-writing a run replaces it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from analytics import warehouse as wh
from forecasts import store
from forecasts.early_warnings import early_warnings


def _forecasts(uids: list[str], yhat: float = 10.0) -> pd.DataFrame:
    days = pd.date_range("2025-04-01", periods=30)
    return pd.DataFrame(
        [(u, d, "ets", yhat, yhat - 1, yhat + 1, yhat - 2, yhat + 2) for u in uids for d in days],
        columns=["unique_id", "ds", "model", "yhat", "lo80", "hi80", "lo95", "hi95"],
    )


def test_a_run_is_stored_read_back_and_replaced(db: Path) -> None:
    forecasts = _forecasts(["city", "district=朝阳区"])
    metrics = pd.DataFrame(
        [("city", "ets", 0, "mase", 0.8), ("city", "ets", 0, "coverage80", np.nan)],
        columns=["unique_id", "model", "fold", "metric", "value"],
    )
    history = pd.DataFrame({"unique_id": "city", "ds": pd.date_range("2024-01-01", "2025-03-31"), "y": 5.0})
    warnings = early_warnings(forecasts, history)
    assert len(warnings) == 4
    with wh.connect(db) as con:
        rows = store.write_run(con, "r1", dt.date(2025, 4, 1), forecasts, metrics, warnings)
        assert rows == {"forecasts": 60, "forecast_metrics": 2, "early_warnings": 4}
        back = store.stored_forecasts(con)
        pd.testing.assert_frame_equal(
            back, forecasts.sort_values(["unique_id", "ds"], ignore_index=True), check_dtype=False
        )
        stored = store.stored_metrics(con, "r1")
        assert stored["value"].isna().sum() == 1  # NaN stored as NULL
        assert len(store.stored_early_warnings(con, "r1")) == 4
        store.write_run(con, "r1", dt.date(2025, 4, 1), _forecasts(["city"], 3.0))
        assert len(store.stored_forecasts(con, "r1")) == 30
        assert store.stored_metrics(con, "r1").empty and store.stored_early_warnings(con, "r1").empty
    with wh.read_only(db) as con:
        versions = {v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}
        assert 3 in versions  # schema_v3 applied
        as_of = con.execute("SELECT DISTINCT as_of FROM forecasts").fetchall()
        assert as_of == [(dt.date(2025, 4, 1),)]
