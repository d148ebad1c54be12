"""The ``nightly`` flow: ingest the inbox → refresh marts → validate → themes → forecasts →
三率 rankings, street risk and topic impact → record → reports → summarise.

The mart refresh runs before validation because the ``warehouse`` suite checks the 三率 of the
refreshed days; both suites run after the rows are committed, so a failed check does not undo
a load — it makes the night fail loudly instead. A night fails (one-line reason, markdown
artifact still written) on: a failed file, 0 new rows from new files, an inbox empty for
``max_empty_nights`` nights, or any critical expectation (stale data, volume, keys, rates).

``python -m flows.nightly [--as-of YYYY-MM-DD]`` runs it once.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
from prefect import flow, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from prefect.states import State

from analytics import marts, validation
from analytics import vocabulary as v
from analytics.errors import WarehouseError, WeisuError
from analytics.settings import settings
from flows.ingest import list_inbox, load_and_archive
from flows.retries import open_warehouse
from flows.scale import TaskRunner, fitting_workers
from flows.summary import (
    AnalysisReport,
    IngestReport,
    NightlySummary,
    RunFailed,
    failed,
    ingest_reasons,
    nightly_markdown,
    one_line,
    validation_reasons,
    where_lines,
)
from forecasts.parallel import Workers

Connection = duckdb.DuckDBPyConnection


def today_beijing() -> dt.date:
    return dt.datetime.now(ZoneInfo(v.TIMEZONE_BEIJING)).date()


@task(name="refresh-marts", cache_policy=NO_CACHE)
def refresh_marts(con: Connection) -> marts.MartRefresh:
    return marts.refresh_daily_counts(con)


@task(name="validate", cache_policy=NO_CACHE)
def validate(
    con: Connection,
    batch_ids: tuple[int, ...],
    days: tuple[dt.date, ...],
    as_of: dt.date,
    thresholds: validation.Thresholds,
    docs_dir: Path | None,
) -> tuple[validation.SuiteResult, ...]:
    return validation.validate_night(con, batch_ids, days, as_of, thresholds, docs_dir)


@task(name="store-validation-results", cache_policy=NO_CACHE)
def store_validation_results(
    con: Connection, run_id: str, results: tuple[validation.SuiteResult, ...]
) -> int:
    return validation.write_results(con, run_id, results)


@task(name="count-empty-nights", cache_policy=NO_CACHE)
def count_empty_nights(con: Connection, report: IngestReport) -> int:
    """Empty nights in a row, this one included when its inbox was empty."""
    before = validation.empty_nights(con)
    return before + 1 if not report.results else 0


@task(name="record-night", cache_policy=NO_CACHE)
def record_night(con: Connection, summary: NightlySummary) -> None:
    night = validation.Night(
        run_id=summary.run_id,
        as_of=summary.as_of,
        files=len(summary.ingest.results),
        files_failed=len(summary.ingest.failed),
        rows_new=summary.ingest.rows_new,
        rows_quarantined=summary.ingest.rows_quarantined,
        status=summary.status,
        reason=summary.reason or None,
    )
    validation.record_night(con, night)


@task(name="themes", cache_policy=NO_CACHE)
def refresh_night_themes(con: Connection, as_of: dt.date) -> str:
    """Classify uncategorised complaints, assign themes, find new ones, recompute hotspots."""
    from analytics.themes.refresh import refresh_themes

    done = refresh_themes(con, as_of)
    return (
        f"{done.assigned} assigned, {done.classified} classified, {done.new_themes} new "
        f"theme(s) of {done.themes}, {done.hotspots} hotspot cells, {done.bursts} burst(s)"
    )


@task(name="forecast", cache_policy=NO_CACHE)
def forecast_night(
    con: Connection, as_of: dt.date, level: str, model: str, workers: Workers = None
) -> AnalysisReport:
    """Forecast every series (fitting on ``workers``: local processes or a Dask cluster); too
    little history is a note on the night, not a failure."""
    from forecasts.errors import ForecastError
    from forecasts.pipeline import run_forecasts

    try:
        run = run_forecasts(con, as_of=as_of, level=level, model=model, workers=workers)
    except ForecastError as err:
        return AnalysisReport(notes=(f"forecasts skipped: {err}",))
    return AnalysisReport(forecast_run=run.run_id, early_warnings=len(run.tables.warnings))


@task(name="performance", cache_policy=NO_CACHE)
def performance_night(con: Connection, as_of: dt.date, run_id: str) -> str:
    """Rank the month's units, list the risk streets, measure chosen topics; store them (v5).

    Nothing to rank (an empty month) is a note on the night, not a failure; a warehouse error
    or any unexpected error fails the run.
    """
    from analytics.performance.night import refresh_performance

    try:
        return refresh_performance(con, as_of, run_id).summary()
    except WarehouseError:
        raise
    except WeisuError as err:
        return f"skipped: {err}"


@task(name="write-reports", cache_policy=NO_CACHE)
def write_night_reports(con: Connection, reports: Path, as_of: dt.date) -> Path:
    from reports.writer import write_reports

    return write_reports(con, reports, as_of).index


@task(name="publish-summary")
def publish_summary(summary: NightlySummary, reports: Path) -> Path:
    """The markdown artifact, also kept as ``nightly-<as_of>.md`` beside the reports."""
    markdown = nightly_markdown(summary)
    create_markdown_artifact(
        markdown=markdown, key="weisu-nightly", description=f"Weisu nightly {summary.as_of}: {summary.status}"
    )
    path = reports / f"nightly-{summary.as_of}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(markdown, encoding="utf-8")
    return path


def _analyse(
    con: Connection,
    as_of: dt.date,
    run_id: str,
    forecast_level: str | None,
    forecast_model: str,
    themes: bool,
    performance: bool,
    workers: Workers = None,
) -> AnalysisReport:
    """Themes, forecasts and 三率 after validation; each may be turned off, each leaves a note."""
    themes_note = refresh_night_themes(con, as_of) if themes else "themes not requested"
    analysis = (
        forecast_night(con, as_of, forecast_level, forecast_model, workers)
        if forecast_level
        else AnalysisReport(notes=("forecasts not requested",))
    )
    performance_note = performance_night(con, as_of, run_id) if performance else "not requested"
    return replace(analysis, notes=(*analysis.notes, f"themes: {themes_note}", f"三率: {performance_note}"))


@flow(name="nightly")
def nightly(
    as_of: dt.date | None = None,
    db: str | None = None,
    inbox: str | None = None,
    report_dir: str | None = None,
    task_runner: TaskRunner = "thread",
    dask_address: str | None = None,
    max_empty_nights: int = 1,
    freshness_days: int = 2,
    volume_low: float = 0.5,
    volume_high: float = 1.5,
    volume_weeks: int = 8,
    volume_min_weeks: int = 4,
    forecast_level: str | None = "district_category",
    forecast_model: str = "prophet",
    themes: bool = True,
    performance: bool = True,
) -> NightlySummary | State:
    """One night: fails with a one-line reason, after writing the summary artifact.

    The warehouse is opened once and every step gets the connection, so steps run one after
    another in this process. ``task_runner`` picks where forecast fitting fans out: ``thread``
    (local processes) or ``dask`` (a local Dask cluster, or the one at ``dask_address``).
    """
    as_of = as_of or today_beijing()
    config = settings(db)
    run_id = flow_run.get_id() or v.new_run_id()
    reports = Path(report_dir) if report_dir else config.reports
    inbox_dir = Path(inbox) if inbox else config.inbox
    thresholds = validation.Thresholds(
        freshness_days=freshness_days,
        volume_low=volume_low,
        volume_high=volume_high,
        volume_weeks=volume_weeks,
        volume_min_weeks=volume_min_weeks,
    )
    with contextlib.ExitStack() as closing:
        con = open_warehouse(config.db_path, closing)
        report = load_and_archive(con, list_inbox(inbox_dir), "auto", config.archive, inbox_dir)
        empty = count_empty_nights(con, report)
        refresh = refresh_marts(con)
        results = validate(con, report.batch_ids, refresh.days, as_of, thresholds, reports / "data_docs")
        store_validation_results(con, run_id, results)
        reasons = ingest_reasons(report, empty, max_empty_nights) + validation_reasons(results)
        workers = (
            closing.enter_context(fitting_workers(task_runner, dask_address)) if forecast_level else None
        )
        analysis = _analyse(con, as_of, run_id, forecast_level, forecast_model, themes, performance, workers)
        summary = NightlySummary(run_id, as_of, report, refresh, results, tuple(reasons), analysis)
        record_night(con, summary)
        index = write_night_reports(con, reports, as_of)
    summary = replace(summary, analysis=replace(analysis, report_index=index))
    summary_file = publish_summary(summary, reports)
    summary = replace(summary, analysis=replace(summary.analysis, summary_file=summary_file))
    if summary.reasons:
        return failed(summary.reason)
    return summary


def main(argv: list[str] | None = None) -> int:
    """``python -m flows.nightly [--as-of D] [--db F] [--inbox DIR] [--report-dir DIR]``:
    one night; exit 1 with the one-line reason on failure."""
    parser = argparse.ArgumentParser(prog="python -m flows.nightly")
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None)
    parser.add_argument("--db")
    parser.add_argument("--inbox")
    parser.add_argument("--report-dir")
    parser.add_argument("--task-runner", choices=("thread", "dask"), default="thread")
    parser.add_argument("--dask-address")
    parser.add_argument(
        "--forecast-level", default="district_category", help="finest forecast level, or 'none'"
    )
    args = parser.parse_args(argv)
    try:
        summary = nightly(
            as_of=args.as_of,
            db=args.db,
            inbox=args.inbox,
            report_dir=args.report_dir,
            task_runner=args.task_runner,
            dask_address=args.dask_address,
            forecast_level=None if args.forecast_level == "none" else args.forecast_level,
        )
    except (RunFailed, WeisuError) as err:
        print(f"nightly failed: {err}", file=sys.stderr)
        return 1
    print("\n".join([one_line(summary), *where_lines(summary)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
