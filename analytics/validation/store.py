"""The validation's IO edge: the frames the suites check, and where their outcomes are kept.

Reads are pandas frames (what GX validates); writes append to ``validation_results`` and
``nightly_runs``. Functions are named after what they read or write
(``analytics/sql/validation/``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import duckdb
import pandas as pd

from analytics import warehouse as wh
from analytics.validation.suites import BEIJING_SOURCES, SuiteResult, Thresholds, results_frame


def batch_rows(con: duckdb.DuckDBPyConnection, batch_ids: Sequence[int]) -> pd.DataFrame:
    """The complaints the given batches wrote (loaded or updated)."""
    return wh.pandas_frame(
        con,
        "validation/batch_rows_read",
        {"batch_ids": [int(b) for b in batch_ids], "beijing_sources": list(BEIJING_SOURCES)},
    )


def mart_rates(con: duckdb.DuckDBPyConnection, days: Sequence[dt.date]) -> pd.DataFrame:
    """The 三率 of every ``daily_counts`` cell on the given days."""
    return wh.pandas_frame(con, "validation/mart_rates_read", {"days": list(days)})


def timeliness(con: duckdb.DuckDBPyConnection, as_of: dt.date, thresholds: Thresholds) -> pd.DataFrame:
    """One row: newest received_at, days since it, and the volume of the day before as_of
    against its trailing same-weekday median."""
    return wh.pandas_frame(
        con,
        "validation/timeliness_read",
        {
            "as_of": as_of,
            "volume_day": as_of - dt.timedelta(days=1),
            "weeks": thresholds.volume_weeks,
            "min_weeks": thresholds.volume_min_weeks,
        },
    )


def night_frames(
    con: duckdb.DuckDBPyConnection,
    batch_ids: Sequence[int],
    days: Sequence[dt.date],
    as_of: dt.date,
    thresholds: Thresholds,
) -> dict[str, pd.DataFrame]:
    """Everything a night's suites check, read once: ``rows``, ``rates``, ``timeliness``."""
    return {
        "rows": batch_rows(con, batch_ids),
        "rates": mart_rates(con, days),
        "timeliness": timeliness(con, as_of, thresholds),
    }


def write_results(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    results: Sequence[SuiteResult],
    checked_at: dt.datetime | None = None,
) -> int:
    """Append every outcome to ``validation_results``; returns the number of rows written."""
    frame = results_frame(run_id, results, checked_at or dt.datetime.now())
    if frame.empty:
        return 0
    with wh.registered(con, "_validation_outcomes", frame):
        wh.execute(con, "validation/validation_results_insert")
    return len(frame)


@dataclass(frozen=True)
class Night:
    """One nightly run, as recorded in ``nightly_runs``."""

    run_id: str
    as_of: dt.date
    files: int
    files_failed: int
    rows_new: int
    rows_quarantined: int
    status: str
    reason: str | None = None
    finished_at: dt.datetime = field(default_factory=dt.datetime.now)


def record_night(con: duckdb.DuckDBPyConnection, night: Night) -> None:
    """Append ``night`` to ``nightly_runs``."""
    wh.execute(con, "validation/nightly_runs_insert", asdict(night))


def unrecorded_batches(con: duckdb.DuckDBPyConnection) -> tuple[int, ...]:
    """Batches loaded since the latest recorded night (a killed night's, when its inbox is empty)."""
    return tuple(int(b) for b in wh.frame(con, "validation/unrecorded_batches_read")["batch_id"])


def empty_nights(con: duckdb.DuckDBPyConnection) -> int:
    """Consecutive recorded nights, ending with the latest, whose inbox had no files."""
    return int(wh.frame(con, "validation/empty_nights_read").item())
