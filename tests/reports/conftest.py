"""Session warehouses for the report tests (see ``warehouses.py``) and contexts built from them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analytics import warehouse as wh
from reports import queries
from reports.district import district_page
from reports.frames import NightData
from reports.impact import impact_pages
from reports.overview import nightly_overview
from reports.rankings import rankings_page
from reports.risk import risk_page
from reports.site import PageEntry, index_page
from reports.topics import topic_page
from reports.volume import report_districts
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
MONTH = AS_OF.replace(day=1)
PERF_MONTH = PERF_AS_OF.replace(day=1)


def night_data(db: Path, as_of: dt.date = AS_OF, month: dt.date | None = None) -> NightData:
    """The frames of the night ``as_of`` read from ``db`` (read-only)."""
    with wh.read_only(db) as con:
        return queries.night_data(con, as_of, month or as_of.replace(day=1))


def write_night(db: Path, out: Path, as_of: dt.date = AS_OF, **options) -> ReportIndex:
    """``write_reports`` through a read-only connection, as ``weisu report`` calls it."""
    with wh.read_only(db) as con:
        return write_reports(con, out, as_of, **options)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two demo months with the mart built; no forecasts, no theme tables."""
    return cached_demo_warehouse(tmp_path_factory.getbasetemp())


@pytest.fixture(scope="session")
def full_db(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo warehouse plus a forecast run, three hand-made themes with their hotspots (no
    chosen topic) and the night's performance step."""
    db = copy_warehouse(demo_db, tmp_path_factory.mktemp("full"))
    add_forecasts(db)
    add_theme_tables(db)
    add_performance(db)
    return db


@pytest.fixture(scope="session")
def written(full_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """One night of reports from the full warehouse."""
    return write_night(full_db, tmp_path_factory.mktemp("reports"), generated_at=GENERATED)


@pytest.fixture(scope="session")
def written_bare(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> ReportIndex:
    """One night of reports from the demo warehouse (no forecasts, no themes)."""
    return write_night(demo_db, tmp_path_factory.mktemp("reports-bare"), generated_at=GENERATED)


@pytest.fixture(scope="session")
def full_night(full_db: Path) -> NightData:
    return night_data(full_db)


@pytest.fixture(scope="session")
def overview_page(full_night: NightData):
    return nightly_overview(full_night, AS_OF, MONTH, GENERATED)


@pytest.fixture(scope="session")
def district_page_context(full_night: NightData):
    return district_page(full_night.volume, full_night.analyses, INJECTED_DISTRICT, AS_OF, MONTH, GENERATED)


@pytest.fixture(scope="session")
def topic_page_present(full_night: NightData):
    return topic_page(full_night.topics, MONTH, AS_OF, GENERATED)


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
    return write_night(perf_db, tmp_path_factory.mktemp("reports-perf"), PERF_AS_OF, generated_at=GENERATED)


@pytest.fixture(scope="session")
def perf_night(perf_db: Path) -> NightData:
    return night_data(perf_db, PERF_AS_OF)


@pytest.fixture(scope="session")
def rankings_context(perf_night: NightData):
    districts = report_districts(perf_night.volume)
    return rankings_page(perf_night.performance, districts, PERF_AS_OF, PERF_MONTH, GENERATED)


@pytest.fixture(scope="session")
def risk_context(perf_night: NightData):
    districts = report_districts(perf_night.volume)
    themes = perf_night.topics.themes
    return risk_page(perf_night.performance, themes, districts, PERF_AS_OF, PERF_MONTH, GENERATED)


@pytest.fixture(scope="session")
def impact_context(perf_night: NightData):
    return impact_pages(perf_night.performance, PERF_AS_OF, PERF_MONTH, GENERATED)[0]
