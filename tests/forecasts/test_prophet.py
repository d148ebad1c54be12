"""Prophet: the November heating surge from a late-October forecast, intervals, pools after a fit."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from forecasts.config import ForecastSpec, Model
from forecasts.engine import forecast_all
from forecasts.models import predict
from forecasts.synthetic import synthetic_daily

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def heating_series() -> pd.DataFrame:
    """Two years of a heating-complaint series, history ending 25 October 2024."""
    return synthetic_daily(
        dt.date(2022, 10, 26), dt.date(2024, 10, 25), level=20.0, heating=1.5, onset=3.0, seed=11
    ).assign(unique_id="district=朝阳区|category=公共服务")


def test_a_late_october_forecast_shows_the_november_heating_surge(heating_series: pd.DataFrame) -> None:
    forecast = predict(heating_series, 36, Model.PROPHET).set_index("ds")
    october = heating_series.set_index("ds").loc["2024-10-01":, "y"].mean()
    surge = forecast.loc["2024-11-15":"2024-11-30", "yhat"].mean()
    assert surge >= 1.5 * october
    # the first heating day is the peak of the horizon, as on real 12345 data
    assert forecast["yhat"].idxmax() == pd.Timestamp("2024-11-15")
    assert forecast.loc[:"2024-11-14", "yhat"].mean() < 1.3 * october


def test_prophet_intervals_are_ordered_non_negative_and_reproducible(heating_series: pd.DataFrame) -> None:
    low = heating_series.assign(y=np.floor(heating_series["y"] / 10))  # a sparse series
    first, second = predict(low, 30, Model.PROPHET), predict(low, 30, Model.PROPHET)
    bounds = first[["lo95", "lo80", "yhat", "hi80", "hi95"]].to_numpy()
    assert (bounds >= 0).all() and (np.diff(bounds, axis=1) >= 0).all()
    assert (first["hi95"] - first["lo95"] > first["hi80"] - first["lo80"]).all()
    pd.testing.assert_frame_equal(first, second)


def test_a_process_pool_after_a_fit_in_the_parent_does_not_deadlock(heating_series: pd.DataFrame) -> None:
    predict(heating_series, 7, Model.PROPHET)  # the parent has now run cmdstanpy + polars
    frames = [heating_series.assign(unique_id=f"s{i}", y=heating_series["y"] + i) for i in range(8)]
    long = pd.concat(frames, ignore_index=True)
    spec = ForecastSpec(horizon=7, model=Model.PROPHET)
    seen: list[int] = []
    pooled = forecast_all(long, spec, workers=2, progress=lambda done, total: seen.append(done))
    inline = forecast_all(long, spec, workers=1)
    assert seen == list(range(1, 9)) and not pooled.problems
    pd.testing.assert_frame_equal(pooled.forecasts, inline.forecasts)
