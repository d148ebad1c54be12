"""Loading one export file as one batch: read, map, normalise, classify, write — atomically.

A batch is one transaction: either the file's rows are all accounted for (loaded, updated,
duplicate or quarantined, and the counts add up to the rows read) or nothing changes.
Re-ingesting the same bytes with the same profile is recognised by hash and changes nothing.
One hostile file never stops the others: whatever reading or mapping it raises fails that
file with one line naming it; only a warehouse that cannot be written stops the run. The SQL
lives behind :mod:`analytics.ingest.store`; this module decides what runs when.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import traceback
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb

from analytics import privacy
from analytics import vocabulary as v
from analytics.errors import SourceError, WarehouseError, WeisuError
from analytics.ingest import normalise, store
from analytics.ingest.checks import checked_profile, one_line, unforeseen_reason
from analytics.ingest.mapping import mapped_select
from analytics.ingest.profiles import (
    SHIPPED,
    Profile,
    detect_profile,
    load_profile,
    normalise_header,
    shipped_profile,
    source_columns,
)
from analytics.ingest.sources import RawSource, read_source, remove_stale_copies
from analytics.settings import hashing_key, settings

Stage = Callable[[str], None]
_log = logging.getLogger(__name__)


@dataclass
class BatchResult:
    """What one file did to the warehouse."""

    file: Path
    profile: str
    status: str  # ok | unchanged | failed
    batch_id: int | None = None
    rows_read: int = 0
    rows_loaded: int = 0
    rows_updated: int = 0
    rows_duplicate: int = 0
    rows_quarantined: int = 0
    message: str = ""
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: The traceback of an unforeseen error, for logs; never shown as the message.
    detail: str = field(default="", repr=False)

    @property
    def balanced(self) -> bool:
        return self.rows_read == (
            self.rows_loaded + self.rows_updated + self.rows_duplicate + self.rows_quarantined
        )


def _readable_sha256(path: Path) -> str:
    """The file's hash; an unreadable file fails its own batch instead of the whole run (a
    symbolic link is not followed: the source refuses it)."""
    if path.is_symlink() or not path.is_file():
        return ""
    try:
        return v.file_sha256(path)
    except PermissionError:
        raise SourceError(f"{path.name}: permission denied") from None
    except OSError as err:
        raise SourceError(f"{path.name}: cannot read file ({err.strerror or err})") from None


@cache
def _known_headers() -> frozenset[str]:
    specs = [spec for name in SHIPPED for spec in shipped_profile(name).fields.values()]
    return frozenset(normalise_header(c) for spec in specs for c in source_columns(spec))


def _open_source(
    path: Path, profile_arg: str | Profile, tmp_dir: Path, opened: list[RawSource]
) -> tuple[RawSource, Profile, str]:
    """The raw source (also added to ``opened``, for the caller to close) and the profile to
    map it with (auto-detected from the header)."""
    profile = (
        None
        if profile_arg == "auto"
        else (profile_arg if isinstance(profile_arg, Profile) else load_profile(profile_arg))
    )
    known = (
        set(_known_headers())
        if profile is None
        else {normalise_header(c) for spec in profile.fields.values() for c in source_columns(spec)}
    )
    source = read_source(
        path,
        encoding=profile.encoding if profile else "auto",
        known_headers=known,
        json_records=profile.json_records if profile else None,
        tmp_dir=tmp_dir,
    )
    opened.append(source)
    note = ""
    if profile is None:
        profile, score = detect_profile(source.headers)
        note = f"profile auto → {profile.name} ({score:.0%} of its columns found)"
    return source, profile, note


def _sha_or_blank(hashing: Future[str]) -> str:
    """The hash a background thread computed, or "" when it failed (the file's own read error
    is reported by the source, which reads the same bytes)."""
    try:
        return hashing.result()
    except Exception:  # any failure to hash leaves the hash blank
        return ""


def _record_failure(
    con: duckdb.DuckDBPyConnection, path: Path, sha: str, profile: str, started: dt.datetime, message: str
) -> int:
    """The failed batch's row; a warehouse that cannot take even that stops the run."""
    batch = store.BatchFile(
        file_path=str(path),
        file_name=path.name,
        sha256=sha,
        size_bytes=path.stat().st_size if path.is_file() and not path.is_symlink() else 0,
        profile=profile,
        source=profile,
        started_at=started,
    )
    try:
        return store.failed_batch_insert(con, batch, message)
    except duckdb.Error as err:
        raise WarehouseError(
            f"{path.name}: cannot record its failure in the warehouse: {one_line(err)}"
        ) from None


def _unchanged(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile, sha: str) -> BatchResult | None:
    """The result for bytes already loaded under this profile, or ``None``."""
    previous = store.previous_batch_read(con, sha, profile.name)
    if previous is None:
        return None
    batch_id, name, rows = previous
    return BatchResult(
        file=path,
        profile=profile.name,
        status="unchanged",
        batch_id=batch_id,
        rows_read=rows,
        rows_duplicate=rows,
        message=f"unchanged: same bytes as batch {batch_id} ({name}); 0 new",
    )


@dataclass(frozen=True)
class _Batch:
    """One file on its way in: where it is, how it was read and mapped, what it hashes to."""

    path: Path
    source: RawSource
    profile: Profile
    sha: str
    started: dt.datetime
    select: str
    params: dict[str, Any]


def _write_rows(con: duckdb.DuckDBPyConnection, batch: _Batch, stage: Stage) -> tuple[int, int]:
    """Normalise, classify and write the batch's rows; returns (batch_id, rejected lines)."""
    if not store.row_hash_current_read(con):
        stage("rehashing stored rows")
        store.row_hashes_update(con, dt.datetime.now())
    stage("normalising")
    store.batch_normalised_insert(con, batch.select, batch.params)
    stage("classifying")
    store.batch_classified_insert(con, batch.profile.source)
    batch_id = store.ingest_batches_insert(
        con,
        store.BatchFile(
            file_path=str(batch.path.resolve()),
            file_name=batch.path.name,
            sha256=batch.sha,
            size_bytes=batch.path.stat().st_size,
            profile=batch.profile.name,
            source=batch.profile.source,
            started_at=batch.started,
        ),
    )
    stage("writing")
    store.complaints_insert(con, batch_id)
    masks = privacy.mask_params()
    store.quarantine_insert(con, batch_id, batch.source.first_row_number, masks)
    rejects = store.rejected_lines_read(con, batch.source)
    if rejects:
        store.quarantine_malformed_insert(con, batch_id, masks)
    return batch_id, rejects


def _write_batch(con: duckdb.DuckDBPyConnection, batch: _Batch, stage: Stage) -> BatchResult:
    """The batch's writes and its bookkeeping row; raises (and so rolls back) if the counts do
    not add up to the rows read."""
    batch_id, rejects = _write_rows(con, batch, stage)
    outcomes = store.batch_outcomes_read(con)
    result = BatchResult(
        file=batch.path,
        profile=batch.profile.name,
        status="ok",
        batch_id=batch_id,
        rows_read=outcomes.mapped + rejects,
        rows_loaded=outcomes.loaded,
        rows_updated=outcomes.updated,
        rows_duplicate=outcomes.duplicate,
        rows_quarantined=outcomes.invalid + rejects,
        notes=batch.source.notes,
    )
    if not result.balanced:
        raise RuntimeError(f"{batch.path.name}: batch does not balance ({result}); rolled back")
    end = store.BatchEnd(
        "ok",
        rows_read=result.rows_read,
        rows_loaded=result.rows_loaded,
        rows_updated=result.rows_updated,
        rows_duplicate=result.rows_duplicate,
        rows_quarantined=result.rows_quarantined,
        message="; ".join(batch.source.notes) or None,
    )
    store.ingest_batches_update(con, batch_id, end, dt.datetime.now())
    return result


def _load_batch(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: RawSource,
    profile: Profile,
    hashing: Future[str],
    started: dt.datetime,
    params: dict[str, Any],
    stage: Stage,
) -> BatchResult:
    """Read, then (once the file's hash says the bytes are new) normalise, classify and write.

    The hash is computed on another thread while DuckDB reads the file: both take a pass over
    the bytes, and an unchanged file — rare — costs only the wasted read."""
    select, select_params = mapped_select(profile, source.headers, source.first_row_number)
    # Temp tables are made before the transaction so their rowids are the file's row order.
    store.macros_create(con)
    stage("reading")
    try:
        store.raw_insert(con, source)
        sha = hashing.result()
        unchanged = _unchanged(con, path, profile, sha)
        if unchanged is not None:
            return unchanged
        store.areas_insert(con, *normalise.area_frames(profile))
        batch = _Batch(path, source, profile, sha, started, select, {**select_params, **params})
        with store.batch_transaction(con, path.name):
            return _write_batch(con, batch, stage)
    finally:
        store.temp_tables_delete(con)


@dataclass(frozen=True)
class _Run:
    """What every file of one ingest shares."""

    key: bytes
    keep_clear: bool
    now: dt.datetime | None
    tmp_dir: Path


def _ingest(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    profile: str | Profile,
    run: _Run,
    hashing: Future[str],
    opened: list[RawSource],
    started: dt.datetime,
    stage: Stage,
) -> BatchResult:
    """Read, map and load one file; raises whatever goes wrong (the caller sorts it out)."""
    source, resolved, note = _open_source(path, profile, run.tmp_dir, opened)
    params = normalise.normalise_params(resolved, run.key, run.keep_clear, run.now or started)
    result = _load_batch(con, path, source, resolved, hashing, started, params, stage)
    if note:
        result.notes.insert(0, note)
    result.message = "; ".join([result.message] if result.status == "unchanged" else result.notes)
    return result


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    profile: str | Profile = "auto",
    *,
    key: bytes,
    keep_clear: bool = False,
    now: dt.datetime | None = None,
    stage: Stage | None = None,
    tmp_dir: Path | None = None,
) -> BatchResult:
    """Load one file as one batch; a bad file gives a ``failed`` result, never a traceback.

    Only :class:`WarehouseError` (the warehouse cannot be written, so no later file could be
    either) is raised. Temporary copies go to ``tmp_dir`` (default: beside the warehouse)."""
    path = Path(path)
    clock, started = time.perf_counter(), dt.datetime.now()
    run = _Run(key, keep_clear, now, tmp_dir or settings(store.database_file(con)).tmp_dir)
    profile_name = profile.name if isinstance(profile, Profile) else profile
    opened: list[RawSource] = []
    pool = ThreadPoolExecutor(max_workers=1)
    hashing = pool.submit(_readable_sha256, path)
    try:
        result = _ingest(con, path, profile, run, hashing, opened, started, stage or (lambda _n: None))
    except WarehouseError:
        raise  # the warehouse itself cannot be written: recording a failed batch would fail too
    except duckdb.FatalException as err:  # DuckDB invalidated the connection: nothing more loads
        raise WarehouseError(f"{path.name}: the warehouse connection failed: {one_line(err)}") from None
    except WeisuError as err:
        message = str(err) if path.name in str(err) else f"{path.name}: {err}"
        result = _failed(con, path, _sha_or_blank(hashing), profile_name, started, message)
    except Exception as err:  # one hostile file must not stop the others, whatever it raises
        _log.debug("unforeseen error reading %s", path, exc_info=True)
        message = unforeseen_reason(path, err)
        result = _failed(con, path, _sha_or_blank(hashing), profile_name, started, message)
        result.detail = traceback.format_exc()
    finally:
        pool.shutdown(wait=True)
        for source in opened:
            source.close()
    result.seconds = time.perf_counter() - clock
    return result


def _failed(
    con: duckdb.DuckDBPyConnection, path: Path, sha: str, profile: str, started: dt.datetime, message: str
) -> BatchResult:
    """A failed file: its batch row recorded, its one-line message kept."""
    batch_id = _record_failure(con, path, sha, profile, started, message)
    return BatchResult(file=path, profile=profile, status="failed", batch_id=batch_id, message=message)


def _file_stage(path: Path, stage: Callable[[Path, str], None] | None) -> Stage | None:
    return None if stage is None else (lambda name: stage(path, name))


def ingest_files(
    con: duckdb.DuckDBPyConnection,
    paths: Sequence[Path],
    profile: str | Profile = "auto",
    progress: Callable[[BatchResult], None] | None = None,
    now: dt.datetime | None = None,
    stage: Callable[[Path, str], None] | None = None,
) -> list[BatchResult]:
    """Ingest files in order through ``con``; one batch (one transaction) per file.

    The caller-hash key is the one beside the connection's warehouse file (created there on
    first use; ``WEISU_HASH_KEY`` overrides it), so repeat callers hash alike across runs.
    ``stage(path, name)`` is told when a file moves to reading, normalising, classifying and
    writing (a large file spends seconds in each); ``progress(result)`` when it is done. A bad
    profile raises :class:`ProfileError` before any file; temporary copies a killed ingest
    left beside the warehouse are removed first.
    """
    config = settings(store.database_file(con))
    key = hashing_key(config.key_path)
    remove_stale_copies(config.tmp_dir)  # what a killed ingest left, caller numbers in clear
    profile = checked_profile(con, profile)
    results = []
    for path in map(Path, paths):
        result = ingest_file(
            con,
            path,
            profile,
            key=key,
            keep_clear=config.keep_clear_text,
            now=now,
            stage=_file_stage(path, stage),
            tmp_dir=config.tmp_dir,
        )
        results.append(result)
        if progress:
            progress(result)
    return results
