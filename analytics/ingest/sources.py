"""Source readers: turn an export file into raw string columns, whatever its format.

CSV stays a file for DuckDB's own reader (fast, and it reports malformed lines); anything
DuckDB cannot read here becomes UTF-8 first (GB18030/GBK, UTF-16) or a polars frame of
strings (Excel, JSON, JSON lines, Parquet). Every reader keeps the file's own column names;
mapping onto the canonical record is the profile's job.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl
import psutil

from analytics.errors import SourceError
from analytics.ingest.encodings import detect_encoding, mixed_line_endings, transcode_to_utf8
from analytics.ingest.profiles import normalise_header

CSV_SUFFIXES = {".csv", ".tsv", ".txt"}
EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
JSON_SUFFIXES = {".json", ".jsonl", ".ndjson"}
PARQUET_SUFFIXES = {".parquet", ".pq"}
DATA_SUFFIXES = CSV_SUFFIXES | EXCEL_SUFFIXES | JSON_SUFFIXES | PARQUET_SUFFIXES
_KINDS = {"csv": CSV_SUFFIXES, "excel": EXCEL_SUFFIXES, "json": JSON_SUFFIXES, "parquet": PARQUET_SUFFIXES}
#: An .xlsx whose parts inflate past this is refused (zip-bomb guard).
MAX_XLSX_UNCOMPRESSED = 1 << 30
_CHUNK = 1 << 20
#: Transcoded copies are folders ``weisu-<pid>-<process start>-*`` in the ingest's temp folder.
_COPY_PREFIX = "weisu-"


@dataclass
class RawSource:
    """What a reader found: headers, and either a UTF-8 CSV file or an in-memory frame."""

    path: Path
    headers: list[str]
    encoding: str
    csv_path: Path | None = None
    delimiter: str = ","
    frame: pl.DataFrame | None = None
    first_row_number: int = 2
    notes: list[str] = field(default_factory=list)
    _tmp: tempfile.TemporaryDirectory[str] | None = None

    def close(self) -> None:
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


def _copy_prefix() -> str:
    """This process's prefix for temp folders: pid and start time, so a later run can tell a
    folder whose process is gone (killed mid-ingest) from one still in use."""
    return f"{_COPY_PREFIX}{os.getpid()}-{int(psutil.Process().create_time())}-"


def _owner_alive(folder_name: str) -> bool:
    parts = folder_name.removeprefix(_COPY_PREFIX).split("-")
    try:
        pid, started = int(parts[0]), int(parts[1])
        return int(psutil.Process(pid).create_time()) == started
    except (IndexError, ValueError, psutil.Error):
        return False


def remove_stale_copies(folder: Path) -> list[Path]:
    """Delete the temp copies (transcoded text, caller numbers in clear) that a killed ingest
    left in ``folder``; folders of a live process are kept. Returns what was removed."""
    if not folder.is_dir():
        return []
    stale = [p for p in folder.glob(f"{_COPY_PREFIX}*") if p.is_dir() and not _owner_alive(p.name)]
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


def _temp_folder(tmp_dir: Path | None) -> tempfile.TemporaryDirectory[str]:
    """A private (0700) folder for one source's copy, under ``tmp_dir`` (beside the warehouse)
    rather than the system temp folder, so a crash leaves it where the next run removes it."""
    if tmp_dir is not None:
        tmp_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    return tempfile.TemporaryDirectory(prefix=_copy_prefix(), dir=tmp_dir)


def file_kind(path: Path) -> str:
    suffix = path.suffix.lower()
    for kind, suffixes in _KINDS.items():
        if suffix in suffixes:
            return kind
    if suffix == ".xls":
        raise SourceError(f"{path.name}: legacy .xls is not supported; save it as .xlsx or CSV")
    raise SourceError(
        f"{path.name}: unknown file type {suffix or '(none)'}; "
        "expected CSV, .xlsx, JSON/JSON lines or Parquet"
    )


def _unique_headers(names: list[Any]) -> list[str]:
    """Blank headers get ``column_N``; repeats get ``_2``, ``_3`` so every column survives."""
    seen: dict[str, int] = {}
    out = []
    for i, raw in enumerate(names, start=1):
        name = str(raw).strip().lstrip("\ufeff") if raw is not None else ""
        name = name or f"column_{i}"
        count = seen.get(name, 0) + 1
        seen[name] = count
        out.append(name if count == 1 else f"{name}_{count}")
    return out


def _header_line(path: Path, encoding: str) -> tuple[list[str], str]:
    with path.open("r", encoding=encoding, newline="") as handle:
        first = handle.readline()
        while first and not first.strip():
            first = handle.readline()
    if not first.strip():
        raise SourceError(f"{path.name}: no header row (file has no text)")
    delimiter = max(",\t;|", key=first.count)
    if first.count(delimiter) == 0:
        delimiter = ","
    row = next(csv.reader(io.StringIO(first), delimiter=delimiter))
    return _unique_headers(row), delimiter


def read_csv_source(path: Path, encoding: str = "auto", tmp_dir: Path | None = None) -> RawSource:
    """A CSV as a UTF-8 file DuckDB can scan, transcoding GB18030/UTF-16 into a temp folder
    under ``tmp_dir`` (the system's when ``None``)."""
    found = detect_encoding(path, encoding)
    headers, delimiter = _header_line(path, found)
    source = RawSource(path=path, headers=headers, encoding=found, delimiter=delimiter)
    mixed = found != "utf-16" and mixed_line_endings(path)
    if found in ("utf-8", "utf-8-sig") and not mixed:
        source.csv_path = path
    else:
        source._tmp = _temp_folder(tmp_dir)
        source.csv_path = Path(source._tmp.name) / "utf8.csv"
        transcode_to_utf8(path, found, source.csv_path, newline=None if mixed else "")
        if found not in ("utf-8", "utf-8-sig"):
            source.notes.append(f"transcoded from {found}")
        if mixed:
            source.notes.append("mixed CRLF/LF line ends normalised to LF")
    return source


def _cell_text(value: Any) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):  # a date-only cell is midnight, like every other timestamp
        return f"{value.isoformat()} 00:00:00"
    if isinstance(value, dt.time):
        return value.strftime("%H:%M:%S")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _header_row_index(rows: list[list[Any]], known: set[str]) -> int:
    """Index of the header row: the first of the top rows naming two or more known columns.

    Real exports often put a title row (and a blank row) above the header.
    """
    for i, row in enumerate(rows[:20]):
        names = {normalise_header(c) for c in row if isinstance(c, str) and c.strip()}
        if len(names & known) >= 2:
            return i
    for i, row in enumerate(rows[:20]):
        filled = [c for c in row if c not in (None, "")]
        if len(filled) >= 2 and all(isinstance(c, str) for c in filled):
            return i
    raise SourceError("no header row found in the first 20 rows")


def _over_limit(path: Path, inflated: int) -> SourceError:
    return SourceError(
        f"{path.name}: .xlsx would inflate to {inflated / 2**20:.0f} MiB, over the "
        f"{MAX_XLSX_UNCOMPRESSED / 2**20:.0f} MiB limit; refusing to open it"
    )


def _check_xlsx_size(path: Path) -> None:
    """Refuse a zip bomb before the workbook reader inflates it: first by the sizes the archive
    declares, then by counting the bytes each part really inflates to (a forged header can
    declare anything; zipfile stops at the declared size and then fails the part's CRC)."""
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise SourceError(f"{path.name}: not a valid .xlsx (not a zip archive)") from None
    try:
        with archive:
            members = archive.infolist()
            declared = sum(info.file_size for info in members)
            if declared > MAX_XLSX_UNCOMPRESSED:
                raise _over_limit(path, declared)
            inflated = 0
            for info in members:
                with archive.open(info) as part:
                    while chunk := part.read(_CHUNK):
                        inflated += len(chunk)
                        if inflated > MAX_XLSX_UNCOMPRESSED:
                            raise _over_limit(path, inflated)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error) as err:
        raise SourceError(f"{path.name}: not a valid .xlsx (damaged zip archive: {err})") from None
    except NotImplementedError as err:  # an unsupported compression method
        raise SourceError(f"{path.name}: not a valid .xlsx ({err})") from None


def read_excel_source(path: Path, known_headers: set[str]) -> RawSource:
    """The first sheet of an .xlsx, header found even below a title row, as string columns."""
    from python_calamine import CalamineWorkbook

    _check_xlsx_size(path)
    try:
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = sheet.to_python(skip_empty_area=False)
    except Exception as err:  # calamine raises its own types for damaged workbooks
        raise SourceError(f"{path.name}: cannot read workbook ({type(err).__name__})") from None
    if not rows:
        raise SourceError(f"{path.name}: the first sheet is empty")
    try:
        header_index = _header_row_index(rows, known_headers)
    except SourceError as err:
        raise SourceError(f"{path.name}: {err}") from None
    headers = _unique_headers(rows[header_index])
    body = rows[header_index + 1 :]
    while body and all(c in (None, "") for c in body[-1]):
        body.pop()
    columns = {h: [_cell_text(r[i]) if i < len(r) else None for r in body] for i, h in enumerate(headers)}
    frame = pl.DataFrame(columns, schema={h: pl.String for h in headers})
    source = RawSource(
        path=path, headers=headers, encoding="xlsx", frame=frame, first_row_number=header_index + 2
    )
    if header_index:
        source.notes.append(f"header found on row {header_index + 1}")
    return source


def _flatten(record: dict[str, Any], prefix: str = "") -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for key, value in record.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(_flatten(value, f"{name}."))
        elif isinstance(value, list):
            out[name] = json.dumps(value, ensure_ascii=False)
        else:
            out[name] = _cell_text(value)
    return out


def _json_records(path: Path, encoding: str, records_key: str | None) -> list[Any]:
    text = path.read_text(encoding=encoding)
    stripped = text.lstrip()
    if not stripped:
        raise SourceError(f"{path.name}: empty JSON file")
    try:
        if stripped[0] == "[":
            return json.loads(text)
        if records_key is None and "\n" in stripped.rstrip():
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        payload = json.loads(text)
    except json.JSONDecodeError as err:
        raise SourceError(f"{path.name}: invalid JSON at line {err.lineno}: {err.msg}") from None
    except RecursionError:
        raise SourceError(f"{path.name}: JSON nested too deeply to read") from None
    if isinstance(payload, dict) and records_key and isinstance(payload.get(records_key), list):
        return payload[records_key]
    return [payload]


def read_json_source(path: Path, encoding: str = "auto", records_key: str | None = None) -> RawSource:
    """A JSON array, JSON lines, or an object holding the records under ``records_key``."""
    found = detect_encoding(path, encoding)
    records = _json_records(path, found, records_key)
    try:
        flat = [_flatten(r) if isinstance(r, dict) else {"value": _cell_text(r)} for r in records]
    except RecursionError:
        raise SourceError(f"{path.name}: JSON records nested too deeply to read") from None
    headers: dict[str, None] = {}
    for row in flat:
        headers.update(dict.fromkeys(row))
    names = list(headers)
    columns = {h: [row.get(h) for row in flat] for h in names}
    frame = pl.DataFrame(columns, schema={h: pl.String for h in names})
    return RawSource(path=path, headers=names, encoding=found, frame=frame, first_row_number=1)


def _text_column(path: Path, column: pl.Series) -> pl.Series:
    """One Parquet column as text; bytes that are not UTF-8, or nested values, fail the file
    naming the column."""
    dtype = column.dtype
    try:
        if dtype in (pl.Datetime, pl.Date) or isinstance(dtype, pl.Datetime):
            return column.dt.strftime("%Y-%m-%d %H:%M:%S")
        return column.cast(pl.String)
    except pl.exceptions.PolarsError as err:
        problem = "bytes that are not UTF-8 text" if dtype == pl.Binary else f"{dtype} values"
        detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise SourceError(
            f"{path.name}: column {column.name!r} holds {problem}; cannot read it as text ({detail})"
        ) from None


def read_parquet_source(path: Path) -> RawSource:
    try:
        frame = pl.read_parquet(path)
    except Exception as err:  # polars raises ComputeError/OSError variants for bad files
        raise SourceError(f"{path.name}: not a readable Parquet file ({type(err).__name__})") from None
    frame = pl.DataFrame([_text_column(path, frame[c]) for c in frame.columns])
    return RawSource(
        path=path, headers=list(frame.columns), encoding="parquet", frame=frame, first_row_number=1
    )


def read_source(
    path: Path,
    encoding: str = "auto",
    known_headers: set[str] | None = None,
    json_records: str | None = None,
    tmp_dir: Path | None = None,
) -> RawSource:
    """Open any supported export; raises :class:`SourceError` with a one-line reason.

    A symbolic link is refused, never followed: a link in the inbox could point anywhere the
    process may read (a password file), and its first line would end up in messages."""
    if path.is_symlink():
        raise SourceError(f"{path.name}: a symbolic link; refusing to follow it (put the file itself there)")
    if not path.exists():
        raise SourceError(f"{path}: no such file")
    if not path.is_file():
        raise SourceError(f"{path}: not a regular file")
    if path.stat().st_size == 0:
        raise SourceError(f"{path.name}: empty file (0 bytes)")
    kind = file_kind(path)
    try:
        if kind == "csv":
            return read_csv_source(path, encoding, tmp_dir)
        if kind == "excel":
            return read_excel_source(path, known_headers or set())
        if kind == "json":
            return read_json_source(path, encoding, json_records)
        return read_parquet_source(path)
    except PermissionError:
        raise SourceError(f"{path.name}: permission denied") from None
    except UnicodeDecodeError as err:
        raise SourceError(f"{path.name}: cannot decode text ({err.reason})") from None
