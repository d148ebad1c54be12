"""Reading the warehouse for the performance package (through :mod:`analytics.warehouse` only)."""

from __future__ import annotations

from datetime import date, datetime

import duckdb
import polars as pl

from analytics import warehouse as wh
from analytics.performance.months import add_months


def record_bounds(con: duckdb.DuckDBPyConnection) -> tuple[datetime, datetime] | None:
    """First and last ``received_at`` in the warehouse; ``None`` when it holds no complaints."""
    row = wh.frame(con, "perf_record_bounds").row(0)
    return None if row[0] is None else (row[0], row[1])


def _bounds(first_month: date, last_month: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first_month.replace(day=1), datetime.min.time())
    return start, datetime.combine(add_months(last_month.replace(day=1), 1), datetime.min.time())


def load_records(con: duckdb.DuckDBPyConnection, first_month: date, last_month: date,
                 with_content: bool = False) -> pl.DataFrame:
    """Complaint records received from ``first_month`` through the end of ``last_month``."""
    start, end = _bounds(first_month, last_month)
    name = "impact_records" if with_content else "perf_records"
    return wh.frame(con, name, {"start": start, "end": end})


def table_present(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(wh.frame(con, "perf_table_present", {"name": name}).item())


def load_theme_links(con: duckdb.DuckDBPyConnection, theme_ids: tuple[str, ...]) -> pl.DataFrame | None:
    """``complaint_themes`` rows of the given themes, or ``None`` when schema v4 is not there."""
    if not table_present(con, "complaint_themes"):
        return None
    return wh.frame(con, "impact_theme_links", {"theme_ids": list(theme_ids)})


def load_record_themes(con: duckdb.DuckDBPyConnection, first_month: date,
                       last_month: date) -> pl.DataFrame | None:
    """(source, record_id, theme_id) of complaints received in the months; ``None`` without v4."""
    if not table_present(con, "complaint_themes"):
        return None
    start, end = _bounds(first_month, last_month)
    return wh.frame(con, "risk_theme_links", {"start": start, "end": end})


def chosen_topic(con: duckdb.DuckDBPyConnection, theme_id: str) -> tuple[date, str] | None:
    """(first chosen month, label) of a 每月一题 theme, or ``None`` when it was never chosen."""
    if not table_present(con, "chosen_topics"):
        return None
    found = wh.frame(con, "impact_chosen_topic", {"theme_id": theme_id})
    if found.is_empty():
        return None
    month, _, label = found.row(0)
    return month, label or theme_id
