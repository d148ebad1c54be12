"""The ``nightly`` flow: ingest the inbox → refresh marts → validate → themes → forecasts →
三率 rankings, street risk and topic impact → record → reports → summarise.

The mart refresh runs before validation because the ``warehouse`` suite checks the 三率 of the
refreshed days; both suites run after the rows are committed, so a failed check does not undo
a load — it makes the night fail loudly instead. A night fails (one-line reason, markdown
artifact still written) on: a failed file, 0 new rows from new files, an inbox empty for
``max_empty_nights`` nights, or any critical expectation (stale data, volume, keys, rates).

Whatever a step raises — a warehouse still busy after the retries, a step that breaks — the
night ends the same way: the reason in one line, and the summary (markdown file and artifact)
written with what the night did until then.

``python -m flows.nightly [--as-of YYYY-MM-DD]`` runs it once.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
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
from flows.analysis import forecast_night, performance_night, refresh_night_themes
from flows.ingest import list_inbox, load_and_archive
from flows.retries import open_warehouse
from flows.runtime import exit_on_terminate, run_logger
from flows.scale import TaskRunner, fitting_workers
from flows.summary import (
    AnalysisReport,
    IngestReport,
    NightlySummary,
    RunFailed,
    error_line,
    failed,
    ingest_reasons,
    nightly_markdown,
    one_line,
    validation_reasons,
    where_lines,
)
from flows.tuning import Tuning, load_tuning
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
def count_empty_nights(con: Connection, report: IngestReport, stored: tuple[int, ...] = ()) -> int:
    """Empty nights in a row, this one included when its inbox was empty and nothing it needs was
    already loaded (``stored``: batches of a night that died before recording itself)."""
    before = validation.empty_nights(con)
    return before + 1 if not report.results and not stored else 0


@task(name="stored-batches", cache_policy=NO_CACHE)
def stored_batches(con: Connection, report: IngestReport) -> tuple[int, ...]:
    """With an empty inbox, the batches loaded since the last recorded night: a rerun of a night
    that was killed after archiving its files recomputes from them."""
    return () if report.results else validation.unrecorded_batches(con)


def _night_row(summary: NightlySummary) -> validation.Night:
    """The night as a ``nightly_runs`` row."""
    return validation.Night(
        run_id=summary.run_id,
        as_of=summary.as_of,
        files=len(summary.ingest.results),
        files_failed=len(summary.ingest.failed),
        rows_new=summary.ingest.rows_new,
        rows_quarantined=summary.ingest.rows_quarantined,
        status=summary.status,
        reason=summary.reason or None,
    )


@task(name="record-night", cache_policy=NO_CACHE)
def record_night(con: Connection, summary: NightlySummary) -> None:
    validation.record_night(con, _night_row(summary))


@task(name="write-reports", cache_policy=NO_CACHE)
def write_night_reports(con: Connection, reports: Path, as_of: dt.date, tuning: Tuning) -> Path:
    from reports.writer import write_reports

    return write_reports(con, reports, as_of, weights=tuning.candidates).index


@task(name="publish-summary")
def publish_summary(summary: NightlySummary, reports: Path) -> Path | None:
    """The summary as ``nightly-<as_of>.md`` beside the reports, and as a markdown artifact;
    each is written even if the other cannot be (the file first: it needs no server). Never
    raises: a night that failed must still say why."""
    markdown = nightly_markdown(summary)
    path = reports / f"nightly-{summary.as_of}.md"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(markdown, encoding="utf-8")
    except OSError as err:
        run_logger().warning("cannot write the night's summary %s: %s", path, err)
    try:
        description = f"Weisu nightly {summary.as_of}: {summary.status}"
        create_markdown_artifact(markdown=markdown, key="weisu-nightly", description=description)
    except Exception as err:  # the artifact is a copy; the file above is the record
        run_logger().warning("cannot publish the summary artifact: %s", error_line(err))
    return path if path.is_file() else None


@dataclass(frozen=True)
class _Plan:
    """The night's parameters, as the steps need them."""

    inbox: Path
    archive: Path
    reports: Path
    tuning: str | dict[str, Any] | None
    task_runner: TaskRunner
    dask_address: str | None
    forecast_level: str | None
    forecast_model: str
    themes: bool
    performance: bool


def _analyse(
    con: Connection,
    as_of: dt.date,
    run_id: str,
    plan: _Plan,
    tuned: Tuning,
    workers: Workers = None,
) -> AnalysisReport:
    """Themes, forecasts and 三率 after validation; each may be turned off, each leaves a note."""
    themes_note = refresh_night_themes(con, as_of, tuned) if plan.themes else "themes not requested"
    analysis = (
        forecast_night(con, as_of, plan.forecast_level, plan.forecast_model, tuned, workers)
        if plan.forecast_level
        else AnalysisReport(notes=("forecasts not requested",))
    )
    performance_note = (
        performance_night(con, as_of, run_id, tuned.performance) if plan.performance else "not requested"
    )
    return replace(analysis, notes=(*analysis.notes, f"themes: {themes_note}", f"三率: {performance_note}"))


class _Night:
    """The night so far: what its summary shows if a later step raises."""

    def __init__(self, summary: NightlySummary) -> None:
        self.summary = summary
        self.con: Connection | None = None
        self.recorded = False

    def update(self, **changes: object) -> None:
        self.summary = replace(self.summary, **changes)  # type: ignore[arg-type]

    def record(self) -> None:
        """Append the night to ``nightly_runs`` (once)."""
        if self.con is not None and not self.recorded:
            record_night(self.con, self.summary)
            self.recorded = True

    def fail(self, err: Exception) -> None:
        """End the night on ``err``: its one-line reason joins the summary's reasons, the
        traceback goes to the debug log, and the night is recorded if the warehouse allows."""
        reason, logger = error_line(err), run_logger()
        # The reason is the run's final state message: the CLI prints it once, in one line.
        logger.info("nightly failed: %s", reason)
        logger.debug("the error that ended the night", exc_info=err)
        self.update(reasons=(*self.summary.reasons, reason))
        try:
            self.record()
        except Exception as record_err:  # the warehouse itself may be what failed
            logger.warning("cannot record the failed night: %s", error_line(record_err))


def _run_night(night: _Night, plan: _Plan, closing: contextlib.ExitStack) -> None:
    """The steps in order; each result goes into ``night`` as soon as it exists."""
    con, summary = night.con, night.summary
    assert con is not None
    tuned = load_tuning(plan.tuning)
    report = load_and_archive(con, list_inbox(plan.inbox), "auto", plan.archive, plan.inbox)
    night.update(ingest=report)
    if report.error:
        raise WarehouseError(report.error)
    stored = stored_batches(con, report)
    empty = count_empty_nights(con, report, stored)
    refresh = refresh_marts(con)
    night.update(refresh=refresh)
    results = validate(
        con,
        report.batch_ids or stored,
        refresh.days,
        summary.as_of,
        tuned.validation,
        plan.reports / "data_docs",
    )
    night.update(validation=results)
    store_validation_results(con, summary.run_id, results)
    reasons = ingest_reasons(report, empty, tuned.night.max_empty_nights) + validation_reasons(results)
    night.update(reasons=tuple(reasons))
    workers = (
        closing.enter_context(fitting_workers(plan.task_runner, plan.dask_address))
        if plan.forecast_level
        else None
    )
    analysis = _analyse(con, summary.as_of, summary.run_id, plan, tuned, workers)
    if stored:
        rerun = f"inbox empty: recomputed the night from {len(stored)} batch(es) already loaded"
        analysis = replace(analysis, notes=(rerun, *analysis.notes))
    night.update(analysis=analysis)
    night.record()
    index = write_night_reports(con, plan.reports, summary.as_of, tuned)
    night.update(analysis=replace(analysis, report_index=index))


@flow(name="nightly")
def nightly(
    as_of: dt.date | None = None,
    db: str | None = None,
    inbox: str | None = None,
    report_dir: str | None = None,
    task_runner: TaskRunner = "thread",
    dask_address: str | None = None,
    tuning: str | dict[str, Any] | None = None,
    forecast_level: str | None = "district_category",
    forecast_model: str = "prophet",
    themes: bool = True,
    performance: bool = True,
) -> NightlySummary | State:
    """One night: fails with a one-line reason, after writing the summary artifact.

    The warehouse is opened once and every step gets the connection, so steps run one after
    another in this process. ``task_runner`` picks where forecast fitting fans out: ``thread``
    (local processes) or ``dask`` (a local Dask cluster, or the one at ``dask_address``).
    ``tuning`` is a tuning YAML file, or a mapping of the same keys (``flows/tuning.yaml``): every
    weight and threshold of the night, its checks included.
    """
    as_of = as_of or today_beijing()
    config = settings(db)
    reports = Path(report_dir) if report_dir else config.reports
    inbox_dir = Path(inbox) if inbox else config.inbox
    run_id = flow_run.get_id() or v.new_run_id()
    night = _Night(NightlySummary(run_id, as_of, IngestReport(inbox=inbox_dir)))
    plan = _Plan(
        inbox=inbox_dir,
        archive=config.archive,
        reports=reports,
        tuning=tuning,
        task_runner=task_runner,
        dask_address=dask_address,
        forecast_level=forecast_level,
        forecast_model=forecast_model,
        themes=themes,
        performance=performance,
    )
    with contextlib.ExitStack() as closing:
        try:
            night.con = open_warehouse(config.db_path, closing)
            _run_night(night, plan, closing)
        except Exception as err:  # any step: the night still ends with a reason and a summary
            night.fail(err)
    summary_file = publish_summary(night.summary, reports)
    summary = night.summary
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
    parser.add_argument("--tuning", help="tuning YAML (see flows/tuning.yaml)")
    parser.add_argument(
        "--forecast-level", default="district_category", help="finest forecast level, or 'none'"
    )
    args = parser.parse_args(argv)
    exit_on_terminate()
    try:
        summary = nightly(
            as_of=args.as_of,
            db=args.db,
            inbox=args.inbox,
            report_dir=args.report_dir,
            task_runner=args.task_runner,
            dask_address=args.dask_address,
            tuning=args.tuning,
            forecast_level=None if args.forecast_level == "none" else args.forecast_level,
        )
    except (RunFailed, WeisuError) as err:
        print(f"nightly failed: {err}", file=sys.stderr)
        return 1
    print("\n".join([one_line(summary), *where_lines(summary)]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
