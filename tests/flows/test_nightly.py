"""The nightly flow end to end on small deterministic exports, under prefect_test_harness."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from analytics import marts
from analytics import warehouse as wh
from flows.nightly import nightly
from tests.flows.beijing_exports import export_rows, write_days, write_export, write_history

NOV1 = dt.date(2026, 11, 1)


def _snapshot(db: Path) -> dict[str, object]:
    with wh.read_only(db) as con:
        return {
            "complaints": con.execute(
                "SELECT count(*), sum(hash(record_id, batch_id)) FROM complaints"
            ).fetchall(),
            "daily_counts": con.execute("SELECT * FROM daily_counts ORDER BY ALL").fetchall(),
        }


def _query(db: Path, sql: str) -> list[tuple]:
    with wh.read_only(db) as con:
        return con.execute(sql).fetchall()


def _run(data_dir: Path, as_of: dt.date, **params):
    return nightly(as_of=as_of, return_state=True, **params)


def test_nightly_twice_is_idempotent(data_dir: Path):
    inbox, db = data_dir / "inbox", data_dir / "warehouse.duckdb"
    write_days(inbox, NOV1, days=3, rows_per_day=12)
    first = _run(data_dir, NOV1 + dt.timedelta(days=3))
    assert first.is_completed(), first.message
    before = _snapshot(db)
    assert before["complaints"][0][0] == 36
    assert sorted(p.name for p in (data_dir / "archive").iterdir()) == [
        f"12345_export_{NOV1 + dt.timedelta(days=k)}.csv" for k in range(3)
    ]
    assert list(inbox.iterdir()) == []

    # The same three files delivered again: recognised as unchanged, nothing moves.
    write_days(inbox, NOV1, days=3, rows_per_day=12)
    second = _run(data_dir, NOV1 + dt.timedelta(days=3))
    assert second.is_completed(), second.message
    assert _snapshot(db) == before
    summary = second.result()
    assert [r.status for r in summary.ingest.results] == ["unchanged"] * 3
    assert len(list((data_dir / "archive").iterdir())) == 6  # re-delivered copies kept apart
    assert _query(db, "SELECT count(DISTINCT run_id) FROM validation_results") == [(2,)]
    assert _query(db, "SELECT status FROM nightly_runs ORDER BY finished_at") == [("ok",), ("ok",)]
    docs = data_dir / "reports" / "data_docs" / "index.html"
    assert docs.exists() and summary.docs_index == docs.resolve()
    latest, previous = _artifacts("weisu-nightly")[:2]
    assert "new rows: 36; quarantined: 0" in previous
    assert "new rows: 0" in latest and "| unchanged |" in latest


def _artifacts(key: str) -> list[str]:
    """Markdown of the artifacts with ``key``, newest first."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey
    from prefect.client.schemas.sorting import ArtifactSort

    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])), sort=ArtifactSort.CREATED_DESC
        )
    return [a.data for a in found]


def test_corrupt_file_fails_naming_it_and_loads_the_others(data_dir: Path):
    inbox, db = data_dir / "inbox", data_dir / "warehouse.duckdb"
    write_days(inbox, NOV1, days=2, rows_per_day=10)
    corrupt = inbox / "12345_export_2026-11-03.csv"
    corrupt.write_bytes(bytes(range(256)) * 20)  # neither UTF-8 nor GB18030
    state = _run(data_dir, dt.date(2026, 11, 3))
    assert state.is_failed()
    assert "12345_export_2026-11-03.csv" in state.message
    assert "1 of 3 files failed" in state.message
    assert _query(db, "SELECT count(*) FROM complaints") == [(20,)]
    assert corrupt.exists()  # stays in the inbox for a retry
    assert len(list((data_dir / "archive").iterdir())) == 2
    status, reason = _query(db, "SELECT status, reason FROM nightly_runs")[0]
    assert status == "failed" and "12345_export_2026-11-03.csv" in reason


def test_zero_new_rows_fails(data_dir: Path):
    write_export(data_dir / "inbox" / "12345_export_2026-11-01.csv", [])  # header only
    state = _run(data_dir, dt.date(2026, 11, 2))
    assert state.is_failed()
    assert "0 new rows from 1 new file(s)" in state.message


def test_all_rows_quarantined_fails(data_dir: Path):
    rows = export_rows(NOV1, 5)
    for row in rows:
        row[8] = ""  # no 诉求内容: every row is quarantined
    write_export(data_dir / "inbox" / "12345_export_2026-11-01.csv", rows)
    state = _run(data_dir, dt.date(2026, 11, 2))
    assert state.is_failed()
    assert "0 new rows" in state.message and "5 quarantined" in state.message


def test_empty_inbox_fails_after_configured_nights(data_dir: Path):
    write_days(data_dir / "inbox", NOV1, days=1, rows_per_day=5)
    assert _run(data_dir, dt.date(2026, 11, 2)).is_completed()
    tolerated = _run(data_dir, dt.date(2026, 11, 2), tuning={"night": {"max_empty_nights": 2}})
    assert tolerated.is_completed(), tolerated.message
    state = _run(data_dir, dt.date(2026, 11, 3), tuning={"night": {"max_empty_nights": 2}})
    assert state.is_failed()
    assert "empty for 2 night(s)" in state.message


def test_stale_data_fails(data_dir: Path):
    write_days(data_dir / "inbox", NOV1, days=1, rows_per_day=5)
    state = _run(data_dir, dt.date(2026, 11, 12))
    assert state.is_failed()
    assert "stale data: newest complaint is 11 days before as_of" in state.message


def test_volume_drop_of_80_percent_trips(data_dir: Path):
    inbox = data_dir / "inbox"
    write_history(inbox / "12345_backlog_2026-10.csv", dt.date(2026, 10, 1), days=35, rows_per_day=10)
    assert _run(data_dir, dt.date(2026, 11, 5)).is_completed()
    write_export(inbox / "12345_export_2026-11-05.csv", export_rows(dt.date(2026, 11, 5), 2))
    state = _run(data_dir, dt.date(2026, 11, 6))
    assert state.is_failed()
    assert "volume: the day before as_of has 20% of its same-weekday median" in state.message
    # A band wide enough for the drop lets the same night pass.
    shutil.copy(data_dir / "archive" / "12345_export_2026-11-05.csv", inbox)
    assert _run(data_dir, dt.date(2026, 11, 6), tuning={"validation": {"volume_low": 0.1}}).is_completed()


@pytest.fixture()
def opened(monkeypatch: pytest.MonkeyPatch) -> list[duckdb.DuckDBPyConnection]:
    """Every connection opened through the warehouse module from here on, in order."""
    cons: list[duckdb.DuckDBPyConnection] = []

    def counting(opener):
        @contextlib.contextmanager
        def open_and_note(db=None):
            with opener(db) as con:
                cons.append(con)
                yield con

        return open_and_note

    monkeypatch.setattr(wh, "connect", counting(wh.connect))
    monkeypatch.setattr(wh, "read_only", counting(wh.read_only))
    return cons


def _closed(con: duckdb.DuckDBPyConnection) -> bool:
    try:
        con.execute("SELECT 1")
    except duckdb.ConnectionException:
        return True
    return False


def test_a_night_opens_the_warehouse_once_and_closes_it(data_dir: Path, opened: list) -> None:
    write_days(data_dir / "inbox", NOV1, days=2, rows_per_day=5)
    state = _run(data_dir, dt.date(2026, 11, 3), forecast_level=None)
    assert state.is_completed(), state.message
    assert state.result().ingest.rows_new == 10
    assert len(opened) == 1 and _closed(opened[0])


def test_a_night_that_breaks_midway_still_closes_the_warehouse(
    data_dir: Path, opened: list, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_con):
        raise RuntimeError("mart refresh broke")

    monkeypatch.setattr(marts, "refresh_daily_counts", broken)
    write_days(data_dir / "inbox", NOV1, days=1, rows_per_day=5)
    state = _run(data_dir, dt.date(2026, 11, 2), forecast_level=None)
    assert state.is_failed() and "mart refresh broke" in state.message
    assert len(opened) == 1 and _closed(opened[0])
    # The file that loaded before the break is committed and archived.
    assert _query(data_dir / "warehouse.duckdb", "SELECT count(*) FROM complaints") == [(5,)]
    assert len(list((data_dir / "archive").iterdir())) == 1


def test_nightly_stores_rankings_and_measures_a_chosen_topic(data_dir: Path):
    """Twelve months of history, then 停车管理 chosen as 每月一题 of July 2026: the night of
    1 October ranks September, keeps its watch list and writes the topic's impact page."""
    inbox, db = data_dir / "inbox", data_dir / "warehouse.duckdb"
    quiet = {"forecast_level": None, "themes": False}  # neither is under test here
    write_history(inbox / "12345_backlog.csv", dt.date(2025, 7, 1), days=456, rows_per_day=4)
    first = _run(data_dir, dt.date(2026, 9, 30), **quiet)  # data through 2026-09-29
    assert first.is_completed(), first.message
    # four rows a day: four streets of 东城区, each with its own handling unit
    assert (
        "三率: 1 districts, 4 streets, 4 units ranked for 2026-09; 4 risk streets; 0 topic impact(s)"
    ) in first.result().analysis.notes
    night = data_dir / "reports" / "2026-09-30"
    assert "尚无选定的每月一题主题" in (night / "overview.html").read_text("utf-8")
    with wh.connect(db) as con:  # what the themes step and `weisu topics choose` would leave
        con.execute("""INSERT INTO complaint_themes SELECT source, record_id, 'T-park', 1.0,
                       DATE '2026-07-01' FROM complaints WHERE category_l2 = '停车管理'""")
        con.execute(
            "INSERT INTO chosen_topics VALUES ('2026-07-01', 'T-park', '停车治理', '交通管理', NULL, now())"
        )
    write_days(inbox, dt.date(2026, 9, 30), days=1, rows_per_day=4)
    for _ in range(2):  # the second run of the same night (inbox now empty) replaces its rows
        second = _run(data_dir, dt.date(2026, 10, 1), tuning={"night": {"max_empty_nights": 2}}, **quiet)
        assert second.is_completed(), second.message
    assert "1 topic impact(s)" in second.result().analysis.notes[-1]
    assert _query(db, "SELECT as_of, count(*) FROM unit_rankings GROUP BY 1 ORDER BY 1") == [
        (dt.date(2026, 9, 30), 9),
        (dt.date(2026, 10, 1), 9),
    ]  # 1 + 4 + 4 per night, history kept
    status, pre, post_last, actual = _query(
        db, "SELECT status, pre_months, post_last, actual FROM topic_impacts"
    )[0]
    # 12 months before the start; July–September measured, one parking row a day: 31 + 31 + 29
    # (30 September's row came after the links were made, and no themes step linked it)
    assert (status, pre, post_last, actual) == ("ok", 12, dt.date(2026, 9, 1), 91)
    watch = "SELECT count(*) FROM street_risk WHERE as_of = '2026-10-01' AND on_watch_list"
    assert _query(db, watch) == [(4,)]
    page = (data_dir / "reports" / "2026-10-01" / "impact-T-park.html").read_text("utf-8")
    assert "停车治理" in page and "chart-volume" in page
    overview = (data_dir / "reports" / "2026-10-01" / "overview.html").read_text("utf-8")
    assert 'href="impact-T-park.html"' in overview and 'href="rankings.html"' in overview


def test_nightly_without_the_performance_step(data_dir: Path):
    write_days(data_dir / "inbox", NOV1, days=1, rows_per_day=5)
    state = _run(data_dir, dt.date(2026, 11, 2), forecast_level=None, themes=False, performance=False)
    assert state.is_completed(), state.message
    assert "三率: not requested" in state.result().analysis.notes
    assert _query(data_dir / "warehouse.duckdb", "SELECT count(*) FROM performance_runs") == [(0,)]
    assert "尚未计算" in (data_dir / "reports" / "2026-11-02" / "rankings.html").read_text("utf-8")


def test_performance_step_turns_nothing_to_rank_into_a_note(data_dir: Path):
    from flows.analysis import performance_night

    db = data_dir / "warehouse.duckdb"
    with wh.connect(db) as con:  # schema only: no complaints
        note = performance_night.fn(con, dt.date(2026, 11, 2), "run-x")
    assert note == "skipped: the warehouse holds no complaints"
    assert _query(db, "SELECT count(*) FROM performance_runs") == [(0,)]


def test_a_night_killed_after_archiving_reruns_from_what_is_stored(data_dir: Path):
    """The night's files were loaded and archived, then the process died before recording the
    night: the rerun's inbox is empty, yet it is the same night, so it recomputes and completes."""
    from flows.ingest import load_and_archive

    inbox, db = data_dir / "inbox", data_dir / "warehouse.duckdb"
    files = write_days(inbox, NOV1, days=3, rows_per_day=12)
    with wh.connect(db) as con:  # what the killed night did before it died
        report = load_and_archive(con, files, "auto", data_dir / "archive", inbox)
    assert len(report.results) == 3 and not list(inbox.iterdir())
    rerun = _run(data_dir, dt.date(2026, 11, 4), forecast_level=None)
    assert rerun.is_completed(), rerun.message
    assert rerun.result().analysis.notes[0] == (
        "inbox empty: recomputed the night from 3 batch(es) already loaded"
    )
    again = _run(data_dir, dt.date(2026, 11, 5), forecast_level=None)  # a truly empty night
    assert again.is_failed() and "empty for 1 night(s)" in again.message
