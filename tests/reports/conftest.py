"""Session warehouses for the report tests (see ``warehouses.py``) and contexts built from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics import warehouse as wh
from reports.district import district_page
from reports.impact import impact_pages
from reports.overview import nightly_overview
from reports.rankings import rankings_page
from reports.risk import risk_page
from reports.site import PageEntry, index_page
from reports.topics import topic_page
from reports.writer import ReportIndex, write_reports
from tests.reports.warehouses import (
    AS_OF,
    INJECTED_DISTRICT,
    PERF_AS_OF,
    add_forecasts,
    add_performance,
    add_theme_tables,
    build_performance_warehouse,
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
    """The demo warehouse plus a forecast run, stand-ins for the schema v4 tables (no chosen
    topic) and the night's performance step."""
    db = copy_warehouse(demo_db, tmp_path_factory.mktemp("full"))
    add_forecasts(db)
    add_theme_tables(db)
    add_performance(db)
    return db


@pytest.fixture(scope="session")
def written(full_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """One night of reports from the full warehouse."""
    return write_reports(full_db, tmp_path_factory.mktemp("reports"), AS_OF, generated_at=GENERATED)


@pytest.fixture(scope="session")
def written_bare(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """One night of reports from the demo warehouse (no forecasts, no themes)."""
    return write_reports(demo_db, tmp_path_factory.mktemp("reports-bare"), AS_OF, generated_at=GENERATED)


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


@pytest.fixture(scope="session")
def perf_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two years of demo records with a chosen topic and the performance step run (≈ 15 s)."""
    return build_performance_warehouse(tmp_path_factory.mktemp("perf"))


@pytest.fixture(scope="session")
def perf_written(perf_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """The night after the two demo years: rankings, watch list and a measured topic impact."""
    return write_reports(perf_db, tmp_path_factory.mktemp("reports-perf"), PERF_AS_OF, generated_at=GENERATED)


@pytest.fixture(scope="session")
def rankings_context(perf_db: Path):
    with wh.read_only(perf_db) as con:
        return rankings_page(con, PERF_AS_OF, f"{PERF_AS_OF:%Y-%m}", GENERATED)


@pytest.fixture(scope="session")
def risk_context(perf_db: Path):
    with wh.read_only(perf_db) as con:
        return risk_page(con, PERF_AS_OF, f"{PERF_AS_OF:%Y-%m}", GENERATED)


@pytest.fixture(scope="session")
def impact_context(perf_db: Path):
    with wh.read_only(perf_db) as con:
        return impact_pages(con, PERF_AS_OF, f"{PERF_AS_OF:%Y-%m}", GENERATED)[0]
