"""A forecast run end to end: history from the warehouse, forecasts, reconciliation, warnings, store.

:func:`forecast_tables` is the pure part (long frame in, frames out); :func:`run_forecasts` reads
the history through :mod:`forecasts.store` once, fits, and writes the run through it once, in one
transaction. The connection never reaches the fitting pool: workers receive frames only.

``as_of`` is the issue date, as in the nightly flow: history is every day before it and the first
forecast day is ``as_of`` itself. It defaults to the day after the newest complaint; a history
that stops short of ``as_of - 1`` is refused, because zero-filling missing nights would read as
a collapse in volume.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from analytics.vocabulary import DS, UNIQUE_ID, new_run_id
from forecasts import store
from forecasts.config import BacktestConfig, ForecastSpec, Model, SeriesLevel, WarningRule
from forecasts.early_warnings import early_warnings
from forecasts.engine import ForecastResult, forecast_all
from forecasts.errors import ForecastError
from forecasts.parallel import Progress, Workers
from forecasts.reconcile import bottom_up
from forecasts.series import LEVELS_BELOW, daily_series, series_level

#: Fewer days than this cannot carry a weekly season, let alone a backtest.
MIN_HISTORY_DAYS = 28


@dataclass(frozen=True)
class ForecastTables:
    forecasts: pd.DataFrame
    metrics: pd.DataFrame
    warnings: pd.DataFrame
    chosen: dict[str, Model]
    problems: dict[str, str]


@dataclass(frozen=True)
class ForecastRun:
    run_id: str
    as_of: dt.date
    level: SeriesLevel
    model: Model
    horizon: int
    tables: ForecastTables
    rows: dict[str, int]
    seconds: float

    @property
    def model_counts(self) -> dict[str, int]:
        return dict(Counter(m.value for m in self.tables.chosen.values()))


def level_series(daily: pd.DataFrame, level: SeriesLevel) -> pd.DataFrame:
    """The series a forecast at ``level`` fits: that level and every level summed from it."""
    wanted = daily[daily[UNIQUE_ID].map(series_level).isin(LEVELS_BELOW[SeriesLevel(level)])]
    if wanted.empty:
        raise ForecastError(f"no {SeriesLevel(level).value} series in the history")
    return wanted


def reconciled_tables(
    history: pd.DataFrame, level: SeriesLevel, result: ForecastResult, rule: WarningRule | None = None
) -> ForecastTables:
    """Bottom-up reconciliation and early warnings from per-series results.

    A flow that fans :func:`forecasts.engine.forecast_series` out itself passes
    ``combine(results)`` here.
    """
    level = SeriesLevel(level)
    is_bottom = result.forecasts[UNIQUE_ID].map(series_level) == level
    if level is SeriesLevel.CITY:
        forecasts = result.forecasts
    else:
        forecasts = bottom_up(result.forecasts[is_bottom], base=result.forecasts[~is_bottom])
    warnings = early_warnings(forecasts, history, rule)
    return ForecastTables(
        forecasts.sort_values([UNIQUE_ID, DS], ignore_index=True),
        result.metrics,
        warnings,
        result.chosen,
        result.problems,
    )


def forecast_tables(
    daily: pd.DataFrame,
    level: SeriesLevel,
    spec: ForecastSpec,
    workers: Workers = None,
    progress: Progress | None = None,
    rule: WarningRule | None = None,
) -> ForecastTables:
    """Forecast ``level`` and every level above it, reconciled bottom-up, with early warnings.

    Aggregates are forecast too, for their backtest metrics and their interval widths.
    """
    wanted = level_series(daily, level)
    return reconciled_tables(wanted, level, forecast_all(wanted, spec, workers, progress), rule)


def history_window(
    first: dt.date | None,
    last: dt.date | None,
    as_of: dt.date | None,
    history_days: int | None = 1096,
) -> tuple[dt.date, dt.date, dt.date]:
    """(first day, last day, as_of) of the history to fit, from the bounds of the stored one.

    Refuses no history, a gap before ``as_of`` and fewer than :data:`MIN_HISTORY_DAYS` days.
    """
    if first is None or last is None:
        raise ForecastError("no complaints in the warehouse" + (f" before {as_of}" if as_of else ""))
    as_of = as_of or last + dt.timedelta(days=1)
    if last < as_of - dt.timedelta(days=1):
        gap = (as_of - last).days - 1
        raise ForecastError(
            f"history ends {last}, {gap} day(s) before --as-of {as_of}: ingest the "
            f"missing days or pass --as-of {last + dt.timedelta(days=1)}"
        )
    start = max(first, as_of - dt.timedelta(days=history_days)) if history_days else first
    if (last - start).days + 1 < MIN_HISTORY_DAYS:
        raise ForecastError(
            f"only {(last - start).days + 1} day(s) of history before {as_of}; "
            f"forecasts need at least {MIN_HISTORY_DAYS}"
        )
    return start, last, as_of


def load_history(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date | None,
    level: SeriesLevel | str,
    history_days: int | None = 1096,
    source: str | None = None,
) -> tuple[pd.DataFrame, dt.date]:
    """The long frame of every level ``level`` needs, ending the day before ``as_of``."""
    first, last = store.history_bounds(con, as_of, source)
    start, end, as_of = history_window(first, last, as_of, history_days)
    counts = store.bottom_counts(con, start, end, source)
    return daily_series(counts, start, end, LEVELS_BELOW[SeriesLevel(level)]), as_of


def _run_spec(base: ForecastSpec | None, horizon: int, model: Model, backtest: bool) -> ForecastSpec:
    if horizon < 1:
        raise ForecastError(f"--horizon must be at least 1 day, not {horizon}")
    base = base or ForecastSpec()
    return replace(
        base,
        horizon=horizon,
        model=model,
        backtest=(base.backtest or BacktestConfig()) if backtest else None,
    )


def run_forecasts(
    con: duckdb.DuckDBPyConnection,
    *,
    as_of: dt.date | None = None,
    horizon: int = 30,
    level: SeriesLevel | str = SeriesLevel.DISTRICT_CATEGORY,
    model: Model | str = Model.AUTO,
    backtest: bool = False,
    workers: Workers = None,
    progress: Progress | None = None,
    run_id: str | None = None,
    spec: ForecastSpec | None = None,
    history_days: int | None = 1096,
    source: str | None = None,
    rule: WarningRule | None = None,
) -> ForecastRun:
    """Read history, forecast, reconcile, find early warnings and store the run.

    ``con`` is read-write and stays in this process (the fitting pool receives frames only); the
    run's forecasts, metrics and warnings are written in one transaction by
    :func:`forecasts.store.write_run`.
    """
    started = time.perf_counter()
    level, model = SeriesLevel(level), Model(model)
    spec = _run_spec(spec, horizon, model, backtest)
    daily, as_of = load_history(con, as_of, level, history_days, source)
    tables = forecast_tables(daily, level, spec, workers, progress, rule)
    run_id = run_id or new_run_id()
    rows = store.write_run(con, run_id, as_of, tables.forecasts, tables.metrics, tables.warnings)
    return ForecastRun(run_id, as_of, level, model, horizon, tables, rows, time.perf_counter() - started)
