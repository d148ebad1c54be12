"""The ``backfill`` flow: recompute the ``daily_counts`` mart for a date range and check it.

Use it after a bulk historical load, a fix to the mart SQL, or a correction to old rows.
The nightly watermark does not move, so the next night still absorbs any new batches.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.runtime import flow_run
from prefect.states import State

from analytics import marts, validation
from analytics import warehouse as wh
from analytics.settings import settings
from flows.retries import on_warehouse
from flows.summary import backfill_markdown, failed, validation_reasons


@task(**on_warehouse(name="backfill-marts"))
def backfill_marts(db: str | None, start: dt.date, end: dt.date) -> marts.MartRefresh:
    with wh.connect(db) as con:
        return marts.backfill_daily_counts(con, start, end)


@task(**on_warehouse(name="validate-mart-days"))
def validate_mart_days(
    db: str | None, run_id: str, days: tuple[dt.date, ...], docs_dir: Path | None
) -> validation.SuiteResult:
    with wh.connect(db) as con:
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
    run_id = flow_run.get_id() or validation.new_run_id()
    reports = Path(report_dir) if report_dir else settings(db).reports
    refresh = backfill_marts(db, start, end)
    result = validate_mart_days(db, run_id, refresh.days, reports / "data_docs")
    reasons = validation_reasons((result,))
    publish_backfill_summary(backfill_markdown(start, end, refresh, result, reasons), start, end)
    if reasons:
        return failed("; ".join(reasons))
    return refresh
