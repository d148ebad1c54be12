"""Warehouse IO of the performance package: the only module of it that runs SQL.

Reads complaint records, street-risk cells, theme links and chosen topics as frames; writes one
night's results (schema v5) in one transaction, frames reaching DuckDB as registered views that
the named SQL files under ``analytics/sql/performance/`` read.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

import duckdb
import polars as pl

from analytics import warehouse as wh
from analytics.performance.risk import PROBLEM_MONTHS, REPEAT_WINDOW_DAYS
from analytics.vocabulary import AreaLevel, add_months

if TYPE_CHECKING:
    from analytics.performance.night import NightPerformance


def record_bounds(con: duckdb.DuckDBPyConnection) -> tuple[datetime, datetime] | None:
    """First and last ``received_at`` in the warehouse; ``None`` when it holds no complaints."""
    first, last = wh.frame(con, "performance/record_bounds_read").row(0)
    return None if first is None else (first, last)


def _start(month: date) -> datetime:
    return datetime.combine(month.replace(day=1), datetime.min.time())


def load_records(
    con: duckdb.DuckDBPyConnection, first_month: date, last_month: date, with_content: bool = False
) -> pl.DataFrame:
    """Complaint records received from ``first_month`` through the end of ``last_month``; the
    text only ``with_content`` (keyword scopes), as it is most of a record's size."""
    name = "performance/records_with_content_read" if with_content else "performance/records_read"
    return wh.frame(con, name, {"start": _start(first_month), "end": _start(add_months(last_month, 1))})


def load_theme_links(con: duckdb.DuckDBPyConnection, theme_ids: tuple[str, ...]) -> pl.DataFrame:
    """``complaint_themes`` rows (source, record_id, theme_id) of the given themes."""
    return wh.frame(con, "performance/theme_links_read", {"theme_ids": list(theme_ids)})


def load_topic_records(con: duckdb.DuckDBPyConnection, theme_ids: tuple[str, ...]) -> pl.DataFrame:
    """The complaint records (as :func:`load_records` gives them) linked to the given themes,
    over the whole history."""
    return wh.frame(con, "performance/topic_records_read", {"theme_ids": list(theme_ids)})


def load_risk_cells(
    con: duckdb.DuckDBPyConnection, month: date, before: datetime | None = None
) -> pl.DataFrame:
    """The street-risk cells a watch list for ``month`` reads, built in DuckDB: those of
    :func:`analytics.performance.risk.risk_cells` over the :data:`PROBLEM_MONTHS` months through
    ``month``, of complaints received before ``before`` (default: the end of ``month``)."""
    params = {
        "start": _start(add_months(month, 1 - PROBLEM_MONTHS)),
        "end": before or _start(add_months(month, 1)),
        "repeat_days": REPEAT_WINDOW_DAYS,
    }
    return wh.frame(con, "performance/risk_cells_read", params)


def chosen_topics(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    """theme_id, start (first chosen month) and label of every chosen 每月一题 topic."""
    return wh.frame(con, "performance/chosen_topics_read")


def chosen_topic(con: duckdb.DuckDBPyConnection, theme_id: str) -> tuple[date, str] | None:
    """(first chosen month, label) of a 每月一题 theme, or ``None`` when it was never chosen."""
    found = chosen_topics(con).filter(pl.col("theme_id") == theme_id)
    if found.is_empty():
        return None
    start, label = found.select("start", "label").row(0)
    return start, label or theme_id


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
    params = {"as_of": night.as_of, "month": night.month, "run_id": run_id}
    run = params | {
        "districts": night.ranked(AreaLevel.DISTRICT),
        "streets": night.ranked(AreaLevel.STREET),
        "units": night.ranked(AreaLevel.UNIT),
        "watch_list": night.watch_list,
        "impacts": night.impacts.height,
        "impacts_skipped": night.impacts_skipped,
        "data_through": night.as_of - timedelta(days=1),
        "seconds": seconds,
        "computed_at": computed_at or datetime.now().replace(microsecond=0),
    }
    impact_params: dict[str, object] = {"as_of": night.as_of, "run_id": run_id}
    with wh.transaction(con):
        wh.execute(con, "performance/performance_night_delete", {"as_of": night.as_of})
        wh.execute(con, "performance/performance_runs_insert", run)
        _insert(con, "performance/unit_rankings_insert", "_unit_ranking_rows", night.rankings, params)
        _insert(con, "performance/street_risk_insert", "_street_risk_rows", night.risk, params)
        _insert(con, "performance/topic_impacts_insert", "_topic_impact_rows", night.impacts, impact_params)
        _insert(
            con,
            "performance/topic_impact_months_insert",
            "_topic_impact_month_rows",
            night.impact_months,
            {"as_of": night.as_of},
        )
