"""The ingest flow on its own, the inbox helpers and the retry rule."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from prefect.states import Completed, Failed

from analytics.errors import WarehouseBusy, WarehouseError
from flows import inbox
from flows.ingest import ingest
from flows.retries import warehouse_busy
from tests.flows.beijing_exports import write_days


def test_ingest_named_files_fails_on_a_bad_one_after_loading_the_rest(data_dir: Path):
    good = write_days(data_dir / "drop", dt.date(2026, 11, 1), days=2, rows_per_day=3)
    bad = data_dir / "drop" / "12345_export_2026-11-03.csv"
    bad.write_bytes(b"")
    state = ingest(files=[str(p) for p in [*good, bad]], return_state=True)
    assert state.is_failed()
    assert state.message == ("1 of 3 files failed: 12345_export_2026-11-03.csv: empty file (0 bytes)")
    assert bad.exists() and not any(p.exists() for p in good)
    assert sorted(p.name for p in (data_dir / "archive").iterdir()) == [p.name for p in good]


def test_inbox_lists_export_files_in_name_order_and_archive_never_overwrites(tmp_path: Path):
    for name in (
        "12345_export_2026-11-02.csv",
        "12345_export_2026-11-01.xlsx",
        ".partial.csv",
        "notes.md",
        "ground_truth.csv",
    ):
        (tmp_path / name).write_text("x")
    assert [p.name for p in inbox.inbox_files(tmp_path)] == [
        "12345_export_2026-11-01.xlsx",
        "12345_export_2026-11-02.csv",
    ]
    assert inbox.inbox_files(tmp_path / "missing") == []
    archive = tmp_path / "archive"
    first = inbox.archive_file(tmp_path / "12345_export_2026-11-02.csv", archive)
    (tmp_path / "12345_export_2026-11-02.csv").write_text("y")
    second = inbox.archive_file(tmp_path / "12345_export_2026-11-02.csv", archive)
    assert (first.name, second.name) == ("12345_export_2026-11-02.csv", "12345_export_2026-11-02.1.csv")
    assert first.read_text() == "x" and second.read_text() == "y"


def test_only_a_locked_warehouse_is_retried():
    assert warehouse_busy(None, None, Failed(data=WarehouseBusy("locked")))
    assert not warehouse_busy(None, None, Failed(data=WarehouseError("no such file")))
    assert not warehouse_busy(None, None, Failed(data=ValueError("bug")))
    assert not warehouse_busy(None, None, Completed(data=1))
