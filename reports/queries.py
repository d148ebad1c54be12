"""The one module of ``reports`` that reads the warehouse: everything a night's pages show, as
polars frames, loaded once per night (:func:`night_data`).

Each read is a function named after what it returns; the bundles of :mod:`reports.frames` group
them per page. Reads that another domain owns go through that domain's store (forecasts, early
warnings, themes) or its public read (the 每月一题 ranking), so each table has one reader. The
connection may be read-only: nothing here writes.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

from analytics import vocabulary as vocab
from analytics import warehouse as wh
from analytics.themes import store as themes_store
from analytics.themes.candidates import CandidateWeights
from analytics.themes.topics import month_topics, stored_topics
from forecasts import store as forecasts_store
from reports import district, quality, topics
from reports.frames import (
    AnalysisFrames,
    NightData,
    PerformanceFrames,
    QualityFrames,
    TopicFrames,
    VolumeFrames,
)
from reports.model import Window
from reports.volume import report_window, trend_start

FORECAST_COLUMNS = {
    "unique_id": pl.String,
    "day": pl.Date,
    "yhat": pl.Float64,
    "lo80": pl.Float64,
    "hi80": pl.Float64,
}


# --- the daily_counts mart and complaints -------------------------------------------------------
def mart_bounds(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return wh.frame(con, "reports/mart_bounds_read")


def daily_totals(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pl.DataFrame:
    return wh.frame(con, "reports/daily_totals_read", {"start": start, "end": end})


def place_totals(con: duckdb.DuckDBPyConnection, window: Window) -> pl.DataFrame:
    last_year = window.last_year
    params = {"start": window.start, "end": window.end, "ly_start": last_year.start, "ly_end": last_year.end}
    return wh.frame(con, "reports/place_totals_read", params)


def open_complaints(
    con: duckdb.DuckDBPyConnection, window: Window, limit: int, max_chars: int
) -> pl.DataFrame:
    params = {"start": window.start, "end": window.end, "limit": limit, "max_chars": max_chars}
    return wh.frame(con, "reports/open_complaints_read", params)


def volume_frames(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> VolumeFrames:
    last_day, window = as_of - dt.timedelta(days=1), report_window(as_of)
    return VolumeFrames(
        bounds=mart_bounds(con),
        daily=daily_totals(con, trend_start(last_day), last_day),
        places=place_totals(con, window),
        open_complaints=open_complaints(con, window, district.RECENT_COMPLAINTS, district.CONTENT_CHARS),
    )


# --- data quality ---------------------------------------------------------------------------
def batches(con: duckdb.DuckDBPyConnection, limit: int) -> pl.DataFrame:
    return wh.frame(con, "reports/batches_read", {"limit": limit})


def batch_totals(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    return wh.frame(con, "reports/batch_totals_read")


def quarantine_reasons(con: duckdb.DuckDBPyConnection, min_batch_id: int | None) -> pl.DataFrame:
    return wh.frame(con, "reports/quarantine_reasons_read", {"min_batch_id": min_batch_id})


def nightly_run(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    return wh.frame(con, "reports/nightly_run_read", {"as_of": as_of})


def validation_run(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> str | None:
    run_id = wh.frame(con, "reports/validation_run_read", {"as_of": as_of}).item()
    return None if run_id is None else str(run_id)


def validation_results(con: duckdb.DuckDBPyConnection, run_id: str | None) -> pl.DataFrame:
    return wh.frame(con, "reports/validation_results_read", {"run_id": run_id})


def quality_frames(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> QualityFrames:
    newest = batches(con, quality.RECENT_BATCHES)
    run_id = validation_run(con, as_of)
    return QualityFrames(
        batches=newest,
        batch_totals=batch_totals(con),
        quarantine=quarantine_reasons(con, min(newest["batch_id"].to_list(), default=None)),
        night=nightly_run(con, as_of),
        validation_run=run_id,
        expectations=validation_results(con, run_id),
    )


# --- forecasts, early warnings, hotspots ----------------------------------------------------
def forecast_run(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    return wh.frame(con, "reports/forecast_run_read", {"as_of": as_of})


def forecasts(con: duckdb.DuckDBPyConnection, run_id: str | None) -> pl.DataFrame:
    """Every series of the run (unique_id, day, yhat, lo80, hi80); empty without a run."""
    if run_id is None:
        return pl.DataFrame(schema=FORECAST_COLUMNS)
    frame = pl.from_pandas(forecasts_store.stored_forecasts(con, run_id))
    return frame.select(
        pl.col("unique_id").cast(pl.String),
        pl.col("ds").cast(pl.Date).alias("day"),
        *(pl.col(c).cast(pl.Float64) for c in ("yhat", "lo80", "hi80")),
    )


def early_warnings(con: duckdb.DuckDBPyConnection, run_id: str | None) -> pl.DataFrame:
    """The run's early warnings, largest excess first; empty without a run."""
    if run_id is None:
        return pl.DataFrame()
    frame = pl.from_pandas(forecasts_store.stored_early_warnings(con, run_id))
    return frame.with_columns(pl.col("period_start", "period_end").cast(pl.Date))


def hotspots(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    return wh.frame(con, "reports/hotspots_read", {"as_of": as_of})


def hotspots_stored(con: duckdb.DuckDBPyConnection) -> bool:
    return bool(wh.frame(con, "reports/hotspots_stored_read").item())


def analysis_frames(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> AnalysisFrames:
    run = forecast_run(con, as_of)
    run_id = str(run["run_id"][0]) if run.height else None
    return AnalysisFrames(
        forecast_run=run,
        forecasts=forecasts(con, run_id),
        early_warnings=early_warnings(con, run_id),
        hotspots=hotspots(con, as_of),
        hotspots_stored=hotspots_stored(con),
    )


# --- 每月一题 candidates ------------------------------------------------------------------
#: Columns of a stored ranking the page shows (the rest: how it was computed).
STORED_SHOWN = ("rank", "theme_id", "label", "score", "partial", *topics.LIVE_DETAILS)
#: Weeks of street-week bursts the candidates page lists.
BURST_WEEKS = 8


def topic_candidates(
    con: duckdb.DuckDBPyConnection, month: vocab.Month, weights: CandidateWeights | None = None
) -> pl.DataFrame:
    """The themes analysis's ranking of ``month`` (its top :data:`topics.TOP`): the one the
    nightly stored when there is one, else computed now."""
    stored = stored_topics(con, month, top=topics.TOP)
    if stored.height:
        keep = [c for c in stored.columns if c.startswith("c_") or c in STORED_SHOWN]
        return stored.select(keep)
    # A month after the newest complaint (the month of a night on the 1st) is still shown,
    # labelled partial, until the writer's default month is the last complete one.
    return month_topics(con, month, top=topics.TOP, tuning=weights, allow_future=True)


def theme_bursts(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    """Theme bursts of the latest refresh up to ``as_of`` in its last :data:`BURST_WEEKS` weeks."""
    found = themes_store.read_bursts(con, as_of, BURST_WEEKS)
    return found.filter(pl.col("key_kind") == "theme")


def theme_months(con: duckdb.DuckDBPyConnection, theme_ids: list[str], before: dt.date) -> pl.DataFrame:
    return wh.frame(con, "reports/theme_months_read", {"theme_ids": theme_ids, "before": before})


def theme_samples(
    con: duckdb.DuckDBPyConnection, theme_ids: list[str], before: dt.date, limit: int, max_chars: int
) -> pl.DataFrame:
    params = {"theme_ids": theme_ids, "before": before, "limit": limit, "max_chars": max_chars}
    return wh.frame(con, "reports/theme_samples_read", params)


def topic_frames(
    con: duckdb.DuckDBPyConnection,
    month: vocab.Month,
    as_of: dt.date,
    weights: CandidateWeights | None = None,
) -> TopicFrames:
    """The month's candidates with their evidence up to the day before ``as_of``."""
    themes = themes_store.read_themes(con)
    candidates = topic_candidates(con, month, weights) if themes.height else pl.DataFrame()
    ids = [str(t) for t in candidates["theme_id"]] if candidates.height else []
    return TopicFrames(
        themes=themes,
        candidates=candidates,
        theme_months=theme_months(con, ids, as_of),
        theme_samples=theme_samples(con, ids, as_of, topics.SAMPLES, topics.CONTENT_CHARS),
        bursts=theme_bursts(con, as_of),
    )


# --- what the nightly 三率 step stored ------------------------------------------------------
def performance_run(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> pl.DataFrame:
    return wh.frame(con, "reports/performance_run_read", {"as_of": as_of})


def unit_rankings(con: duckdb.DuckDBPyConnection, night: dt.date | None) -> pl.DataFrame:
    return wh.frame(con, "reports/unit_rankings_read", {"as_of": night})


def street_risk(con: duckdb.DuckDBPyConnection, night: dt.date | None) -> pl.DataFrame:
    return wh.frame(con, "reports/street_risk_read", {"as_of": night})


def topic_impacts(con: duckdb.DuckDBPyConnection, night: dt.date | None) -> pl.DataFrame:
    return wh.frame(con, "reports/topic_impacts_read", {"as_of": night})


def topic_impact_months(con: duckdb.DuckDBPyConnection, night: dt.date | None) -> pl.DataFrame:
    return wh.frame(con, "reports/topic_impact_months_read", {"as_of": night})


def performance_frames(con: duckdb.DuckDBPyConnection, as_of: dt.date) -> PerformanceFrames:
    """The newest stored night on or before ``as_of`` (empty frames when the step never ran)."""
    run = performance_run(con, as_of)
    night = run["as_of"][0] if run.height else None
    return PerformanceFrames(
        run=run,
        rankings=unit_rankings(con, night),
        street_risk=street_risk(con, night),
        impacts=topic_impacts(con, night),
        impact_months=topic_impact_months(con, night),
    )


def night_data(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    month: vocab.Month,
    weights: CandidateWeights | None = None,
) -> NightData:
    """Everything the pages of the night ``as_of`` show (``month``: the 每月一题 month, ranked
    with ``weights``)."""
    return NightData(
        volume=volume_frames(con, as_of),
        quality=quality_frames(con, as_of),
        analyses=analysis_frames(con, as_of),
        topics=topic_frames(con, month, as_of, weights),
        performance=performance_frames(con, as_of),
    )
