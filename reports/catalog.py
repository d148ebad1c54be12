"""Which tables the warehouse holds, so a report can show an optional section or say why not.

The daily_counts mart and the validation tables arrive with schema v2, forecasts with v3,
themes and hotspots with v4; a report built on an older warehouse (or before an analysis has
run) shows a "not yet computed" note instead of failing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import duckdb

from analytics import warehouse as wh

DAILY_COUNTS = "daily_counts"
MART_WATERMARKS = "mart_watermarks"
VALIDATION_RESULTS = "validation_results"
NIGHTLY_RUNS = "nightly_runs"
FORECASTS = "forecasts"
EARLY_WARNINGS = "early_warnings"
THEMES = "themes"
COMPLAINT_THEMES = "complaint_themes"
HOTSPOTS = "theme_hotspots"
TOPIC_CANDIDATES = "topic_candidates"

#: DuckDB type names a generic table treats as numbers.
NUMERIC_TYPES = (
    "TINYINT",
    "SMALLINT",
    "INTEGER",
    "BIGINT",
    "HUGEINT",
    "UTINYINT",
    "USMALLINT",
    "UINTEGER",
    "UBIGINT",
    "FLOAT",
    "DOUBLE",
    "REAL",
)


@dataclass(frozen=True)
class Catalog:
    """Table name → its columns and their DuckDB types, in table order."""

    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def has(self, table: str, *columns: str) -> bool:
        return table in self.tables and all(c in self.tables[table] for c in columns)

    def columns(self, table: str) -> tuple[str, ...]:
        return tuple(self.tables.get(table, {}))

    def is_numeric(self, table: str, column: str) -> bool:
        kind = self.tables.get(table, {}).get(column, "")
        return kind.startswith(NUMERIC_TYPES) or kind.startswith("DECIMAL")

    def first_of(self, table: str, candidates: tuple[str, ...]) -> str | None:
        """The first of ``candidates`` the table has (schemas name the same idea differently)."""
        return next((c for c in candidates if self.has(table, c)), None)


def catalog(con: duckdb.DuckDBPyConnection) -> Catalog:
    """The tables of the open warehouse."""
    tables: dict[str, dict[str, str]] = {}
    for table, column, kind in wh.frame(con, "reports/report_catalog").iter_rows():
        tables.setdefault(table, {})[column] = kind
    return Catalog(tables)
