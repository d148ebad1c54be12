"""One night's performance step: the month it ranks, what it keeps, why a topic is skipped, and
the v5 tables it replaces (reruns replace, other nights stay)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest

from analytics import warehouse as wh
from analytics.performance import store
from analytics.performance.night import (
    SKIPPED,
    NothingToRank,
    PerformanceParams,
    night_month,
    night_performance,
    night_risk_cells,
    night_street_risk,
    refresh_performance,
    topic_impacts,
)
from analytics.performance.store import chosen_topics
from analytics.vocabulary import AreaLevel

NIGHT = date(2024, 7, 1)  # ranks June 2024, the month of its last day
REPO = Path(__file__).resolve().parents[3]


def tickets(
    district: str,
    street: str,
    when: datetime,
    resolved: list[bool],
    unit: str | None = None,
    prefix: str = "",
) -> list[dict]:
    """Closed tickets, one per entry of ``resolved`` (satisfied = resolved), each its own caller."""
    return [
        {
            "source": "t",
            "record_id": f"{prefix}{district}{street}{when:%Y%m%d%H}-{i}",
            "received_at": when + timedelta(minutes=i),
            "district": district,
            "street": street,
            "category_l1": "住房",
            "category_l2": "物业管理",
            "category_l3": None,
            "handling_unit": unit or f"{street}办事处",
            "dispatched_at": when,
            "responded_at": when,
            "closed_at": when + timedelta(days=1),
            "resolved": r,
            "satisfied": r,
            "status": "已办结",
            "caller_hash": f"c{prefix}{street}{i}{when:%m%d}",
        }
        for i, r in enumerate(resolved)
    ]


@pytest.fixture
def records() -> pl.DataFrame:
    june, may = datetime(2024, 6, 10, 9), datetime(2024, 5, 10, 9)
    rows = [
        *tickets("东城区", "甲街道", june, [True] * 4),  # 东城 100%
        *tickets("西城区", "乙街道", june, [True, False]),  # 西城 50%
        *tickets("西城区", "丙街道", june, [True, True, True, False]),
        *tickets("西城区", "乙街道", may, [True]),  # last month: 西城 ranked, 东城 not
        # received on the night itself: after the month's last day, must not count
        *tickets("东城区", "甲街道", datetime(2024, 7, 1, 8), [False] * 3, prefix="late"),
    ]
    return pl.DataFrame(rows)


def test_night_ranks_the_month_of_its_last_day_and_ignores_later_records(records):
    assert night_month(date(2024, 7, 1)) == date(2024, 6, 1)  # the 1st ranks the whole month before
    assert night_month(date(2024, 7, 2)) == date(2024, 7, 1)
    night = night_performance(records, NIGHT, params=PerformanceParams(watch_list=2))
    districts = night.rankings.filter(pl.col("level") == "district").sort("rank")
    # 东城: 4/4 resolved → rank 1 and new (unranked in May); 西城: 4/6 → rank 2, was 1 in May
    assert districts.select(
        "district", "rank", "resolved_n", "resolution_rated", "rank_change", "new_entry"
    ).rows() == [("东城区", 1, 4, 4, None, True), ("西城区", 2, 4, 6, -1, False)]
    assert (
        night.ranked(AreaLevel.DISTRICT),
        night.ranked(AreaLevel.STREET),
        night.ranked(AreaLevel.UNIT),
    ) == (2, 3, 3)
    assert night.rankings.filter(pl.col("level") == "unit")["district"].null_count() == 3
    assert night.risk.height == 3 and night.watch_list == 2
    assert night.risk.sort("risk_rank")["on_watch_list"].to_list() == [True, True, False]
    assert night.risk.schema["reasons"] == pl.List(pl.String)
    assert night.impacts.is_empty() and night.impact_months.is_empty()
    assert night.summary() == (
        "2 districts, 3 streets, 3 units ranked for 2024-06; 2 risk streets; 0 topic impact(s)"
    )


def test_an_empty_month_is_nothing_to_rank(records):
    with pytest.raises(NothingToRank, match="no complaints received in 2024-08"):
        night_performance(records, date(2024, 8, 15))


def test_topics_that_cannot_be_measured_are_kept_with_the_reason(records):
    chosen = pl.DataFrame(
        {"theme_id": ["T1", "T2"], "start": [date(2024, 6, 1), date(2024, 6, 1)], "label": ["物业", None]}
    )
    links = pl.DataFrame({"source": ["t"], "record_id": [records["record_id"][0]], "theme_id": ["T1"]})
    impacts, months = topic_impacts(records, chosen, links)
    # T1 has complaints but no month before its start (May began mid-month); T2 links to nothing
    assert impacts.select("theme_id", "status").rows() == [("T1", SKIPPED), ("T2", SKIPPED)]
    assert impacts["note"][0].startswith("start 2024-06 must fall after")
    assert "no complaints match" in impacts["note"][1]
    assert impacts["actual"].null_count() == 2 and months.is_empty()
    without_v4, _ = topic_impacts(records, chosen, None)
    assert without_v4["note"].str.contains("complaint_themes").all()


def test_demo_treated_topic_is_measured_with_rates_before_and_after(demo):
    parking = demo.filter(pl.col("category_l3") == "违法停车")
    links = parking.select("source", "record_id", pl.lit("T9").alias("theme_id"))
    chosen = pl.DataFrame({"theme_id": ["T9"], "start": [date(2024, 4, 1)], "label": ["违法停车治理"]})
    night = night_performance(demo, date(2025, 1, 1), chosen=chosen, theme_links=links)
    row = night.impacts.row(0, named=True)
    assert row["status"] == "ok" and row["call"] == "significant decline"
    assert (row["post_first"], row["post_last"]) == (date(2024, 4, 1), date(2024, 12, 1))
    assert row["expected_lo"] < row["expected"] < row["expected_hi"] and row["relative_hi"] < 0
    # before = the 9 months just before the start, as long as the 9 months after
    assert (row["before_first"], row["before_last"]) == (date(2023, 7, 1), date(2024, 3, 1))
    after = parking.filter(pl.col("received_at") >= datetime(2024, 4, 1))
    assert row["complaints_after"] == row["actual"] == after.height
    assert 0 < row["resolved_after"] <= row["resolution_rated_after"] <= row["complaints_after"]
    months = night.impact_months
    assert months.height == 24 and months.filter(pl.col("phase") == "post")["expected"].null_count() == 0
    assert night.summary().endswith("1 topic impact(s)")

    # The nightly step loads only the topic's own complaints plus the history's bounds.
    bounds = (demo["received_at"].min(), demo["received_at"].max())
    recent = demo.filter(pl.col("received_at") >= datetime(2024, 1, 1))
    lean = night_performance(
        recent, date(2025, 1, 1), chosen=chosen, theme_links=links, topic_records=parking, history=bounds
    )
    assert lean.impacts.equals(night.impacts)
    assert lean.impact_months.equals(night.impact_months)


def _complaints(db: Path, frame: pl.DataFrame) -> None:
    rows = frame.with_columns(
        pl.lit("内容").alias("content"),
        pl.lit(1).alias("row_hash"),
        pl.lit(1).alias("first_batch_id"),
        pl.lit(1).alias("batch_id"),
    )
    with wh.connect(db) as con:
        con.register("test_rows", rows.to_arrow())
        con.execute("INSERT INTO complaints BY NAME SELECT * FROM test_rows")


def _counts(db: Path) -> dict[str, list[tuple]]:
    tables = ("performance_runs", "unit_rankings", "street_risk", "topic_impacts")
    with wh.read_only(db) as con:
        return {
            t: con.execute(f"SELECT as_of, run_id, count(*) FROM {t} GROUP BY ALL ORDER BY ALL").fetchall()
            for t in tables
        }


def test_store_replaces_a_night_and_keeps_the_others(db: Path, records):
    _complaints(db, records)
    with wh.connect(db) as con:
        con.execute("INSERT INTO chosen_topics VALUES ('2024-06-01', 'T1', '物业', '住房', NULL, now())")
        con.execute("INSERT INTO chosen_topics VALUES ('2024-07-01', 'T1', '物业二', '住房', NULL, now())")
        assert chosen_topics(con).rows() == [("T1", date(2024, 6, 1), "物业")]  # first choice = start
        refresh_performance(con, NIGHT, "run-a")
        refresh_performance(con, date(2024, 6, 15), "run-b")
        refresh_performance(con, NIGHT, "run-c")  # the same night again: replaces run-a
    counts = _counts(db)
    assert counts["performance_runs"] == [(date(2024, 6, 15), "run-b", 1), (NIGHT, "run-c", 1)]
    assert counts["unit_rankings"] == [(date(2024, 6, 15), "run-b", 8), (NIGHT, "run-c", 8)]
    assert counts["street_risk"] == [(date(2024, 6, 15), "run-b", 3), (NIGHT, "run-c", 3)]
    assert counts["topic_impacts"] == [(date(2024, 6, 15), "run-b", 1), (NIGHT, "run-c", 1)]
    with wh.read_only(db) as con:
        run = con.execute(
            "SELECT month, data_through, districts, streets, units, watch_list, impacts, "
            "impacts_skipped FROM performance_runs WHERE as_of = ?",
            [NIGHT],
        ).fetchall()
        reasons = con.execute("SELECT reasons FROM street_risk LIMIT 1").fetchall()[0][0]
    assert run == [(date(2024, 6, 1), date(2024, 6, 30), 2, 3, 3, 3, 1, 1)]
    assert isinstance(reasons, list)


_RERUN = """
import datetime as dt, sys
from analytics import warehouse as wh
from analytics.performance.night import refresh_performance

with wh.connect(sys.argv[1]) as con:
    refresh_performance(con, dt.date(2024, 7, 1), "run-b")
"""


@pytest.mark.parametrize("crash_after", [2, 8])  # among the deletes; before the last insert
def test_a_crash_while_replacing_a_night_keeps_the_previous_one(db: Path, records, crash_after: int):
    _complaints(db, records)
    with wh.connect(db) as con:
        con.execute("INSERT INTO chosen_topics VALUES ('2024-06-01', 'T1', '物业', '住房', NULL, now())")
        refresh_performance(con, NIGHT, "run-a")
    before = _counts(db)
    env = {**os.environ, "WEISU_FAULT_AFTER_STATEMENTS": str(crash_after)}
    command = [sys.executable, "-c", _RERUN, str(db)]
    done = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True)
    assert done.returncode == 137, done.stderr
    assert _counts(db) == before and before["topic_impacts"] == [(NIGHT, "run-a", 1)]


def test_chosen_topic_is_its_first_choice(db: Path):
    with wh.connect(db) as con:
        con.execute("INSERT INTO chosen_topics VALUES ('2024-06-01', 'T1', NULL, '住房', NULL, now())")
        con.execute("INSERT INTO chosen_topics VALUES ('2024-07-01', 'T1', '物业二', '住房', NULL, now())")
        # chosen first without a label: the theme id stands in for it
        assert store.chosen_topic(con, "T1") == (date(2024, 6, 1), "T1")
        assert store.chosen_topic(con, "T2") is None


def test_refresh_on_an_empty_warehouse_is_nothing_to_rank(db: Path):
    with wh.connect(db) as con, pytest.raises(NothingToRank, match="holds no complaints"):
        refresh_performance(con, NIGHT, "run")


def test_street_risk_cells_from_duckdb_equal_those_from_records(db: Path, demo):
    """The nightly run has DuckDB build the street-risk cells (a year never reaches polars);
    they, and the watch list from them, equal what the records frame gives."""
    columns = [
        "source",
        "record_id",
        "received_at",
        "district",
        "street",
        "category_l1",
        "category_l2",
        "category_l3",
        "handling_unit",
        "dispatched_at",
        "responded_at",
        "closed_at",
        "resolved",
        "satisfied",
        "status",
        "caller_hash",
    ]
    frame = demo.select(columns).sort("received_at", "source", "record_id")
    # themes on part of the records: parking complaints and every fifth noise complaint
    noise = pl.col("category_l2").str.contains("噪声") & (pl.int_range(pl.len()) % 5 == 0)
    links = frame.filter((pl.col("category_l3") == "违法停车") | noise).select(
        "source", "record_id", pl.when(noise).then(pl.lit("T2")).otherwise(pl.lit("T9")).alias("theme_id")
    )
    assert links.height > 100 and links["theme_id"].n_unique() == 2
    _complaints(db, frame)
    as_of = date(2024, 11, 20)  # the cells of the year through November 2024, before the 20th
    with wh.connect(db) as con:
        con.register("test_links", links.to_arrow())
        con.execute(
            "INSERT INTO complaint_themes SELECT source, record_id, theme_id, 1.0, "
            "DATE '2024-01-01' FROM test_links"
        )
        cells = store.load_risk_cells(con, night_month(as_of), datetime(2024, 11, 20))
    window = frame.filter(
        pl.col("received_at").is_between(datetime(2023, 12, 1), datetime(2024, 11, 20), closed="left")
    )
    expected = night_risk_cells(window, links)
    keys = ["district", "street", "issue", "month"]
    assert cells.columns == expected.columns and cells.height == expected.height > 1000
    assert cells.sort(keys, nulls_last=True).equals(expected.sort(keys, nulls_last=True))
    assert cells["repeats"].sum() > 0 and cells.filter(pl.col("issue") == "theme:T9").height > 0
    month = night_month(as_of)
    assert night_street_risk(cells, month).equals(night_street_risk(expected, month))
