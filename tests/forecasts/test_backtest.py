"""Backtest metrics checked by hand on tiny series, folds, and the auto choice."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from forecasts.backtest import (
    backtest_series,
    choose_models,
    coverage,
    fold_cutoffs,
    fold_metrics,
    mase,
    metric_summary,
    smape,
)
from forecasts.config import BacktestConfig, ForecastSpec, Model


def test_mase_scales_by_the_in_sample_weekly_naive_error() -> None:
    insample = np.array([1, 2, 3, 4, 5, 6, 7, 3, 2, 3, 4, 5, 6, 9])  # |y_t - y_t-7| = 2,0,0,0,0,0,2
    scale = 4 / 7
    assert mase([10, 10], [9, 12], insample) == pytest.approx(1.5 / scale)
    assert math.isnan(mase([1], [2], np.ones(14)))  # a flat history has no scale


def test_smape_in_percent_with_zero_days_counting_zero() -> None:
    # day 1: 2·|10-5|/15 = 2/3; day 2: both zero → 0; day 3: 2·|0-4|/4 = 2
    assert smape([10, 0, 0], [5, 0, 4]) == pytest.approx(100 * (2 / 3 + 0 + 2) / 3)


def test_coverage_counts_days_inside_closed_intervals() -> None:
    assert coverage([1, 5, 9, 3], [1, 0, 0, 4], [2, 4, 9, 6]) == 0.5  # edges count as inside


def test_fold_metrics_by_hand() -> None:
    forecast = pd.DataFrame(
        {"yhat": [4.0, 6.0], "lo80": [3.0, 5.0], "hi80": [5.0, 7.0], "lo95": [2.0, 1.0], "hi95": [6.0, 9.0]}
    )
    insample = np.array([0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1], dtype=float)  # scale 1
    metrics = fold_metrics(np.array([5.0, 9.0]), forecast, insample)
    assert metrics["mase"] == pytest.approx(2.0)  # (1 + 3) / 2
    assert metrics["bias"] == pytest.approx(-2.0)
    assert metrics["coverage80"] == 0.5 and metrics["coverage95"] == 1.0
    assert metrics["smape"] == pytest.approx(100 * (2 / 9 + 6 / 15) / 2)


def test_folds_end_at_the_last_day_and_need_training_data() -> None:
    assert fold_cutoffs(200, BacktestConfig(folds=4, fold_days=28)) == [88, 116, 144, 172]
    assert fold_cutoffs(150, BacktestConfig(folds=4, fold_days=28, min_train_days=56)) == []


def test_backtest_of_seasonal_naive_on_a_pure_weekly_series_is_perfect() -> None:
    y = np.tile([5, 5, 5, 5, 5, 1, 1], 20).astype(float)
    series = pd.DataFrame({"unique_id": "w", "ds": pd.date_range("2024-01-01", periods=len(y)), "y": y})
    config = BacktestConfig(folds=2, fold_days=14)
    metrics = backtest_series(series, [Model.SNAIVE], ForecastSpec(), config)
    assert set(metrics["fold"]) == {0, 1} and len(metrics) == 2 * 5
    values = metrics.set_index(["fold", "metric"])["value"]
    assert values[(1, "smape")] == 0 and values[(1, "bias")] == 0 and values[(1, "coverage95")] == 1
    assert math.isnan(values[(1, "mase")])  # perfect history: no scale


def test_auto_picks_the_lowest_mean_mase_and_prefers_prophet() -> None:
    rows = [
        ("a", "prophet", 0, "mase", 0.9),
        ("a", "ets", 0, "mase", 0.5),
        ("a", "snaive", 0, "mase", 1.0),
        ("b", "prophet", 0, "mase", 0.7),
        ("b", "ets", 0, "mase", 0.7),  # tie
        ("c", "ets", 0, "mase", math.nan),
    ]  # unscored
    metrics = pd.DataFrame(rows, columns=["unique_id", "model", "fold", "metric", "value"])
    chosen = choose_models(metrics, ["a", "b", "c", "d"])
    assert chosen == {"a": Model.ETS, "b": Model.PROPHET, "c": Model.PROPHET, "d": Model.PROPHET}
    summary = metric_summary(metrics).set_index("model")
    assert summary.loc["ets", "series"] == 3 and summary.loc["ets", "mase"] == pytest.approx(0.6)
