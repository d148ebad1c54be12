"""The ingest flow on its own, the inbox helpers and the retry rule."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import pytest

from analytics import warehouse as wh
from analytics.errors import WarehouseBusy, WarehouseError
from flows import inbox, retries
from flows.ingest import ingest
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


def test_only_a_locked_warehouse_is_retried(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    attempts: list[str] = []

    def opener(errors: list[Exception]):
        @contextlib.contextmanager
        def connect(db=None):
            attempts.append(str(db))
            if errors:
                raise errors.pop(0)
            yield "connection"

        return connect

    monkeypatch.setattr(retries, "WAREHOUSE_RETRY_DELAY_SECONDS", 0)
    db = tmp_path / "w.duckdb"
    monkeypatch.setattr(wh, "connect", opener([WarehouseBusy("busy"), WarehouseBusy("busy")]))
    with contextlib.ExitStack() as closing:
        assert retries.open_warehouse(db, closing) == "connection"
    assert len(attempts) == 3  # two busy opens waited for, the third one worked
    attempts.clear()
    monkeypatch.setattr(wh, "connect", opener([WarehouseError("no such file")]))
    with contextlib.ExitStack() as closing, pytest.raises(WarehouseError, match="no such file"):
        retries.open_warehouse(db, closing)
    assert len(attempts) == 1  # any other error is not retried
    attempts.clear()
    monkeypatch.setattr(wh, "connect", opener([WarehouseBusy("busy")] * 4))
    with contextlib.ExitStack() as closing, pytest.raises(WarehouseBusy):
        retries.open_warehouse(db, closing)
    assert len(attempts) == 1 + retries.WAREHOUSE_RETRIES
