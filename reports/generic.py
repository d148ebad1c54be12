"""Tables whose columns the warehouse decides (schema v4: themes, hotspots, topic candidates).

The theme and hotspot tables are built by another part of Weisu; the report reads their columns
from the catalog instead of hard-coding them, picks the columns it understands by name, and
shows the rest as they are — masked and never a hash.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import polars as pl

from analytics.privacy import mask_text
from reports import numbers
from reports.model import Cell, GenericTable

#: Columns never shown: bookkeeping ids and anything derived from a caller.
HIDDEN = ("run_id", "caller_hash", "row_hash", "batch_id", "first_batch_id")
#: Columns naming the time a row was computed for, newest first in preference.
TIME_COLUMNS = ("as_of", "computed_at", "created_at", "detected_at", "week_start", "period_end", "day")
#: Columns to rank by, in preference.
SCORE_COLUMNS = (
    "score",
    "total_score",
    "z_score",
    "zscore",
    "excess",
    "ratio",
    "lift",
    "complaints",
    "count",
    "n",
)
#: Columns naming a theme for people.
LABEL_COLUMNS = ("label", "theme_label", "name", "title", "theme", "topic")


def hidden(column: str) -> bool:
    return column in HIDDEN or "hash" in column.lower()


def first_column(frame: pl.DataFrame, candidates: Sequence[str]) -> str | None:
    return next((c for c in candidates if c in frame.columns), None)


def as_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def newest_as_of(frame: pl.DataFrame, as_of: dt.date) -> pl.DataFrame:
    """The rows of the newest computation on or before ``as_of`` (all rows if undated)."""
    column = first_column(frame, TIME_COLUMNS)
    if column is None or frame.is_empty():
        return frame
    days = [as_date(v) for v in frame[column].to_list()]
    known = [d for d in days if d is not None and d <= as_of]
    if not known:
        return frame.clear()
    newest = max(known)
    return frame.filter(pl.Series([d == newest for d in days]))


def ranked(frame: pl.DataFrame) -> pl.DataFrame:
    """Rows by ``rank`` when the table has one, else by the first score-like column, descending."""
    if "rank" in frame.columns:
        return frame.sort("rank", nulls_last=True)
    score = first_column(frame, SCORE_COLUMNS)
    return frame.sort(score, descending=True, nulls_last=True) if score else frame


def with_theme_labels(frame: pl.DataFrame, themes: pl.DataFrame | None) -> pl.DataFrame:
    """Add a ``label`` from the themes table when rows carry only a ``theme_id``."""
    if themes is None or "theme_id" not in frame.columns or first_column(frame, LABEL_COLUMNS):
        return frame
    label = first_column(themes, LABEL_COLUMNS)
    if "theme_id" not in themes.columns or label is None:
        return frame
    names = themes.select(
        pl.col("theme_id").cast(pl.String), pl.col(label).cast(pl.String).alias("label")
    ).unique("theme_id")
    return frame.with_columns(pl.col("theme_id").cast(pl.String)).join(names, on="theme_id", how="left")


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
