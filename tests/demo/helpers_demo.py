"""Read demo export files back independently of the generator (no ingest needed)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

import python_calamine

from analytics import vocabulary as vocab

TITLE_PREFIX = "北京市12345市民服务热线工单导出"
FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M")


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, float):
        return repr(value)
    return str(value)


def read_export(path: Path) -> tuple[str | None, list[str], list[list[str]]]:
    """(title or None, header, data rows as text) of a CSV (UTF-8 / GB18030) or xlsx export."""
    if path.suffix == ".xlsx":
        sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        rows = [[_cell(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        return rows[0][0], rows[1], rows[2:]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return None, rows[0], rows[1:]


def parse_time(text: str) -> datetime | None:
    for fmt in FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def legal_district(text: str) -> bool:
    """A district value the ingest accepts: full name, short name, or 北京市-prefixed."""
    names = vocab.districts(include_zone=True)
    return text in names or text + "区" in names or text.removeprefix("北京市") in names
