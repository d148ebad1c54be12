"""The warehouse module: versioned schema, read-only access, one writer at a time."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from analytics import warehouse as wh
from analytics.errors import WarehouseBusy, WarehouseError


def test_schema_is_versioned_and_migrations_are_idempotent(db: Path) -> None:
    for _ in range(2):
        with wh.connect(db) as con:
            versions = con.execute("SELECT version FROM schema_version").fetchall()
    assert versions == [(v,) for v, _, _ in wh.MIGRATIONS]
    with wh.read_only(db) as con:
        assert wh.table_counts(con) == {"complaints": 0, "quarantine": 0, "ingest_batches": 0}


def test_read_only_refuses_to_write_and_needs_a_warehouse(db: Path, tmp_path: Path) -> None:
    with pytest.raises(WarehouseError, match="no warehouse"), wh.read_only(tmp_path / "x.duckdb"):
        pass
    with wh.connect(db):
        pass
    with wh.read_only(db) as con, pytest.raises(Exception, match="read-only"):
        con.execute("DELETE FROM complaints")


def test_second_writer_gets_a_clear_busy_error(db: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
            "print('ready', flush=True); time.sleep(30)",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        with pytest.raises(WarehouseBusy, match="warehouse busy"), wh.connect(db):
            pass
    finally:
        holder.kill()
        holder.wait()


def test_db_path_comes_from_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from analytics.settings import settings

    monkeypatch.setenv("WEISU_DB", str(tmp_path / "env.duckdb"))
    assert settings().db_path == tmp_path / "env.duckdb"
    assert settings(tmp_path / "flag.duckdb").db_path == tmp_path / "flag.duckdb"


def test_duckdb_memory_cap_from_environment(monkeypatch: pytest.MonkeyPatch, db: Path) -> None:
    monkeypatch.setenv("WEISU_DUCKDB_MEMORY", "64MB")
    with wh.connect(db) as con:
        limit = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    with wh.read_only(db) as con:
        assert con.execute("SELECT current_setting('memory_limit')").fetchone()[0] == limit
    assert limit.startswith("61.0 MiB")  # 64 MB in DuckDB's binary units
    monkeypatch.setenv("WEISU_DUCKDB_MEMORY", "lots")
    with pytest.raises(WarehouseError, match="WEISU_DUCKDB_MEMORY='lots'"), wh.connect(db):
        pass
