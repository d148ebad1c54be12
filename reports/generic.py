"""Tables shown with every column a frame has (hotspots, a candidate's details): each value as
a cell for people — numbers formatted, text masked, never a hash or a bookkeeping id (pure).
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.privacy import mask_text
from reports import numbers
from reports.model import Cell, GenericTable

#: Columns never shown: bookkeeping ids and anything derived from a caller.
HIDDEN = ("run_id", "caller_hash", "row_hash", "batch_id", "first_batch_id")


def hidden(column: str) -> bool:
    return column in HIDDEN or "hash" in column.lower()


def cell(value: Any) -> Cell:
    """A value as shown (numbers for people, text masked) and as sorted."""
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool) or value is None:
        text = {True: "是", False: "否", None: numbers.MISSING}[value]
        return Cell(text, text, False)
    if isinstance(value, int | float):
        if isinstance(value, float) and not math.isfinite(value):
            return Cell(numbers.MISSING, "", True)
        decimals = 0 if float(value).is_integer() else (3 if abs(value) < 10 else 1)
        return Cell(numbers.thousands(value, decimals), numbers.sort_key(value), True)
    if isinstance(value, dt.date | dt.datetime):
        return Cell(numbers.day(value), numbers.day(value), False)
    text = "、".join(str(v) for v in value) if isinstance(value, list | tuple) else str(value)
    text = mask_text(text) or ""
    return Cell(text, text, False)


def generic_table(frame: pl.DataFrame, limit: int) -> GenericTable:
    """The first ``limit`` rows with every shown column, as cells."""
    columns = tuple(c for c in frame.columns if not hidden(c))
    rows = tuple(tuple(cell(row[c]) for c in columns) for row in frame.head(limit).iter_rows(named=True))
    return GenericTable(columns=columns, rows=rows)
