"""Session warehouses for the report tests (see ``warehouses.py``) and contexts built from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics import warehouse as wh
from reports.district import district_page
from reports.overview import nightly_overview
from reports.site import PageEntry, index_page
from reports.topics import topic_page
from reports.writer import ReportIndex, write_reports
from tests.reports.warehouses import (
    AS_OF,
    INJECTED_DISTRICT,
    add_forecasts,
    add_theme_tables,
    cached_demo_warehouse,
    copy_warehouse,
)

GENERATED = dt.datetime(2024, 6, 1, 3, 0)
MONTH = f"{AS_OF:%Y-%m}"


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two demo months with the mart built; no forecasts, no theme tables."""
    return cached_demo_warehouse(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def full_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse plus a forecast run and stand-ins for the schema v4 tables."""
    db = copy_warehouse(demo_db, tmp_path_factory.mktemp("full"))
    add_forecasts(db)
    add_theme_tables(db)
    return db


@pytest.fixture(scope="session")
def written(full_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """One night of reports from the full warehouse."""
    return write_reports(full_db, tmp_path_factory.mktemp("reports"), AS_OF, generated_at=GENERATED)


@pytest.fixture(scope="session")
def written_bare(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """One night of reports from the demo warehouse (no forecasts, no themes)."""
    return write_reports(demo_db, tmp_path_factory.mktemp("reports-bare"), AS_OF,
                         generated_at=GENERATED)


@pytest.fixture(scope="session")
def overview_page(full_db: Path):
    with wh.read_only(full_db) as con:
        return nightly_overview(con, AS_OF, MONTH, GENERATED)


@pytest.fixture(scope="session")
def district_page_context(full_db: Path):
    with wh.read_only(full_db) as con:
        return district_page(con, INJECTED_DISTRICT, AS_OF, MONTH, GENERATED)


@pytest.fixture(scope="session")
def topic_page_present(full_db: Path):
    with wh.read_only(full_db) as con:
        return topic_page(con, MONTH, AS_OF, GENERATED)


@pytest.fixture(scope="session")
def index_context():
    pages = [PageEntry("overview.html", "夜间总览", "overview", 10)]
    return index_page({"2024-06-01": pages}, AS_OF, GENERATED, 100)
