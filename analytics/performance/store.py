"""Warehouse IO of the performance package (through :mod:`analytics.warehouse` only).

Reads complaint records, theme links and chosen topics; writes one night's results (schema v5)
in one transaction, frames reaching DuckDB as registered views that named SQL files read.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from analytics import warehouse as wh
from analytics.performance.months import add_months

if TYPE_CHECKING:
    from analytics.performance.night import NightPerformance


def record_bounds(con: duckdb.DuckDBPyConnection) -> tuple[datetime, datetime] | None:
    """First and last ``received_at`` in the warehouse; ``None`` when it holds no complaints."""
    row = wh.frame(con, "performance/perf_record_bounds").row(0)
    return None if row[0] is None else (row[0], row[1])


def _bounds(first_month: date, last_month: date) -> tuple[datetime, datetime]:
    start = datetime.combine(first_month.replace(day=1), datetime.min.time())
    return start, datetime.combine(add_months(last_month.replace(day=1), 1), datetime.min.time())


def load_records(
    con: duckdb.DuckDBPyConnection, first_month: date, last_month: date, with_content: bool = False
) -> pl.DataFrame:
    """Complaint records received from ``first_month`` through the end of ``last_month``."""
    start, end = _bounds(first_month, last_month)
    name = "performance/impact_records" if with_content else "performance/perf_records"
    return wh.frame(con, name, {"start": start, "end": end})


def table_present(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(wh.frame(con, "performance/perf_table_present", {"name": name}).item())


def load_theme_links(con: duckdb.DuckDBPyConnection, theme_ids: tuple[str, ...]) -> pl.DataFrame | None:
    """``complaint_themes`` rows of the given themes, or ``None`` when schema v4 is not there."""
    if not table_present(con, "complaint_themes"):
        return None
    return wh.frame(con, "performance/impact_theme_links", {"theme_ids": list(theme_ids)})


def load_topic_records(con: duckdb.DuckDBPyConnection, theme_ids: tuple[str, ...]) -> pl.DataFrame:
    """The complaint records (as :func:`load_records` gives them) linked to the given themes,
    over the whole history."""
    return wh.frame(con, "performance/perf_topic_records", {"theme_ids": list(theme_ids)})


def load_risk_cells(con: duckdb.DuckDBPyConnection, first_month: date, end: datetime) -> pl.DataFrame | None:
    """Street-risk cells (as :func:`analytics.performance.risk.risk_cells` gives them) of
    complaints received from ``first_month`` up to ``end``, built in DuckDB; ``None`` without
    schema v4 (the caller then builds them from records)."""
    from analytics.performance.risk import REPEAT_WINDOW_DAYS

    if not table_present(con, "complaint_themes"):
        return None
    start = datetime.combine(first_month.replace(day=1), datetime.min.time())
    return wh.frame(
        con, "performance/risk_cells", {"start": start, "end": end, "repeat_days": REPEAT_WINDOW_DAYS}
    )


def chosen_topic(con: duckdb.DuckDBPyConnection, theme_id: str) -> tuple[date, str] | None:
    """(first chosen month, label) of a 每月一题 theme, or ``None`` when it was never chosen."""
    if not table_present(con, "chosen_topics"):
        return None
    found = wh.frame(con, "performance/impact_chosen_topic", {"theme_id": theme_id})
    if found.is_empty():
        return None
    month, _, label = found.row(0)
    return month, label or theme_id


def chosen_topics(con: duckdb.DuckDBPyConnection) -> pl.DataFrame | None:
    """theme_id, start (first chosen month) and label of every chosen topic; ``None`` without v4."""
    if not table_present(con, "chosen_topics"):
        return None
    return wh.frame(con, "performance/perf_chosen_topics")


def _insert(
    con: duckdb.DuckDBPyConnection, sql: str, view: str, frame: pl.DataFrame, params: dict[str, object]
) -> None:
    if frame.is_empty():
        return
    with wh.registered(con, view, frame):
        wh.execute(con, sql, params)


def write_night(
    con: duckdb.DuckDBPyConnection,
    night: NightPerformance,
    run_id: str,
    seconds: float,
    computed_at: datetime | None = None,
) -> None:
    """Replace the night ``night.as_of`` in every v5 table, in one transaction."""
    from analytics.performance.rates import Level

    params = {"as_of": night.as_of, "month": night.month, "run_id": run_id}
    counts = {
        "districts": night.ranked(Level.DISTRICT),
        "streets": night.ranked(Level.STREET),
        "units": night.ranked(Level.UNIT),
        "watch_list": night.watch_list,
        "impacts": night.impacts.height,
        "impacts_skipped": night.impacts_skipped,
    }
    con.execute("BEGIN TRANSACTION")
    try:
        wh.execute(con, "performance/performance_night_delete", {"as_of": night.as_of})
        wh.execute(
            con,
            "performance/performance_runs_insert",
            params
            | counts
            | {
                "data_through": night.as_of - timedelta(days=1),
                "seconds": seconds,
                "computed_at": computed_at or datetime.now().replace(microsecond=0),
            },
        )
        _insert(con, "performance/unit_rankings_insert", "_unit_ranking_rows", night.rankings, params)
        _insert(con, "performance/street_risk_insert", "_street_risk_rows", night.risk, params)
        _insert(
            con,
            "performance/topic_impacts_insert",
            "_topic_impact_rows",
            night.impacts,
            {"as_of": night.as_of, "run_id": run_id},
        )
        _insert(
            con,
            "performance/topic_impact_months_insert",
            "_topic_impact_month_rows",
            night.impact_months,
            {"as_of": night.as_of},
        )
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
