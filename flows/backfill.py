"""The ``backfill`` flow: recompute the ``daily_counts`` mart for a date range and check it.

Use it after a bulk historical load, a fix to the mart SQL, or a correction to old rows.
The nightly watermark does not move, so the next night still absorbs any new batches.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import duckdb
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import State

from analytics import marts, validation
from analytics import vocabulary as v
from analytics.settings import settings
from flows.retries import open_warehouse
from flows.summary import backfill_markdown, failed, validation_reasons


@task(name="backfill-marts", cache_policy=NO_CACHE)
def backfill_marts(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> marts.MartRefresh:
    return marts.backfill_daily_counts(con, start, end)


@task(name="validate-mart-days", cache_policy=NO_CACHE)
def validate_mart_days(
    con: duckdb.DuckDBPyConnection, run_id: str, days: tuple[dt.date, ...], docs_dir: Path | None
) -> validation.SuiteResult:
    result = validation.validate_mart_days(con, days, docs_dir)
    validation.write_results(con, run_id, [result])
    return result


@task(name="publish-backfill-summary")
def publish_backfill_summary(markdown: str, start: dt.date, end: dt.date) -> None:
    create_markdown_artifact(
        markdown=markdown, key="weisu-backfill", description=f"Weisu backfill {start} … {end}"
    )


@flow(name="backfill")
def backfill(
    start: dt.date, end: dt.date, db: str | None = None, report_dir: str | None = None
) -> marts.MartRefresh | State:
    """Recompute ``daily_counts`` for ``[start, end]``; fails if a 三率 falls outside [0, 1]."""
    config = settings(db)
    run_id = flow_run.get_id() or v.new_run_id()
    reports = Path(report_dir) if report_dir else config.reports
    with contextlib.ExitStack() as closing:
        con = open_warehouse(config.db_path, closing)
        refresh = backfill_marts(con, start, end)
        result = validate_mart_days(con, run_id, refresh.days, reports / "data_docs")
    reasons = validation_reasons((result,))
    publish_backfill_summary(backfill_markdown(start, end, refresh, result, reasons), start, end)
    if reasons:
        return failed("; ".join(reasons))
    return refresh
