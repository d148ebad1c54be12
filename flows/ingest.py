"""The ``ingest`` flow: files (or an inbox folder) → warehouse batches → archive.

DuckDB allows one writer per file, so the flow opens the warehouse once and loads file by file
in the flow process, one batch (one transaction) per file. A failed file stays in the inbox;
loaded and unchanged files move to the archive. :func:`load_and_archive` is the part the
``nightly`` flow shares, on the connection it opened itself.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb
from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.states import State

from analytics.ingest.load import BatchResult, ingest_files
from analytics.settings import settings
from flows import inbox as box
from flows.retries import open_warehouse
from flows.summary import IngestReport, failed, failed_files_reason


@task(name="list-inbox")
def list_inbox(inbox: Path) -> list[Path]:
    return box.inbox_files(inbox)


@task(name="load-file", cache_policy=NO_CACHE)
def load_file(con: duckdb.DuckDBPyConnection, path: Path, profile: str) -> BatchResult:
    return ingest_files(con, [path], profile=profile)[0]


@task(name="archive-file", retries=2, retry_delay_seconds=2)
def archive_file(path: Path, archive: Path) -> Path:
    return box.archive_file(path, archive)


def load_and_archive(
    con: duckdb.DuckDBPyConnection, paths: list[Path], profile: str, archive: Path, inbox: Path | None
) -> IngestReport:
    """Load each file as its own batch, then archive every file that did not fail."""
    results = [load_file(con, path, profile) for path in paths]
    archived = [archive_file(r.file, archive) for r in results if r.status != "failed"]
    return IngestReport(inbox=inbox, results=tuple(results), archived=tuple(archived))


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
    good files, if any file failed (unless ``fail_on_error`` is false)."""
    config = settings(db)
    inbox_dir = Path(inbox) if inbox else config.inbox
    archive_dir = Path(archive) if archive else config.archive
    paths = [Path(f) for f in files] if files else list_inbox(inbox_dir)
    with contextlib.ExitStack() as closing:
        con = open_warehouse(config.db_path, closing)
        report = load_and_archive(con, paths, profile, archive_dir, None if files else inbox_dir)
    reason = failed_files_reason(report)
    if fail_on_error and reason:
        return failed(reason)
    return report
