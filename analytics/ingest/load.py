"""Loading one export file as one batch: read, map, normalise, classify, write — atomically.

A batch is one transaction: either the file's rows are all accounted for (loaded, updated,
duplicate or quarantined, and the counts add up to the rows read) or nothing changes.
Re-ingesting the same bytes with the same profile is recognised by hash and changes nothing.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from analytics import privacy
from analytics import vocabulary as v
from analytics import warehouse as wh
from analytics.errors import SourceError, WarehouseError, WeisuError
from analytics.ingest import areas
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
from analytics.ingest.sources import RawSource, read_source

MIN_RECEIVED = dt.datetime(1980, 1, 1)
MAX_CONTENT_CHARS = 50_000
#: ISO timestamps with a UTC offset are accepted from any source and converted to its zone.
OFFSET_FORMATS = ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z")
TRUE_WORDS = (
    "true",
    "t",
    "yes",
    "y",
    "1",
    "是",
    "已解决",
    "解决",
    "已办结",
    "满意",
    "基本满意",
    "非常满意",
    "比较满意",
)
FALSE_WORDS = ("false", "f", "no", "n", "0", "否", "未解决", "部分解决", "不满意", "非常不满意", "不太满意")
#: DuckDB errors that mean the warehouse file cannot be written (disk full, read-only).
WRITE_ERRORS = (duckdb.IOException, duckdb.TransactionException, duckdb.FatalException)
TEMP_TABLES = (
    "_raw",
    "_norm",
    "_classified",
    "_area_districts",
    "_area_streets",
    "reject_errors",
    "reject_scans",
)


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

    @property
    def balanced(self) -> bool:
        return self.rows_read == (
            self.rows_loaded + self.rows_updated + self.rows_duplicate + self.rows_quarantined
        )


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _readable_sha256(path: Path) -> str:
    """The file's hash; an unreadable file fails its own batch instead of the whole run."""
    if not path.is_file():
        return ""
    try:
        return file_sha256(path)
    except PermissionError:
        raise SourceError(f"{path.name}: permission denied") from None
    except OSError as err:
        raise SourceError(f"{path.name}: cannot read file ({err.strerror or err})") from None


@cache
def _known_headers() -> frozenset[str]:
    names: set[str] = set()
    for name in SHIPPED:
        for spec in shipped_profile(name).fields.values():
            names.update(normalise_header(c) for c in source_columns(spec))
    return frozenset(names)


def _open_source(path: Path, profile_arg: str | Profile) -> tuple[RawSource, Profile, str]:
    """The raw source and the profile to map it with (auto-detected from the header)."""
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
    )
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
    except WeisuError:
        return ""


def _create_raw(con: duckdb.DuckDBPyConnection, source: RawSource) -> None:
    if source.frame is not None:
        con.register("_raw_frame", source.frame)
        con.execute("CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM _raw_frame")
        con.unregister("_raw_frame")
        return
    columns = dict.fromkeys(source.headers, "VARCHAR")
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _raw AS SELECT * FROM read_csv($path, columns = $columns, "
        "header = true, auto_detect = false, delim = $delim, quote = '\"', escape = '\"', "
        "store_rejects = true, max_line_size = 20000000, parallel = true)",
        {"path": str(source.csv_path), "columns": columns, "delim": source.delimiter},
    )


def _create_areas(con: duckdb.DuckDBPyConnection, profile: Profile) -> None:
    districts = pl.DataFrame(areas.district_aliases(profile), schema=["alias", "district"], orient="row")
    streets = pl.DataFrame(
        areas.street_aliases(profile), schema=["district", "alias", "street"], orient="row"
    )
    for name, df in (("_area_districts", districts), ("_area_streets", streets)):
        con.register(f"{name}_frame", df)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM {name}_frame")
        con.unregister(f"{name}_frame")


def _normalise_params(profile: Profile, key: bytes, keep_clear: bool, now: dt.datetime) -> dict[str, Any]:
    masks = privacy.mask_params()
    params: dict[str, Any] = {
        "formats": [f for f in profile.timestamp_formats if f != "excel" and "%z" not in f]
        or ["%Y-%m-%d %H:%M:%S"],
        "tz_formats": [f for f in profile.timestamp_formats if "%z" in f] + list(OFFSET_FORMATS),
        "excel": "excel" in profile.timestamp_formats,
        "tz": profile.timezone,
        "min_ts": MIN_RECEIVED,
        "max_ts": now + dt.timedelta(days=1),
        "area": profile.area,
        "check_streets": profile.area == "beijing",
        "max_content": MAX_CONTENT_CHARS,
        "true_words": list(TRUE_WORDS + profile.true_words),
        "false_words": list(FALSE_WORDS + profile.false_words),
        "appeal_types": [t.value for t in v.AppealType],
        "keep_clear": keep_clear,
        "key": key.decode(),
        "source": profile.source,
    }
    for i in range(len(masks) // 2):
        params[f"m{i}"], params[f"r{i}"] = masks[2 * i], masks[2 * i + 1]
    return params


def _reject_count(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'reject_errors'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.execute("SELECT count(DISTINCT line) FROM reject_errors").fetchall()[0][0]


def _drop_temp(con: duckdb.DuckDBPyConnection) -> None:
    for name in TEMP_TABLES:
        con.execute(f"DROP TABLE IF EXISTS temp.{name}")


def _record_failure(
    con: duckdb.DuckDBPyConnection, path: Path, sha: str, profile: str, started: dt.datetime, message: str
) -> int:
    batch_id = con.execute(
        wh.sql_text("ingest/batch_started"),
        {
            "file_path": str(path),
            "file_name": path.name,
            "sha256": sha,
            "size_bytes": path.stat().st_size if path.exists() else 0,
            "profile": profile,
            "source": profile,
            "started_at": started,
        },
    ).fetchall()[0][0]
    con.execute(
        wh.sql_text("ingest/batch_finished"),
        {
            "batch_id": batch_id,
            "finished_at": dt.datetime.now(),
            "status": "failed",
            "rows_read": 0,
            "rows_loaded": 0,
            "rows_updated": 0,
            "rows_duplicate": 0,
            "rows_quarantined": 0,
            "message": message,
        },
    )
    return batch_id


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    # A failed COMMIT (e.g. disk full) has already ended the transaction; ROLLBACK would then
    # raise "no transaction is active" and hide the real error.
    with contextlib.suppress(duckdb.Error):
        con.execute("ROLLBACK")


def _unchanged(con: duckdb.DuckDBPyConnection, path: Path, profile: Profile, sha: str) -> BatchResult | None:
    """The result for bytes already loaded under this profile, or ``None``."""
    previous = con.execute(
        wh.sql_text("ingest/batch_previous"), {"sha256": sha, "profile": profile.name}
    ).fetchall()
    if not previous:
        return None
    batch_id, name, rows = previous[0]
    return BatchResult(
        file=path,
        profile=profile.name,
        status="unchanged",
        batch_id=batch_id,
        rows_read=rows,
        rows_duplicate=rows,
        message=f"unchanged: same bytes as batch {batch_id} ({name}); 0 new",
    )


def _load_batch(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    source: RawSource,
    profile: Profile,
    hashing: Future[str],
    started: dt.datetime,
    params: dict[str, Any],
    stage: Callable[[str], None],
) -> BatchResult:
    """Read, then (once the file's hash says the bytes are new) normalise, classify and write.

    The hash is computed on another thread while DuckDB reads the file: both take a pass over
    the bytes, and an unchanged file — rare — costs only the wasted read."""
    select, select_params = mapped_select(profile, source.headers, source.first_row_number)
    # Temp tables are made before the transaction so their rowids are the file's row order.
    wh.execute(con, "ingest/ingest_macros")
    stage("reading")
    try:
        try:
            _create_raw(con, source)
        except duckdb.InvalidInputException as err:  # a CSV shape DuckDB's reader cannot recover from
            raise SourceError(f"{path.name}: malformed CSV ({str(err).splitlines()[0]})") from None
        sha = hashing.result()
        unchanged = _unchanged(con, path, profile, sha)
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            _drop_temp(con)
        raise
    if unchanged is not None:
        _drop_temp(con)
        return unchanged
    _create_areas(con, profile)
    # From here on row order is carried by _row, so DuckDB may write in any order (faster).
    con.execute("SET preserve_insertion_order = false")
    con.execute("BEGIN TRANSACTION")
    try:
        if not wh.frame(con, "ingest/row_hash_current").item():
            stage("rehashing stored rows")
            wh.execute(con, "ingest/row_hash_refresh", {"now": dt.datetime.now()})
        stage("normalising")
        # The profile's mapping feeds the static normalising query as a CTE (never materialised).
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _norm AS WITH _mapped AS NOT MATERIALIZED "
            f"({select}) SELECT * FROM ({wh.sql_text('ingest/normalised_batch')})",
            {**select_params, **params},
        )
        stage("classifying")
        wh.execute(con, "ingest/classified_batch", {"source": profile.source})
        batch_id = con.execute(
            wh.sql_text("ingest/batch_started"),
            {
                "file_path": str(path.resolve()),
                "file_name": path.name,
                "sha256": sha,
                "size_bytes": path.stat().st_size,
                "profile": profile.name,
                "source": profile.source,
                "started_at": started,
            },
        ).fetchall()[0][0]
        stage("writing")
        wh.execute(con, "ingest/complaints_upsert", {"batch_id": batch_id})
        masks = {k: val for k, val in params.items() if k[0] in "mr" and k[1:].isdigit()}
        wh.execute(
            con,
            "ingest/quarantine_insert",
            {"batch_id": batch_id, "first_row": source.first_row_number, **masks},
        )
        rejects = _reject_count(con)
        if rejects:
            wh.execute(con, "ingest/quarantine_rejects", {"batch_id": batch_id, **masks})
        mapped, loaded, updated, duplicate, invalid = con.execute(
            wh.sql_text("ingest/batch_outcomes")
        ).fetchall()[0]
        result = BatchResult(
            file=path,
            profile=profile.name,
            status="ok",
            batch_id=batch_id,
            rows_read=mapped + rejects,
            rows_loaded=loaded,
            rows_updated=updated,
            rows_duplicate=duplicate,
            rows_quarantined=invalid + rejects,
            notes=source.notes,
        )
        if not result.balanced:
            raise RuntimeError(f"{path.name}: batch does not balance ({result}); rolled back")
        wh.execute(
            con,
            "ingest/batch_finished",
            {
                "batch_id": batch_id,
                "finished_at": dt.datetime.now(),
                "status": "ok",
                "rows_read": result.rows_read,
                "rows_loaded": loaded,
                "rows_updated": updated,
                "rows_duplicate": duplicate,
                "rows_quarantined": result.rows_quarantined,
                "message": "; ".join(source.notes) or None,
            },
        )
        con.execute("COMMIT")
        return result
    except duckdb.Error as err:
        _rollback(con)
        if isinstance(err, WRITE_ERRORS):  # disk full, read-only file: one line, not a traceback
            raise WarehouseError(
                f"{path.name}: cannot write to the warehouse: {' '.join(str(err).split())}"
            ) from None
        raise
    except BaseException:
        _rollback(con)
        raise
    finally:
        with contextlib.suppress(duckdb.Error):  # the connection may be invalidated by now
            _drop_temp(con)
        with contextlib.suppress(duckdb.Error):
            con.execute("RESET preserve_insertion_order")


def ingest_file(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    profile: str | Profile = "auto",
    *,
    key: bytes,
    keep_clear: bool = False,
    now: dt.datetime | None = None,
    stage: Callable[[str], None] | None = None,
) -> BatchResult:
    """Load one file as one batch; a bad file gives a ``failed`` result, never a traceback."""
    path = Path(path)
    clock = time.perf_counter()
    started = dt.datetime.now()
    now = now or started
    profile_name = profile.name if isinstance(profile, Profile) else profile
    source: RawSource | None = None
    pool = ThreadPoolExecutor(max_workers=1)
    hashing = pool.submit(_readable_sha256, path)
    try:
        source, resolved, note = _open_source(path, profile)
        profile_name = resolved.name
        result = _load_batch(
            con,
            path,
            source,
            resolved,
            hashing,
            started,
            _normalise_params(resolved, key, keep_clear, now),
            stage or (lambda _name: None),
        )
        if note:
            result.notes.insert(0, note)
        result.message = "; ".join([result.message] if result.status == "unchanged" else result.notes)
    except WarehouseError:
        raise  # the warehouse itself cannot be written: recording a failed batch would fail too
    except WeisuError as err:
        message = str(err) if path.name in str(err) else f"{path.name}: {err}"
        batch_id = _record_failure(con, path, _sha_or_blank(hashing), profile_name, started, message)
        result = BatchResult(
            file=path, profile=profile_name, status="failed", batch_id=batch_id, message=message
        )
    finally:
        pool.shutdown(wait=True)
        if source is not None:
            source.close()
    result.seconds = time.perf_counter() - clock
    return result


def ingest_files(
    paths: list[Path],
    profile: str | Profile = "auto",
    db: str | Path | None = None,
    progress: Callable[[BatchResult], None] | None = None,
    now: dt.datetime | None = None,
    stage: Callable[[Path, str], None] | None = None,
) -> list[BatchResult]:
    """Ingest files in order into the warehouse at ``db``; one batch per file.

    ``stage(path, name)`` is told when a file moves to reading, normalising, classifying and
    writing (a large file spends seconds in each); ``progress(result)`` when it is done.
    """
    from analytics.settings import hashing_key, settings

    config = settings(db)
    results = []
    with wh.connect(config.db_path) as con:
        key = hashing_key(config.key_path)
        for path in paths:
            result = ingest_file(
                con,
                Path(path),
                profile,
                key=key,
                keep_clear=config.keep_clear_text,
                now=now,
                stage=(lambda name, p=Path(path): stage(p, name)) if stage else None,
            )
            results.append(result)
            if progress:
                progress(result)
    return results
