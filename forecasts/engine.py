"""Forecast many series: the per-series pure function and the fan-out around it.

:func:`forecast_series` does everything one series needs — backtest when asked, choose the model
for ``auto``, fit, forecast — and returns plain frames, so a flow can map it over a Prefect or
Dask task runner instead of :func:`forecasts.parallel.map_series`. A model that fails on a series
(an optimiser that does not converge, say) falls back to seasonal naive for that series, and a
failed backtest leaves ``auto`` on Prophet; either way the result names the series and the error
in ``problems``: a run never reports success while silently degrading series.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial

import pandas as pd

from analytics.vocabulary import DS, UNIQUE_ID
from forecasts.backtest import METRIC_COLUMNS, backtest_series, choose_models
from forecasts.config import CANDIDATES, BacktestConfig, ForecastSpec, Model
from forecasts.models import empty_forecasts, predict
from forecasts.parallel import Progress, Workers, map_series


@dataclass(frozen=True)
class SeriesResult:
    unique_id: str
    model: Model
    forecast: pd.DataFrame
    metrics: pd.DataFrame
    problem: str | None = None


@dataclass(frozen=True)
class ForecastResult:
    forecasts: pd.DataFrame
    metrics: pd.DataFrame
    chosen: dict[str, Model]
    problems: dict[str, str]


#: What a worker needs imported for each model (the fork server imports it once for all workers).
_PRELOAD: dict[Model, tuple[str, ...]] = {
    Model.SNAIVE: ("forecasts.engine",),
    Model.ETS: ("forecasts.engine", "statsforecast.models"),
    Model.PROPHET: ("forecasts.engine", "forecasts.prophet_model", "prophet"),
    Model.AUTO: ("forecasts.engine", "forecasts.prophet_model", "prophet", "statsforecast.models"),
}


def _backtest_plan(spec: ForecastSpec) -> tuple[tuple[Model, ...], BacktestConfig | None]:
    if spec.model is Model.AUTO:
        return CANDIDATES, spec.backtest or BacktestConfig()
    return (spec.model,), spec.backtest


def forecast_series(series: pd.DataFrame, spec: ForecastSpec) -> SeriesResult:
    """Backtest (if asked or ``auto``), pick the model, forecast ``spec.horizon`` days."""
    series = series.sort_values(DS).reset_index(drop=True)
    unique_id = str(series[UNIQUE_ID].iloc[0])
    spec = replace(spec, model=Model(spec.model))
    models, config = _backtest_plan(spec)
    metrics = pd.DataFrame(columns=list(METRIC_COLUMNS))
    problem = None
    if config is not None:
        try:
            metrics = backtest_series(series, models, spec, config)
        except Exception as err:  # one bad series must not sink the run; reported in `problem`
            problem = f"backtest failed: {type(err).__name__}: {err}"
    model = choose_models(metrics, [unique_id])[unique_id] if spec.model is Model.AUTO else spec.model
    try:
        forecast = predict(series, spec.horizon, model, spec)
    except Exception as err:  # same: fall back to the model that cannot fail
        problem = f"{model.value} failed, used snaive: {type(err).__name__}: {err}"
        model = Model.SNAIVE
        forecast = predict(series, spec.horizon, model, spec)
    return SeriesResult(unique_id, model, forecast, metrics, problem)


def split_series(df_long: pd.DataFrame) -> list[pd.DataFrame]:
    """One frame per ``unique_id`` in id order (the unit of work)."""
    return [group.reset_index(drop=True) for _, group in df_long.groupby(UNIQUE_ID, sort=True)]


def forecast_all(
    df_long: pd.DataFrame, spec: ForecastSpec, workers: Workers = None, progress: Progress | None = None
) -> ForecastResult:
    """:func:`forecast_series` over every series of the long frame, in a process pool."""
    model = Model(spec.model)
    if model is Model.SNAIVE and spec.backtest is None:
        workers = 1  # ≈ 5 ms a series: a pool's start-up would cost more than the work
    results = map_series(
        partial(forecast_series, spec=spec), split_series(df_long), workers, progress, preload=_PRELOAD[model]
    )
    return combine(results)


def combine(results: Sequence[SeriesResult]) -> ForecastResult:
    """Stack per-series results (what a flow does after its own fan-out)."""
    forecasts = [r.forecast for r in results]
    metrics = [r.metrics for r in results if not r.metrics.empty]
    return ForecastResult(
        forecasts=pd.concat(forecasts, ignore_index=True) if forecasts else empty_forecasts(),
        metrics=(
            pd.concat(metrics, ignore_index=True) if metrics else pd.DataFrame(columns=list(METRIC_COLUMNS))
        ),
        chosen={r.unique_id: r.model for r in results},
        problems={r.unique_id: r.problem for r in results if r.problem},
    )


def forecast(
    df_long: pd.DataFrame,
    horizon: int = 30,
    model: Model | str = Model.AUTO,
    *,
    backtest: BacktestConfig | None = None,
    workers: Workers = None,
    progress: Progress | None = None,
    spec: ForecastSpec | None = None,
) -> pd.DataFrame:
    """``unique_id, ds, model, yhat, lo80, hi80, lo95, hi95`` for every series of ``df_long``."""
    spec = replace(spec or ForecastSpec(), horizon=horizon, model=Model(model), backtest=backtest)
    return forecast_all(df_long, spec, workers, progress).forecasts.sort_values(
        [UNIQUE_ID, DS], ignore_index=True
    )


__all__ = [
    "ForecastResult",
    "SeriesResult",
    "combine",
    "forecast",
    "forecast_all",
    "forecast_series",
    "split_series",
]
