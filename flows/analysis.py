"""The nightly analysis steps as Prefect tasks: themes (and the stored 每月一题 ranking),
forecasts and 三率. Each wraps one library entry point and turns "nothing to do" into a note."""

from __future__ import annotations

import datetime as dt

import duckdb
from prefect import task
from prefect.cache_policies import NO_CACHE

from analytics.errors import WarehouseError, WeisuError
from analytics.performance.night import PerformanceParams
from flows.summary import AnalysisReport
from flows.tuning import Tuning
from forecasts.parallel import Workers

Connection = duckdb.DuckDBPyConnection


@task(name="themes", cache_policy=NO_CACHE)
def refresh_night_themes(con: Connection, as_of: dt.date, tuning: Tuning) -> str:
    """Classify uncategorised complaints, assign themes, find new ones, recompute hotspots; then
    store the night's 每月一题 ranking (``topic_candidates``) so reports read what was decided."""
    from analytics.themes.refresh import refresh_themes
    from analytics.themes.topics import store_month_topics

    done = refresh_themes(con, as_of, tuning.themes)
    ranked = store_month_topics(con, as_of, tuning.candidates)
    return (
        f"{done.assigned} assigned, {done.classified} classified, {done.new_themes} new "
        f"theme(s) of {done.themes}, {done.hotspots} hotspot cells, {done.bursts} burst(s), "
        f"{ranked} candidate(s) stored"
    )


@task(name="forecast", cache_policy=NO_CACHE)
def forecast_night(
    con: Connection, as_of: dt.date, level: str, model: str, tuning: Tuning, workers: Workers = None
) -> AnalysisReport:
    """Forecast every series (fitting on ``workers``: local processes or a Dask cluster); too
    little history is a note on the night, not a failure."""
    from forecasts.errors import ForecastError
    from forecasts.pipeline import run_forecasts

    try:
        run = run_forecasts(
            con,
            as_of=as_of,
            level=level,
            model=model,
            horizon=tuning.forecasts.horizon,
            workers=workers,
            spec=tuning.forecast_spec(model),
            rule=tuning.forecasts.warnings,
        )
    except ForecastError as err:
        return AnalysisReport(notes=(f"forecasts skipped: {err}",))
    return AnalysisReport(forecast_run=run.run_id, early_warnings=len(run.tables.warnings))


@task(name="performance", cache_policy=NO_CACHE)
def performance_night(
    con: Connection, as_of: dt.date, run_id: str, params: PerformanceParams | None = None
) -> str:
    """Rank the month's units, list the risk streets, measure chosen topics; store them (v5).

    Nothing to rank (an empty month) is a note on the night, not a failure; a warehouse error
    or any unexpected error fails the run.
    """
    from analytics.performance.night import refresh_performance

    try:
        return refresh_performance(con, as_of, run_id, params or PerformanceParams()).summary()
    except WarehouseError:
        raise
    except WeisuError as err:
        return f"skipped: {err}"
