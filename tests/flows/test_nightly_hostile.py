"""Issue 15 at the nightly: one hostile file never stops the night (item 4); a step that breaks
or a warehouse that stays busy still ends in one line and a written summary (items 4, 6); a
symbolic link in the inbox is refused, not read (item 7)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from analytics import marts
from analytics import warehouse as wh
from flows import retries
from flows.nightly import nightly
from tests.flows.beijing_exports import write_days
from tests.flows.test_nightly import _artifacts
from tests.reliability.test_fault_locks import held
from tests.reliability.warehouse_state import child_env

NOV1 = dt.date(2026, 11, 1)
AS_OF = dt.date(2026, 11, 4)
SECRET = "root:x:0:0:root:/root:/bin/bash"


def _night(**params: object):
    return nightly(as_of=AS_OF, forecast_level=None, themes=False, return_state=True, **params)


def _query(db: Path, sql: str) -> list[tuple]:
    with wh.read_only(db) as con:
        return con.execute(sql).fetchall()


def _summary(data_dir: Path) -> str:
    return (data_dir / "reports" / f"nightly-{AS_OF}.md").read_text(encoding="utf-8")


def _deep_json(path: Path) -> None:
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")


def _binary_parquet(path: Path) -> None:
    pq.write_table(pa.table({"工单编号": pa.array([b"BJ\xff01"], pa.binary())}), path)


@pytest.mark.parametrize(
    ("name", "write", "reason"),
    [
        ("12345_export_2026-11-02.json", _deep_json, "JSON nested too deeply to read"),
        (
            "12345_export_2026-11-02.parquet",
            _binary_parquet,
            "column '工单编号' holds bytes that are not UTF-8 text; cannot read it as text (invalid utf8)",
        ),
    ],
    ids=["json-nested-100000-levels", "parquet-invalid-utf8"],
)
def test_a_hostile_file_fails_alone_and_the_night_goes_on(data_dir: Path, name: str, write, reason: str):
    inbox, db = data_dir / "inbox", data_dir / "warehouse.duckdb"
    first, _second, third = write_days(inbox, NOV1, days=3, rows_per_day=4)
    _second.unlink()
    write(inbox / name)  # between the two good days
    state = _night()
    assert state.is_failed()
    assert state.message == f"1 of 3 files failed: {name}: {reason}"
    # The files before and after it loaded and moved to the archive; it stays in the inbox.
    assert _query(db, "SELECT count(*) FROM complaints") == [(8,)]
    assert sorted(p.name for p in (data_dir / "archive").iterdir()) == [first.name, third.name]
    assert [p.name for p in inbox.iterdir()] == [name]
    # The night ran to the end: marts, validation, the record and the summary.
    assert _query(db, "SELECT status FROM nightly_runs") == [("failed",)]
    summary = _summary(data_dir)
    assert f"| {name} | failed | 0 | 0 | 0 | 0 | 0 | {name}: {reason} |" in summary
    assert "## Files" in summary and "daily_counts refreshed" in summary


def test_a_step_that_breaks_still_writes_the_summary_with_the_reason(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    def broken(_con):
        raise RuntimeError("mart refresh broke\nsecond line")

    monkeypatch.setattr(marts, "refresh_daily_counts", broken)
    write_days(data_dir / "inbox", NOV1, days=2, rows_per_day=3)
    state = _night()
    assert state.is_failed()
    assert state.message == "RuntimeError: mart refresh broke second line"
    summary = _summary(data_dir)
    assert summary.startswith(f"# Weisu nightly {AS_OF} — FAILED")
    assert "**Failed:** RuntimeError: mart refresh broke second line" in summary
    assert "- new rows: 6; quarantined: 0" in summary  # what the night did before the break
    assert "**Failed:** RuntimeError" in _artifacts("weisu-nightly")[0]
    db = data_dir / "warehouse.duckdb"
    assert _query(db, "SELECT status, reason FROM nightly_runs") == [
        ("failed", "RuntimeError: mart refresh broke second line")
    ]


def test_a_warehouse_busy_past_the_retries_is_one_line_and_a_written_summary(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(retries, "WAREHOUSE_RETRY_DELAY_SECONDS", 0.05)
    db = data_dir / "warehouse.duckdb"
    with wh.connect(db):
        pass
    write_days(data_dir / "inbox", NOV1, days=1, rows_per_day=3)
    with held(db, "ro", child_env(data_dir)):
        state = _night()
    assert state.is_failed()
    assert state.message.startswith(f"warehouse busy: {db} is open in another process")
    assert "\n" not in state.message
    summary = _summary(data_dir)
    assert "**Failed:** warehouse busy:" in summary
    assert len(list((data_dir / "inbox").iterdir())) == 1  # nothing was loaded or moved


def test_a_link_in_the_inbox_is_refused_and_its_target_never_read(data_dir: Path, tmp_path: Path):
    inbox, db = data_dir / "inbox", data_dir / "warehouse.duckdb"
    secret = tmp_path / "etc" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\n", encoding="utf-8")
    (inbox / "12345_export_2026-11-01.csv").symlink_to(secret)
    write_days(inbox, dt.date(2026, 11, 2), days=2, rows_per_day=3)
    state = _night()
    assert state.is_failed()
    refused = (
        "12345_export_2026-11-01.csv: a symbolic link; refusing to follow it (put the file itself there)"
    )
    assert state.message == f"1 of 3 files failed: {refused}"
    assert (inbox / "12345_export_2026-11-01.csv").is_symlink()  # left where it was
    assert _query(db, "SELECT count(*) FROM complaints") == [(6,)]
    everywhere = [
        state.message,
        _summary(data_dir),
        _artifacts("weisu-nightly")[0],
        *(str(row) for row in _query(db, "SELECT * FROM ingest_batches")),
        *(str(row) for row in _query(db, "SELECT * FROM nightly_runs")),
    ]
    assert not [text for text in everywhere if "root:" in text]
