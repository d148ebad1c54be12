"""The nightly flow end to end on small deterministic exports, under prefect_test_harness."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from analytics import warehouse as wh
from flows.nightly import nightly
from tests.flows.beijing_exports import export_rows, write_days, write_export, write_history

NOV1 = dt.date(2026, 11, 1)


def _snapshot(db: Path) -> dict[str, object]:
    with wh.read_only(db) as con:
        return {
            "complaints": con.execute("SELECT count(*), sum(hash(record_id, batch_id)) "
                                      "FROM complaints").fetchall(),
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
        f"12345_export_{NOV1 + dt.timedelta(days=k)}.csv" for k in range(3)]
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
    assert _query(db, "SELECT status FROM nightly_runs ORDER BY finished_at") == [("ok",),
                                                                                 ("ok",)]
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
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[key])),
            sort=ArtifactSort.CREATED_DESC)
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
    tolerated = _run(data_dir, dt.date(2026, 11, 2), max_empty_nights=2)
    assert tolerated.is_completed(), tolerated.message
    state = _run(data_dir, dt.date(2026, 11, 3), max_empty_nights=2)
    assert state.is_failed()
    assert "empty for 2 night(s)" in state.message


def test_stale_data_fails(data_dir: Path):
    write_days(data_dir / "inbox", NOV1, days=1, rows_per_day=5)
    state = _run(data_dir, dt.date(2026, 11, 12))
    assert state.is_failed()
    assert "stale data: newest complaint is 11 days before as_of" in state.message


def test_volume_drop_of_80_percent_trips(data_dir: Path):
    inbox = data_dir / "inbox"
    write_history(inbox / "12345_backlog_2026-10.csv", dt.date(2026, 10, 1), days=35,
                  rows_per_day=10)
    assert _run(data_dir, dt.date(2026, 11, 5)).is_completed()
    write_export(inbox / "12345_export_2026-11-05.csv", export_rows(dt.date(2026, 11, 5), 2))
    state = _run(data_dir, dt.date(2026, 11, 6))
    assert state.is_failed()
    assert "volume: the day before as_of has 20% of its same-weekday median" in state.message
    # A band wide enough for the drop lets the same night pass.
    shutil.copy(data_dir / "archive" / "12345_export_2026-11-05.csv", inbox)
    assert _run(data_dir, dt.date(2026, 11, 6), volume_low=0.1).is_completed()


@pytest.mark.slow
def test_dask_runner_with_two_local_workers(data_dir: Path):
    write_days(data_dir / "inbox", NOV1, days=2, rows_per_day=5)
    state = _run(data_dir, dt.date(2026, 11, 3), task_runner="dask")
    assert state.is_completed(), state.message
    summary = state.result()
    assert len(summary.ingest.files) == 2 and all(f.sha256 for f in summary.ingest.files)
    assert summary.ingest.rows_new == 10
