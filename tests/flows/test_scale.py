"""The scale-out path: forecast fitting on a Dask cluster gives the local run's numbers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analytics.errors import WeisuError
from flows.scale import fitting_workers
from forecasts.config import BacktestConfig, ForecastSpec, Model
from forecasts.engine import forecast_all


def _series(n_series: int = 6, days: int = 200) -> pd.DataFrame:
    rng = np.random.default_rng(3)
    ds = pd.date_range("2025-01-01", periods=days, freq="D")
    frames = [
        pd.DataFrame({"unique_id": f"district=d{k}", "ds": ds, "y": rng.poisson(20 + 5 * (ds.dayofweek < 5))})
        for k in range(n_series)
    ]
    return pd.concat(frames, ignore_index=True)


@pytest.mark.slow
def test_dask_local_cluster_fits_exactly_what_the_local_pool_fits() -> None:
    spec = ForecastSpec(horizon=14, model=Model.ETS, backtest=BacktestConfig(folds=2, fold_days=14))
    local = forecast_all(_series(), spec, workers=1)
    with fitting_workers("dask") as executor:
        assert executor is not None
        clustered = forecast_all(_series(), spec, workers=executor)
    pd.testing.assert_frame_equal(local.forecasts, clustered.forecasts)
    pd.testing.assert_frame_equal(local.metrics, clustered.metrics)
    assert local.chosen == clustered.chosen


def test_thread_runner_fits_locally_and_a_bad_scheduler_is_one_line() -> None:
    with fitting_workers("thread") as workers:
        assert workers is None
    refused = r"cannot reach the Dask scheduler at tcp://127\.0\.0\.1:1"
    with pytest.raises(WeisuError, match=refused), fitting_workers("dask", "tcp://127.0.0.1:1"):
        pass
