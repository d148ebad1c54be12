"""Report contexts from tiny hand-made warehouses, read through the query module: each case says
what it pins down (the reads and the builders together; ``test_builders`` checks builders alone)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from analytics import warehouse as wh
from reports import analyses
from reports.district import district_page
from reports.model import NOT_COMPUTED, ForecastPoint, Window
from reports.overview import nightly_overview
from reports.topics import topic_page
from reports.volume import MartState, report_districts, volume_trend
from tests.reports.conftest import night_data
from tests.reports.warehouses import hotspot_rows

AS_OF = dt.date(2024, 6, 1)
LAST_DAY = dt.date(2024, 5, 31)
LAST_YEAR_DAY = LAST_DAY - dt.timedelta(days=364)  # 2023-06-02, a Friday like 2024-05-31
NOW = dt.datetime(2024, 6, 1, 3)
JUNE = dt.date(2024, 6, 1)


def _mart(db: Path, rows: list[tuple]) -> None:
    """daily_counts rows: (day, district, street, category_l1, complaints, responded, resolved,
    resolved_rated, satisfied, satisfied_rated); closed = responded."""
    with wh.connect(db) as con:
        for day, district, street, category, n, resp, res, res_n, sat, sat_n in rows:
            con.execute(
                "INSERT INTO daily_counts VALUES (?, 'test', ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?)",
                [day, district, street, category, n, resp, resp, res, res_n, sat, sat_n],
            )
        con.execute("INSERT INTO mart_watermarks VALUES ('daily_counts', 0, ?)", [NOW])


@pytest.fixture
def small_db(db: Path) -> Path:
    _mart(
        db,
        [
            # yesterday: two districts
            (LAST_DAY, "朝阳区", "望京街道", "住房", 10, 9, 6, 8, 7, 8),
            (LAST_DAY, "海淀区", "中关村街道", "交通管理", 30, 30, 20, 25, 24, 25),
            # six days earlier: inside the 7-day window only
            (dt.date(2024, 5, 25), "海淀区", "中关村街道", "住房", 5, 5, 4, 5, 5, 5),
            # the same weekday 52 weeks before yesterday: the mart's first day
            (LAST_YEAR_DAY, "朝阳区", "望京街道", "住房", 8, 8, 8, 8, 8, 8),
        ],
    )
    return db


def test_headline_volumes_compare_with_last_year_only_when_covered(small_db: Path) -> None:
    page = nightly_overview(night_data(small_db, AS_OF), AS_OF, JUNE, NOW)
    yesterday, week, month = page.volumes
    assert (yesterday.window.start, yesterday.volume.count) == (LAST_DAY, 40)
    assert yesterday.volume.last_year == 8 and yesterday.volume.change == pytest.approx(4.0)
    # the 7- and 30-day windows last year start before the mart's first day: no comparison
    assert (week.volume.count, week.volume.last_year, week.volume.change) == (45, None, None)
    assert month.volume.count == 45 and page.note is None


def test_three_rates_keep_their_denominators(small_db: Path) -> None:
    page = nightly_overview(night_data(small_db, AS_OF), AS_OF, JUNE, NOW)
    rates = page.rates[0].rates  # 近7天
    assert (rates.response.numerator, rates.response.denominator) == (44, 45)
    assert (rates.resolution.numerator, rates.resolution.denominator) == (30, 38)
    assert (rates.satisfaction.numerator, rates.satisfaction.denominator) == (36, 38)
    assert page.weekly[-1].complaints == 45 and page.weekly[-1].end == LAST_DAY
    assert len(page.weekly) == 26  # every week since the first day is covered


def test_districts_ranked_with_links_and_shares(small_db: Path) -> None:
    night = night_data(small_db, AS_OF)
    page = nightly_overview(night, AS_OF, JUNE, NOW)
    districts = report_districts(night.volume)
    assert [(r.rank, r.name, r.volume.count) for r in page.districts] == [
        (1, "海淀区", 35),
        (2, "朝阳区", 10),
    ]
    assert page.districts[0].href == "district-110108.html"
    assert sum(r.share for r in page.districts) == pytest.approx(1.0)
    assert districts == ("海淀区", "朝阳区")


def test_district_page_streets_and_categories(small_db: Path) -> None:
    night = night_data(small_db, AS_OF)
    page = district_page(night.volume, night.analyses, "海淀区", AS_OF, JUNE, NOW)
    assert [(s.name, s.volume.count) for s in page.streets] == [("中关村街道", 35)]
    assert [(c.name, c.volume.count) for c in page.categories] == [("交通管理", 30), ("住房", 5)]
    assert page.streets[0].rates.resolution.denominator == 30
    assert page.recent == ()  # the mart has rows, the complaints table has none


def test_optional_sections_say_not_yet_computed(small_db: Path) -> None:
    """Forecast and theme tables exist from the schema but no analysis filled them."""
    night = night_data(small_db, AS_OF)
    page = nightly_overview(night, AS_OF, JUNE, NOW)
    topics = topic_page(night.topics, JUNE, AS_OF, NOW)
    assert page.warnings.note == NOT_COMPUTED and page.warnings.rows == ()
    assert page.hotspots.note == NOT_COMPUTED
    assert NOT_COMPUTED in topics.note and topics.candidates == ()
    assert page.trend.forecast == () and page.trend.forecast_run is None
    assert page.quality.validation_note and page.quality.night is None


def test_empty_mart(db: Path) -> None:
    with wh.connect(db):
        pass  # schema only
    night = night_data(db, AS_OF)
    empty = nightly_overview(night, AS_OF, JUNE, NOW)
    assert "为空" in empty.note and empty.districts == () and empty.volumes[0].volume.count == 0
    assert empty.weekly == () and report_districts(night.volume) == ()


def test_trend_puts_last_year_on_this_years_axis() -> None:
    days = pl.date_range(LAST_DAY - dt.timedelta(days=500), LAST_DAY, "1d", eager=True)
    daily = pl.DataFrame({"day": days, "complaints": list(range(len(days)))})
    state = MartState(days[0], LAST_DAY, 0, None)
    forecast = (ForecastPoint(LAST_DAY, 1, 0, 2), ForecastPoint(AS_OF, 5, 4, 6))
    trend = volume_trend(daily, LAST_DAY, state, forecast, "run-1")
    assert len(trend.days) == 90 and trend.days[-1].day == LAST_DAY
    assert len(trend.last_year) == 90 and trend.last_year[-1].day == LAST_YEAR_DAY
    assert trend.days[-1].complaints - trend.last_year[-1].complaints == 364
    assert [p.day for p in trend.forecast] == [AS_OF]  # only days after the data
    assert trend.forecast_run == "run-1"


def test_window_last_year_lines_up_weekdays() -> None:
    window = Window("近7天", dt.date(2024, 5, 25), LAST_DAY)
    assert window.last_year.start.weekday() == window.start.weekday()
    assert window.days == 7


def test_early_warnings_of_one_district(small_db: Path) -> None:
    from tests.reports.warehouses import add_forecasts

    add_forecasts(small_db, as_of=AS_OF)
    found = night_data(small_db, AS_OF).analyses
    everything = analyses.early_warnings(found)
    dongcheng = analyses.early_warnings(found, district="东城区")
    nothing = analyses.early_warnings(found, district="延庆区")
    before = night_data(small_db, AS_OF - dt.timedelta(days=1)).analyses
    assert [w.series for w in everything.rows] == ["东城区 · 城乡建设", "朝阳区 · 住房"]
    assert [w.series for w in dongcheng.rows] == ["东城区 · 城乡建设"]
    assert everything.rows[0].period_start == AS_OF  # a date, as stored
    assert nothing.rows == () and "未触发" in nothing.note
    assert analyses.forecast_run(before) is None  # a run made after the report date is not shown
    assert [p.day for p in analyses.forecast_points(found, "东城区")][:2] == [
        AS_OF,
        AS_OF + dt.timedelta(days=1),
    ]
    assert analyses.forecast_points(found, "延庆区") == ()  # no such series in the run


def test_hotspots_newest_day_on_or_before_the_report(small_db: Path) -> None:
    days = {
        dt.date(2024, 5, 24): (("朝阳区", "望京街道", "T1", 30, 9.0),),
        dt.date(2024, 5, 31): (
            ("朝阳区", "望京街道", "T1", 10, 3.0),
            ("海淀区", "中关村街道", "T2", 20, 5.0),
        ),
        dt.date(2024, 6, 7): (("朝阳区", "望京街道", "T1", 40, 7.0),),
    }
    with wh.connect(small_db) as con:
        for day, rows in days.items():
            with wh.registered(con, "rows", hotspot_rows(day, rows)):
                con.execute("INSERT INTO theme_hotspots BY NAME SELECT * FROM rows")
    found = night_data(small_db, AS_OF).analyses
    city = analyses.hotspots(found, AS_OF)
    chaoyang = analyses.hotspots(found, AS_OF, district="朝阳区")
    early = analyses.hotspots(night_data(small_db, dt.date(2024, 5, 1)).analyses, dt.date(2024, 5, 1))
    area = city.table.columns.index("area")
    assert city.table.columns[:3] == ("as_of", "key_kind", "key")
    assert [row[area].text for row in city.table.rows] == ["中关村街道", "望京街道"]  # by score
    assert [row[0].text for row in chaoyang.table.rows] == ["2024-05-31"]
    assert early.note and "前没有热点记录" in early.note and early.table.rows == ()


@pytest.mark.slow
def test_topic_page_ranks_live_from_the_themes_analysis(demo_db: Path, tmp_path: Path) -> None:
    """With the themes tables filled by a refresh, the page shows the analysis's ranking."""
    import shutil

    from analytics.themes.refresh import refresh_themes

    db = tmp_path / "themes.duckdb"
    shutil.copy(demo_db, db)
    shutil.copy(demo_db.parent / "caller_hash.key", tmp_path / "caller_hash.key")
    with wh.connect(db) as con:
        refresh_themes(con, AS_OF)
    month = (AS_OF - dt.timedelta(days=1)).replace(day=1)
    page = topic_page(night_data(db, AS_OF, month).topics, month, AS_OF, NOW)
    assert page.note is None, page.note
    assert page.candidates and page.candidates[0].rank == 1
    assert "difficulty" in page.component_names and "volume" in page.component_names
    assert any(d.name == "top_streets" for d in page.candidates[0].details)
    assert [c.score for c in page.candidates] == sorted((c.score for c in page.candidates), reverse=True)
    assert all(c.monthly and c.samples for c in page.candidates)  # evidence of every candidate
