"""The common ``forecast`` surface over many series, fallbacks, and the ``auto`` choice."""

from __future__ import annotations

import pandas as pd
import pytest

from forecasts import engine
from forecasts.config import CANDIDATES, BacktestConfig, ForecastSpec, Model
from forecasts.engine import forecast, forecast_series
from forecasts.models import FORECAST_COLUMNS


def test_forecast_covers_every_series_in_order(small_daily: pd.DataFrame) -> None:
    out = forecast(small_daily, horizon=10, model="snaive", workers=1)
    assert list(out.columns) == list(FORECAST_COLUMNS)
    assert out.groupby("unique_id").size().eq(10).all()
    assert out["unique_id"].nunique() == small_daily["unique_id"].nunique()
    assert out["ds"].min() == small_daily["ds"].max() + pd.Timedelta(days=1)


def test_a_failing_model_falls_back_to_seasonal_naive_and_says_so(
    small_daily: pd.DataFrame, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = engine.predict

    def broken(history, horizon, model, spec=None):
        if model is Model.ETS:
            raise RuntimeError("optimiser diverged")
        return real(history, horizon, model, spec)

    monkeypatch.setattr(engine, "predict", broken)
    city = small_daily[small_daily["unique_id"] == "city"]
    result = forecast_series(city, ForecastSpec(horizon=5, model=Model.ETS))
    assert result.model is Model.SNAIVE and "optimiser diverged" in result.problem
    assert (result.forecast["model"] == "snaive").all()


@pytest.mark.slow
def test_auto_backtests_every_candidate_and_keeps_the_best(small_daily: pd.DataFrame) -> None:
    city = small_daily[small_daily["unique_id"] == "city"]
    spec = ForecastSpec(horizon=7, model=Model.AUTO, backtest=BacktestConfig(folds=2, fold_days=14))
    result = forecast_series(city, spec)
    assert set(result.metrics["model"]) == {m.value for m in CANDIDATES}
    mase = result.metrics[result.metrics["metric"] == "mase"].groupby("model")["value"].mean()
    assert result.model.value == mase.idxmin() and result.problem is None
