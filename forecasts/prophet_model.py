"""The Prophet adapter: the only module that imports Prophet.

Model: linear trend with a changepoint prior suited to noisy daily counts (see
:class:`forecasts.config.ProphetConfig`), weekly and yearly seasonality, Chinese days off and
adjusted working days plus a Spring Festival window (:func:`forecasts.calendar.holiday_frame`,
years of history and horizon), and two regressors: the heating season (15 Nov – 15 Mar) and a
decaying first-days-of-heating peak. Forecasts are clipped at zero.

Intervals: one fit, then one draw of posterior predictive samples for the horizon, and the
2.5 / 10 / 90 / 97.5 percentiles of those samples give both the 95% and the 80% interval. That
is a single sampling pass (``predict`` would sample again for its one ``interval_width``), and
the 80% interval is not assumed Gaussian. The point forecast is Prophet's ``yhat`` computed with
sampling switched off. 500 samples keep the 2.5% tail stable to about a tenth of its width.
"""

from __future__ import annotations

import contextlib
import logging
import zlib
from collections.abc import Iterator

import numpy as np
import pandas as pd

from analytics.vocabulary import DS, Y
from forecasts.calendar import HEATING, HEATING_ONSET, heating_features, holiday_frame
from forecasts.config import ProphetConfig
from forecasts.errors import ForecastError

_PERCENTILES = {"lo95": 2.5, "lo80": 10.0, "hi80": 90.0, "hi95": 97.5}


def quiet_logs() -> None:
    """Silence cmdstanpy's per-chain INFO lines and Prophet's seasonality notes."""
    stan = logging.getLogger("cmdstanpy")
    if not any(isinstance(h, logging.NullHandler) for h in stan.handlers):
        stan.addHandler(logging.NullHandler())
    stan.setLevel(logging.WARNING)
    stan.propagate = False
    # Prophet warns when yearly seasonality is on with < 2 years; that is our deliberate choice.
    logging.getLogger("prophet").setLevel(logging.ERROR)


def _prophet_class() -> type:
    try:
        from prophet import Prophet
    except ImportError as err:  # pragma: no cover - prophet is a declared dependency
        raise ForecastError("prophet is not installed: pip install 'prophet>=1.5'") from err
    quiet_logs()
    return Prophet


def _with_regressors(frame: pd.DataFrame, config: ProphetConfig) -> pd.DataFrame:
    features = heating_features(frame[DS], config.heating)
    return pd.concat([frame.reset_index(drop=True), features], axis=1)


def _model(history: pd.DataFrame, horizon_end: pd.Timestamp, config: ProphetConfig):
    years = range(history[DS].min().year, horizon_end.year + 1)
    span_days = (history[DS].max() - history[DS].min()).days + 1
    yearly = config.yearly_fourier_order if span_days >= config.min_days_for_yearly else False
    model = _prophet_class()(
        growth="linear",
        changepoint_prior_scale=config.changepoint_prior_scale,
        changepoint_range=config.changepoint_range,
        yearly_seasonality=yearly,
        weekly_seasonality=True,
        daily_seasonality=False,
        holidays=holiday_frame(years, config.spring_festival_window),
        holidays_prior_scale=config.holidays_prior_scale,
        seasonality_prior_scale=config.seasonality_prior_scale,
        uncertainty_samples=config.uncertainty_samples,
    )
    # A regressor that never varies in the history cannot be estimated (and Prophet rejects it).
    for name in (HEATING, HEATING_ONSET):
        if history[name].nunique() > 1:
            model.add_regressor(name)
    return model


@contextlib.contextmanager
def _seeded(y: np.ndarray) -> Iterator[None]:
    """Seed NumPy's global generator (which Prophet samples from) from the data, then restore it.

    The same history then gives the same intervals whichever worker fits it, in whatever order.
    """
    state = np.random.get_state()
    np.random.seed(zlib.crc32(np.ascontiguousarray(y, dtype=float).tobytes()))
    try:
        yield
    finally:
        np.random.set_state(state)


def prophet_forecast(
    history: pd.DataFrame, horizon: int, config: ProphetConfig | None = None
) -> dict[str, np.ndarray]:
    """Fit on ``history`` (``ds, y``, daily, no gaps) and forecast ``horizon`` days after it."""
    config = config or ProphetConfig()
    train = _with_regressors(history[[DS, Y]], config)
    future_ds = pd.date_range(history[DS].max() + pd.Timedelta(days=1), periods=horizon, freq="D")
    future = _with_regressors(pd.DataFrame({DS: future_ds}), config)
    model = _model(train, future_ds[-1], config)
    model.fit(train)
    samples_wanted, model.uncertainty_samples = model.uncertainty_samples, 0
    point = model.predict(future)["yhat"].to_numpy()
    model.uncertainty_samples = samples_wanted
    with _seeded(history[Y].to_numpy()):
        samples = model.predictive_samples(future)["yhat"]
    out = {"yhat": point}
    out.update({name: np.percentile(samples, p, axis=1) for name, p in _PERCENTILES.items()})
    return out
