"""One fit/predict surface over the models: history in, the common forecast frame out.

Every model returns ``unique_id, ds, model, yhat, lo80, hi80, lo95, hi95`` for the ``horizon``
days after the history. :func:`tidy_intervals` then makes the promises the rest of the package
relies on: nothing negative (complaints are counts) and ``lo95 <= lo80 <= yhat <= hi80 <= hi95``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.vocabulary import DS, UNIQUE_ID, Y
from forecasts.baselines import ets, seasonal_naive
from forecasts.config import ForecastSpec, Model
from forecasts.errors import ForecastError

MODEL = "model"
YHAT = "yhat"
BOUNDS = ("lo80", "hi80", "lo95", "hi95")
FORECAST_COLUMNS = (UNIQUE_ID, DS, MODEL, YHAT, *BOUNDS)
#: A series flat over the last year (typically all zeros) is forecast flat, by every model.
_FLAT_WINDOW_DAYS = 364


def empty_forecasts() -> pd.DataFrame:
    return pd.DataFrame(
        {
            c: pd.Series(dtype="datetime64[ns]" if c == DS else str if c in (UNIQUE_ID, MODEL) else float)
            for c in FORECAST_COLUMNS
        }
    )


def tidy_intervals(frame: pd.DataFrame) -> pd.DataFrame:
    """Clip at zero and order the bounds around the point forecast (a new frame)."""
    yhat = np.clip(frame[YHAT].to_numpy(dtype=float), 0, None)
    lo80 = np.clip(np.minimum(frame["lo80"].to_numpy(dtype=float), yhat), 0, None)
    lo95 = np.clip(np.minimum(frame["lo95"].to_numpy(dtype=float), lo80), 0, None)
    hi80 = np.maximum(frame["hi80"].to_numpy(dtype=float), yhat)
    hi95 = np.maximum(frame["hi95"].to_numpy(dtype=float), hi80)
    return frame.assign(yhat=yhat, lo80=lo80, hi80=hi80, lo95=lo95, hi95=hi95)


def _bounds(history: pd.DataFrame, horizon: int, model: Model, spec: ForecastSpec) -> dict:
    y = history[Y].to_numpy(dtype=float)
    if model is Model.SNAIVE:
        return seasonal_naive(y, horizon, spec.snaive)
    recent = y[-_FLAT_WINDOW_DAYS:]
    if len(y) < 2 or np.ptp(recent) == 0:
        # Nothing to fit (a series that never moved, often all zeros): its last value, no spread.
        return {name: np.full(horizon, y[-1]) for name in (YHAT, *BOUNDS)}
    if model is Model.ETS:
        return ets(y, horizon, spec.ets)
    if model is Model.PROPHET:
        from forecasts.prophet_model import prophet_forecast

        return prophet_forecast(history, horizon, spec.prophet)
    raise ForecastError(f"model {model!r} cannot forecast directly (auto picks one of the others)")


def predict(
    history: pd.DataFrame, horizon: int, model: Model, spec: ForecastSpec | None = None
) -> pd.DataFrame:
    """The common forecast frame for one series (``unique_id, ds, y``, daily, oldest first)."""
    spec = spec or ForecastSpec()
    if history.empty:
        raise ForecastError("cannot forecast a series without history")
    unique_id = str(history[UNIQUE_ID].iloc[0]) if UNIQUE_ID in history else ""
    last = pd.Timestamp(history[DS].iloc[-1])
    days = pd.date_range(last + pd.Timedelta(days=1), periods=horizon, freq="D")
    bounds = _bounds(history.reset_index(drop=True), horizon, Model(model), spec)
    frame = pd.DataFrame(
        {
            UNIQUE_ID: unique_id,
            DS: days,
            MODEL: Model(model).value,
            **{name: np.asarray(bounds[name], dtype=float) for name in (YHAT, *BOUNDS)},
        }
    )
    return tidy_intervals(frame)[list(FORECAST_COLUMNS)]
