"""The ``ingest`` flow: files (or an inbox folder) → warehouse batches → archive.

Concurrency: DuckDB allows one writer per file, so only *reading* fans out — each file is
hashed by a task on the flow's task runner (threads, or Dask workers) — while *loading* runs
file by file in the flow process, one batch (one transaction) per file. A failed file stays
in the inbox; loaded and unchanged files move to the archive.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.states import State

from analytics.ingest.load import BatchResult, ingest_files
from analytics.settings import settings
from flows import inbox as box
from flows.retries import on_warehouse
from flows.summary import IngestReport, failed, failed_files_reason


@task(name="list-inbox")
def list_inbox(inbox: Path) -> list[Path]:
    return box.inbox_files(inbox)


@task(name="hash-file")
def hash_file(path: Path) -> box.FileInfo:
    # An unreadable file is not retried here: its load fails and names it.
    try:
        return box.file_info(path)
    except OSError:
        return box.FileInfo(path=path, size_bytes=0, sha256="")


@task(**on_warehouse(name="load-file"))
def load_file(path: Path, db: str | None, profile: str) -> BatchResult:
    return ingest_files([path], profile=profile, db=db)[0]


@task(name="archive-file", retries=2, retry_delay_seconds=2)
def archive_file(path: Path, archive: Path) -> Path:
    return box.archive_file(path, archive)


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
    infos = [f.result() for f in hash_file.map(paths)]
    results = [load_file(path, db, profile) for path in paths]
    archived = [archive_file(r.file, archive_dir) for r in results if r.status != "failed"]
    report = IngestReport(
        inbox=None if files else inbox_dir,
        results=tuple(results),
        files=tuple(infos),
        archived=tuple(archived),
    )
    reason = failed_files_reason(report)
    if fail_on_error and reason:
        return failed(reason)
    return report
