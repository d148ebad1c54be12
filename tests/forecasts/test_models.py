"""The common model surface: frame shape, ordered non-negative intervals, hand-checked naive."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from forecasts.baselines import seasonal_naive
from forecasts.config import Model
from forecasts.models import FORECAST_COLUMNS, predict, tidy_intervals
from forecasts.synthetic import synthetic_daily


def _series(y, start: str = "2024-01-01", uid: str = "s") -> pd.DataFrame:
    return pd.DataFrame(
        {"unique_id": uid, "ds": pd.date_range(start, periods=len(y)), "y": np.asarray(y, dtype=float)}
    )


def assert_ordered(frame: pd.DataFrame) -> None:
    cols = frame[["lo95", "lo80", "yhat", "hi80", "hi95"]].to_numpy()
    assert (cols >= 0).all()
    assert (np.diff(cols, axis=1) >= 0).all()


def test_seasonal_naive_by_hand() -> None:
    week = np.array([10, 10, 10, 10, 10, 5, 5])
    y = np.concatenate([week, week + 2, week - 1])  # 1-week differences: seven +2, seven -3
    out = seasonal_naive(y, 8)
    assert out["yhat"].tolist() == [9, 9, 9, 9, 9, 4, 4, 9]
    assert np.allclose(out["lo80"][:7], out["yhat"][:7] - 3)
    assert np.allclose(out["hi80"][:7], out["yhat"][:7] + 2)
    # day 8 is two weeks ahead; its 7 two-week differences are too few, so the one-week ones × √2
    assert out["lo95"][7] == pytest.approx(9 - 3 * np.sqrt(2))
    assert out["hi95"][7] == pytest.approx(9 + 2 * np.sqrt(2))


def test_tidy_intervals_clips_and_orders() -> None:
    frame = pd.DataFrame(
        {
            "yhat": [-2.0, 5.0],
            "lo80": [-3.0, 6.0],
            "hi80": [-1.0, 4.0],
            "lo95": [-5.0, 1.0],
            "hi95": [0.0, 4.5],
        }
    )
    tidy = tidy_intervals(frame)
    assert tidy.loc[0].tolist() == [0.0, 0.0, 0.0, 0.0, 0.0]
    assert tidy.loc[1, ["lo95", "lo80", "yhat", "hi80", "hi95"]].tolist() == [1.0, 5.0, 5.0, 5.0, 5.0]
    assert frame.loc[0, "yhat"] == -2.0  # the input is not mutated


@pytest.mark.parametrize("model", [Model.SNAIVE, Model.ETS])
def test_baselines_give_the_common_frame(model: Model) -> None:
    history = synthetic_daily(dt.date(2023, 1, 1), dt.date(2024, 3, 31), level=3.0, seed=2)
    forecast = predict(history.assign(unique_id="low"), 30, model)
    assert list(forecast.columns) == list(FORECAST_COLUMNS)
    assert len(forecast) == 30 and (forecast["model"] == model.value).all()
    assert forecast["ds"].iloc[0] == pd.Timestamp("2024-04-01")
    assert_ordered(forecast)


@pytest.mark.parametrize("model", [Model.SNAIVE, Model.ETS, Model.PROPHET])
def test_a_series_that_never_moved_is_forecast_flat(model: Model) -> None:
    forecast = predict(_series(np.zeros(400)), 10, model)
    assert (forecast[["yhat", "lo80", "hi80", "lo95", "hi95"]].to_numpy() == 0).all()


def test_auto_is_not_a_model_of_its_own() -> None:
    from forecasts.errors import ForecastError

    with pytest.raises(ForecastError, match="auto"):
        predict(_series(np.arange(30)), 5, Model.AUTO)
