"""CLI commands for the orchestrated runs: ``nightly``, ``backfill``, ``serve``.

``register(app)`` adds them to the ``weisu`` Typer app. Prefect is imported only when a command
runs, after :func:`flows.runtime.configure` has set its home. A failed run prints its one-line
reason (``error: nightly failed: <reason>``) and exits 1; an error before the run (bad date,
unwritable folder) exits 2.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from analytics.errors import WeisuError
from flows.cli.common import DbOption, fail, parse_day, say


class Runner(StrEnum):
    THREAD = "thread"
    DASK = "dask"


def _run_flow(command: str, flow_fn: Any, **parameters: Any) -> Any:
    """Run a flow; print its failure reason in one line and exit non-zero when it fails."""
    from flows import runtime

    try:
        runtime.configure()
    except OSError as err:
        fail(f"{command} failed: cannot create Prefect home: {err}", 2)
    runtime.exit_on_terminate()  # a run stopped with SIGTERM stops Prefect's temporary server
    try:
        state = flow_fn(**parameters, return_state=True)
    except WeisuError as err:
        fail(f"{command} failed: {err}", 2)
    if not state.is_completed():
        fail(f"{command} failed: {state.message or state.name}", 1)
    return state.result()


def nightly_command(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Run date (default: today, Asia/Shanghai); checks the day before"),
    ] = None,
    db: DbOption = None,
    inbox: Annotated[str | None, typer.Option(help="Inbox folder (default data/inbox)")] = None,
    report_dir: Annotated[
        str | None, typer.Option(help="Reports folder (Data Docs go to <report-dir>/data_docs)")
    ] = None,
    task_runner: Annotated[
        Runner,
        typer.Option(help="Where forecast fitting runs: thread (local processes) or dask (a Dask cluster)"),
    ] = Runner.THREAD,
    dask_address: Annotated[
        str | None, typer.Option(help="Dask scheduler, e.g. tcp://host:8786 (default: a local cluster)")
    ] = None,
    forecast_level: Annotated[
        str,
        typer.Option(help="Finest forecast level (city, district, category, district_category) or 'none'"),
    ] = "district_category",
    tuning: Annotated[
        Path | None, typer.Option(help="Tuning YAML: any weights and thresholds (see flows/tuning.yaml)")
    ] = None,
) -> None:
    """Ingest the inbox, refresh marts, validate, forecast, write the reports; one night."""
    day = parse_day(as_of, "--as-of")
    from flows.nightly import nightly
    from flows.tuning import load_tuning

    try:
        load_tuning(tuning)  # a bad file fails here, in one line, before anything runs
    except WeisuError as err:
        fail(str(err), 2)

    summary = _run_flow(
        "nightly",
        nightly,
        as_of=day,
        db=str(db) if db else None,
        inbox=inbox,
        report_dir=report_dir,
        task_runner=task_runner.value,
        dask_address=dask_address,
        forecast_level=None if forecast_level == "none" else forecast_level,
        tuning=str(tuning) if tuning else None,
    )
    from flows.summary import one_line, where_lines

    for line in (one_line(summary), *where_lines(summary)):
        say(line)


def backfill_command(
    start: Annotated[str, typer.Option("--start", help="First day (YYYY-MM-DD)")],
    end: Annotated[str, typer.Option("--end", help="Last day (YYYY-MM-DD)")],
    db: DbOption = None,
    report_dir: Annotated[str | None, typer.Option(help="Reports folder")] = None,
) -> None:
    """Recompute the daily_counts mart for a date range."""
    first, last = parse_day(start, "--start"), parse_day(end, "--end")
    if first is None or last is None or last < first:
        fail(f"--end {end} is before --start {start}", 2)
    from flows.backfill import backfill

    refresh = _run_flow(
        "backfill", backfill, start=first, end=last, db=str(db) if db else None, report_dir=report_dir
    )
    say(f"backfill: daily_counts recomputed for {refresh.day_range}")


def serve_command(
    cron: Annotated[str, typer.Option(help="Cron schedule")] = "0 2 * * *",
    timezone: Annotated[str, typer.Option(help="Time zone of the schedule")] = "Asia/Shanghai",
) -> None:
    """Run the nightly flow on a schedule in this process (Ctrl-C to stop)."""
    from flows import runtime

    try:
        runtime.configure()
        from flows.schedule import serve_nightly

        serve_nightly(cron=cron, timezone=timezone)
    except (OSError, WeisuError, ValueError) as err:
        fail(f"serve failed: {str(err).splitlines()[0] if str(err) else type(err).__name__}", 2)


def register(app: typer.Typer) -> None:
    """Add ``nightly``, ``backfill`` and ``serve`` to ``app``."""
    app.command("nightly")(nightly_command)
    app.command("backfill")(backfill_command)
    app.command("serve")(serve_command)
