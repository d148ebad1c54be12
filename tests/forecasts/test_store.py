"""Forecast runs round-trip through a temporary warehouse; re-writing a run replaces it, all or nothing."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analytics import warehouse as wh
from forecasts import store
from forecasts.early_warnings import early_warnings

REPO = Path(__file__).resolve().parents[2]


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
        one = store.stored_forecasts(con, "r1", unique_id="district=朝阳区")
        assert len(one) == 30 and set(one["unique_id"]) == {"district=朝阳区"}
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


#: Re-writes run r1 with one city series at 3.0 (6 statements: 3 deletes, 3 inserts).
_REWRITE = """
import datetime as dt, sys
import pandas as pd
from analytics import warehouse as wh
from forecasts import store
from tests.forecasts.test_store import _forecasts

columns = ["unique_id", "model", "fold", "metric", "value"]
metrics = pd.DataFrame([("city", "ets", 0, "mase", 0.5)], columns=columns)
warnings = pd.read_pickle(sys.argv[2])
with wh.connect(sys.argv[1]) as con:
    store.write_run(con, "r1", dt.date(2025, 4, 1), _forecasts(["city"], 3.0), metrics, warnings)
"""


@pytest.mark.parametrize("crash_after", [1, 4, 6])
def test_a_crash_while_rewriting_a_run_keeps_the_previous_one(
    db: Path, tmp_path: Path, crash_after: int
) -> None:
    forecasts = _forecasts(["city", "district=朝阳区"])
    history = pd.DataFrame({"unique_id": "city", "ds": pd.date_range("2024-01-01", "2025-03-31"), "y": 1.0})
    warnings = early_warnings(forecasts, history)
    warnings.to_pickle(tmp_path / "warnings.pkl")
    with wh.connect(db) as con:
        store.write_run(con, "r1", dt.date(2025, 4, 1), forecasts, None, warnings)
    env = {**os.environ, "WEISU_FAULT_AFTER_STATEMENTS": str(crash_after)}
    command = [sys.executable, "-c", _REWRITE, str(db), str(tmp_path / "warnings.pkl")]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 137, done.stderr
    with wh.read_only(db) as con:
        assert len(store.stored_forecasts(con, "r1")) == 60
        assert store.stored_metrics(con, "r1").empty
        assert len(store.stored_early_warnings(con, "r1")) == len(warnings) > 0
