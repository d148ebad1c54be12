"""Data-quality checks of a night's load: the ``raw_batch`` and ``warehouse`` suites.

The suites are pure code over frames (:mod:`analytics.validation.suites`); the frames they
check are read, and their outcomes written, by :mod:`analytics.validation.store`. This module
wires the two: read the frames once, run both suites in one GX context.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import duckdb

from analytics.validation import store
from analytics.validation.store import (
    Night,
    batch_rows,
    empty_nights,
    mart_rates,
    night_frames,
    record_night,
    timeliness,
    unrecorded_batches,
    write_results,
)
from analytics.validation.suites import (
    BEIJING_SOURCES,
    CRITICAL,
    DEFAULT_THRESHOLDS,
    RATE_COLUMNS,
    RAW_BATCH,
    WAREHOUSE,
    WARNING,
    Check,
    Outcome,
    SuitePlan,
    SuiteResult,
    Thresholds,
    mart_days_plan,
    night_plans,
    raw_batch_checks,
    results_frame,
    run_suites,
    warehouse_checks,
)
from analytics.vocabulary import new_run_id

__all__ = [
    "BEIJING_SOURCES",
    "CRITICAL",
    "DEFAULT_THRESHOLDS",
    "RATE_COLUMNS",
    "RAW_BATCH",
    "WAREHOUSE",
    "WARNING",
    "Check",
    "Night",
    "Outcome",
    "SuitePlan",
    "SuiteResult",
    "Thresholds",
    "batch_rows",
    "empty_nights",
    "mart_days_plan",
    "mart_rates",
    "new_run_id",
    "night_frames",
    "night_plans",
    "raw_batch_checks",
    "record_night",
    "results_frame",
    "run_suites",
    "timeliness",
    "unrecorded_batches",
    "validate_mart_days",
    "validate_night",
    "warehouse_checks",
    "write_results",
]


def validate_night(
    con: duckdb.DuckDBPyConnection,
    batch_ids: Sequence[int],
    days: Sequence[dt.date],
    as_of: dt.date,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    docs_dir: Path | None = None,
) -> tuple[SuiteResult, ...]:
    """Both suites for one night, sharing one GX context and one Data Docs site."""
    frames = store.night_frames(con, batch_ids, days, as_of, thresholds)
    return run_suites(night_plans(frames, thresholds), docs_dir)


def validate_mart_days(
    con: duckdb.DuckDBPyConnection, days: Sequence[dt.date], docs_dir: Path | None = None
) -> SuiteResult:
    """The mart part of the ``warehouse`` suite (三率 in [0, 1]) on the given days."""
    return run_suites([mart_days_plan(store.mart_rates(con, days))], docs_dir)[0]
