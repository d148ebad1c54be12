"""The ``ingest`` flow: files (or an inbox folder) → warehouse batches → archive.

DuckDB allows one writer per file, so the flow opens the warehouse once and loads file by file
in the flow process, one batch (one transaction) per file. Each file moves to the archive as
soon as it is loaded (or found unchanged), so a run that dies later leaves no loaded file
behind to load again; a failed file stays in the inbox. :func:`load_and_archive` is the part
the ``nightly`` flow shares, on the connection it opened itself.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import State

from analytics.errors import WarehouseError, WeisuError
from analytics.ingest.load import BatchResult, ingest_files
from analytics.settings import settings
from flows import inbox as box
from flows.retries import open_warehouse
from flows.runtime import run_logger
from flows.summary import IngestReport, failed, failed_files_reason


@task(name="list-inbox")
def list_inbox(inbox: Path) -> list[Path]:
    return box.inbox_files(inbox)


@task(name="load-file", cache_policy=NO_CACHE)
def load_file(con: duckdb.DuckDBPyConnection, path: Path, profile: str) -> BatchResult:
    """One file as one batch; a failed file is one warning line in the run's log (and, for an
    error no reader foresaw, its traceback at debug level)."""
    result = ingest_files(con, [path], profile=profile)[0]
    if result.status == "failed":
        logger = run_logger()
        logger.warning("%s", result.message)
        if result.detail:
            logger.debug("%s", result.detail)
    return result


@task(name="archive-file", retries=2, retry_delay_seconds=2)
def archive_file(path: Path, archive: Path) -> Path:
    return box.archive_file(path, archive)


def load_and_archive(
    con: duckdb.DuckDBPyConnection, paths: list[Path], profile: str, archive: Path, inbox: Path | None
) -> IngestReport:
    """Load each file as its own batch and archive it at once unless it failed. A warehouse
    that cannot be written (or a profile that cannot be used) stops the loading: the report
    keeps what was done and the reason in ``error``."""
    results: list[BatchResult] = []
    archived: list[Path] = []
    error = None
    for path in paths:
        try:
            result = load_file(con, path, profile)
        except WeisuError as err:  # WarehouseError or ProfileError: no later file can load
            error = str(err)
            break
        results.append(result)
        if result.status != "failed":
            archived.append(archive_file(result.file, archive))
    return IngestReport(inbox=inbox, results=tuple(results), archived=tuple(archived), error=error)


@flow(name="ingest")
def ingest(
    files: list[str] | None = None,
    inbox: str | None = None,
    db: str | None = None,
    archive: str | None = None,
    profile: str = "auto",
    fail_on_error: bool = True,
) -> IngestReport | State:
    """Load ``files``, or every export file in ``inbox`` (default ``data/inbox``); move
    processed files to ``archive`` (default ``data/archive``). Fails, after loading the
    good files, if any file failed (unless ``fail_on_error`` is false); a busy or unwritable
    warehouse fails the run with its one-line reason."""
    config = settings(db)
    inbox_dir = Path(inbox) if inbox else config.inbox
    archive_dir = Path(archive) if archive else config.archive
    paths = [Path(f) for f in files] if files else list_inbox(inbox_dir)
    try:
        with contextlib.ExitStack() as closing:
            con = open_warehouse(config.db_path, closing)
            report = load_and_archive(con, paths, profile, archive_dir, None if files else inbox_dir)
    except WarehouseError as err:
        return failed(str(err))
    if report.error:
        return failed(report.error)
    reason = failed_files_reason(report)
    if fail_on_error and reason:
        return failed(reason)
    return report
