"""Rolling-origin backtests and the per-series model choice behind ``auto``.

Folds end at the last day of history: with 4 folds × 28 days the last 112 days are cut into four
28-day test windows, each forecast from the history before it. Metrics per fold:

* ``mase``: MAE over the fold ÷ the in-sample MAE of the weekly seasonal naive (``y_t - y_{t-7}``)
  on that fold's training data; below 1 beats last week's values.
* ``smape``: mean of ``2|y - ŷ| / (|y| + |ŷ|)`` in percent (0–200); a day with y = ŷ = 0 counts 0.
* ``bias``: mean of ``ŷ - y`` in complaints per day (positive = over-forecast).
* ``coverage80`` / ``coverage95``: share of days inside the 80% / 95% interval.

``auto`` picks, per series, the candidate with the lowest mean MASE over the folds; Prophet wins
ties and series that could not be scored.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics.vocabulary import DS, UNIQUE_ID, Y
from forecasts.config import CANDIDATES, BacktestConfig, ForecastSpec, Model
from forecasts.models import MODEL, YHAT, predict

FOLD = "fold"
METRIC = "metric"
VALUE = "value"
METRIC_COLUMNS = (UNIQUE_ID, MODEL, FOLD, METRIC, VALUE)
METRICS = ("mase", "smape", "bias", "coverage80", "coverage95")


def mase(y: np.ndarray, yhat: np.ndarray, insample: np.ndarray, season: int = 7) -> float:
    """Mean absolute error scaled by the in-sample seasonal-naive MAE (NaN if that is 0)."""
    insample = np.asarray(insample, dtype=float)
    scale = np.mean(np.abs(insample[season:] - insample[:-season])) if len(insample) > season else 0.0
    error = float(np.mean(np.abs(np.asarray(y, dtype=float) - yhat)))
    return error / scale if scale > 0 else math.nan


def smape(y: np.ndarray, yhat: np.ndarray) -> float:
    """Symmetric MAPE in percent; days where both are zero contribute zero."""
    y, yhat = np.asarray(y, dtype=float), np.asarray(yhat, dtype=float)
    denominator = np.abs(y) + np.abs(yhat)
    terms = np.divide(2 * np.abs(y - yhat), denominator, out=np.zeros_like(y), where=denominator > 0)
    return float(100 * terms.mean())


def coverage(y: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> float:
    y = np.asarray(y, dtype=float)
    return float(np.mean((y >= lo) & (y <= hi)))


def fold_metrics(actual: np.ndarray, forecast: pd.DataFrame, insample: np.ndarray) -> dict[str, float]:
    """The five metrics of one fold (forecast rows aligned with ``actual``)."""
    yhat = forecast[YHAT].to_numpy()
    return {
        "mase": mase(actual, yhat, insample),
        "smape": smape(actual, yhat),
        "bias": float(np.mean(yhat - actual)),
        "coverage80": coverage(actual, forecast["lo80"].to_numpy(), forecast["hi80"].to_numpy()),
        "coverage95": coverage(actual, forecast["lo95"].to_numpy(), forecast["hi95"].to_numpy()),
    }


def fold_cutoffs(length: int, config: BacktestConfig) -> list[int]:
    """Training lengths of the folds, oldest first; empty when the series is too short."""
    cutoffs = [length - (config.folds - k) * config.fold_days for k in range(config.folds)]
    return cutoffs if cutoffs and cutoffs[0] >= config.min_train_days else []


def backtest_series(
    series: pd.DataFrame, models: Sequence[Model], spec: ForecastSpec, config: BacktestConfig
) -> pd.DataFrame:
    """Long metrics ``unique_id, model, fold, metric, value`` for one series and each model."""
    series = series.sort_values(DS).reset_index(drop=True)
    unique_id = str(series[UNIQUE_ID].iloc[0])
    rows = []
    for fold, cutoff in enumerate(fold_cutoffs(len(series), config)):
        train, test = series.iloc[:cutoff], series.iloc[cutoff : cutoff + config.fold_days]
        actual = test[Y].to_numpy(dtype=float)
        for model in models:
            forecast = predict(train, len(test), model, spec)
            for metric, value in fold_metrics(actual, forecast, train[Y].to_numpy()).items():
                rows.append((unique_id, Model(model).value, fold, metric, value))
    return pd.DataFrame(rows, columns=list(METRIC_COLUMNS)).astype({FOLD: "int64", VALUE: "float64"})


def choose_models(metrics: pd.DataFrame, series_ids: Sequence[str] = ()) -> dict[str, Model]:
    """Per series, the candidate with the lowest mean MASE; Prophet for ties and unscored series."""
    chosen = {uid: Model.PROPHET for uid in series_ids}
    scores = (
        (metrics[metrics[METRIC] == "mase"].groupby([UNIQUE_ID, MODEL])[VALUE].mean().dropna().unstack(MODEL))
        if not metrics.empty
        else pd.DataFrame()
    )
    order = [m.value for m in CANDIDATES if m.value in scores.columns]
    for uid, row in scores[order].iterrows() if order else ():
        valid = row.dropna()
        chosen[str(uid)] = Model(str(valid.idxmin())) if not valid.empty else Model.PROPHET
    return chosen


def metric_summary(metrics: pd.DataFrame) -> pd.DataFrame:
    """Mean of each metric by model over series and folds (MASE also as the median)."""
    if metrics.empty:
        return pd.DataFrame(columns=[MODEL, *METRICS, "mase_median", "series"])
    by_metric = metrics.groupby([MODEL, METRIC])[VALUE]
    out = by_metric.mean().unstack(METRIC).reindex(columns=list(METRICS))
    out["mase_median"] = by_metric.median().unstack(METRIC).reindex(columns=["mase"])["mase"]
    out["series"] = metrics.groupby(MODEL)[UNIQUE_ID].nunique()
    return out.reset_index().rename_axis(columns=None)
