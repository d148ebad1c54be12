"""Early warnings fire on a planted surge and stay quiet on a flat series."""

from __future__ import annotations

import numpy as np
import pandas as pd

from forecasts.config import Model, WarningRule
from forecasts.early_warnings import LAST_YEAR, RECENT, early_warnings
from forecasts.models import predict

HISTORY_DAYS = pd.date_range("2024-01-01", "2025-03-31")
FORECAST_DAYS = pd.date_range("2025-04-01", periods=30)


def _history(uid: str, level: float, seed: int = 0) -> pd.DataFrame:
    y = np.random.default_rng(seed).poisson(level, len(HISTORY_DAYS)).astype(float)
    return pd.DataFrame({"unique_id": uid, "ds": HISTORY_DAYS, "y": y})


def _forecast(uid: str, yhat: float, spread: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "unique_id": uid,
            "ds": FORECAST_DAYS,
            "model": "prophet",
            "yhat": yhat,
            "lo80": yhat - spread,
            "hi80": yhat + spread,
            "lo95": yhat - 2 * spread,
            "hi95": yhat + 2 * spread,
        }
    )


def test_a_planted_surge_fires_against_both_baselines() -> None:
    history = _history("surge", 20.0)
    warnings = early_warnings(_forecast("surge", 40.0, 5.0), history)
    assert set(zip(warnings["window_days"], warnings["basis"], strict=True)) == {
        (7, LAST_YEAR),
        (7, RECENT),
        (30, LAST_YEAR),
        (30, RECENT),
    }
    month = warnings[(warnings["window_days"] == 30) & (warnings["basis"] == LAST_YEAR)].iloc[0]
    same_days_last_year = history.set_index("ds")["y"]["2024-04-02":"2024-05-01"].sum()  # 364 days back
    assert month["forecast"] == 1200 and month["baseline"] == same_days_last_year
    assert month["excess"] == 1200 - same_days_last_year and month["ratio"] > 1.8
    assert warnings["excess"].is_monotonic_decreasing


def test_a_flat_series_or_a_wide_interval_does_not_fire() -> None:
    history = pd.concat([_history("flat", 20.0), _history("wide", 20.0, seed=1)])
    forecasts = pd.concat([_forecast("flat", 20.5, 5.0), _forecast("wide", 30.0, 15.0)])
    assert early_warnings(forecasts, history).empty  # wide: lower bound not clear


def test_tiny_volumes_are_ignored() -> None:
    history = _history("tiny", 0.05)
    assert early_warnings(_forecast("tiny", 1.0, 0.1), history, WarningRule(windows=(7,))).empty


def test_a_real_step_up_fires_end_to_end_with_seasonal_naive() -> None:
    history = _history("step", 20.0)
    history.loc[history["ds"] >= "2025-03-04", "y"] += 30  # a surge that began four weeks ago
    forecast = predict(history, 30, Model.SNAIVE)
    warnings = early_warnings(forecast, history)
    assert (warnings["basis"] == LAST_YEAR).any()
    flat = _history("flat", 20.0)
    assert early_warnings(predict(flat, 30, Model.SNAIVE), flat).empty
