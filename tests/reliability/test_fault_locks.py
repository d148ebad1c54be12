"""Faults 1c and 1d: two writers at once, and a notebook holding a read-only connection.

What DuckDB 2.0 does (measured here, in separate processes, on one file):
- writer holds it → another process's read-write *and* read-only opens fail at once with
  ``IO Error: Could not set lock on file "…": Conflicting lock is held in <exe> (PID n)``;
- reader holds it → other read-only opens succeed (many readers coexist); a read-write open
  fails with the same message plus "However, you would be able to open this database in
  read-only mode";
- nothing waits: DuckDB never blocks on the lock, so Weisu turns it into ``WarehouseBusy``
  ("warehouse busy: … (DuckDB allows one writer) …"), which the CLI prints as one line and the
  nightly flow's warehouse tasks retry (3 × 10 s).
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pytest

from analytics import warehouse as wh
from analytics.errors import WarehouseBusy
from tests.reliability.warehouse_state import (
    PYTHON,
    REPO,
    child_env,
    final_state,
    invariant_violations,
    run_weisu,
)

HOLDER = str(Path(__file__).with_name("holder.py"))
BUSY = "warehouse busy:"


@contextmanager
def held(db: Path, mode: str, env: dict[str, str]) -> Iterator[subprocess.Popen[str]]:
    """Another process holding the warehouse (``rw`` or ``ro``) until the block ends."""
    child = subprocess.Popen(
        [PYTHON, HOLDER, str(db), mode],
        env=env,
        cwd=REPO,
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert child.stdout is not None and child.stdin is not None
    first = child.stdout.readline().strip()
    try:
        assert first == "held", first + (child.stderr.read() if child.stderr else "")
        yield child
    finally:
        child.stdin.close()
        child.wait(timeout=60)


@pytest.fixture()
def loaded(inbox_copy: Path) -> tuple[Path, dict[str, str]]:
    """A warehouse with one file loaded, and the environment of child processes using it."""
    db = inbox_copy.parent / "warehouse.duckdb"
    env = child_env(inbox_copy.parent)
    done = run_weisu(["ingest", str(sorted(inbox_copy.iterdir())[0]), "--db", str(db)], env)
    assert done.returncode == 0, done.stderr
    return db, env


def _one_line_error(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and len(lines) == 1, done.stderr
    return lines[0]


def test_second_writer_gets_warehouse_busy_and_nothing_changes(loaded, inbox_copy: Path) -> None:
    db, env = loaded
    before = final_state(db)
    with held(db, "rw", env):
        done = run_weisu(["ingest", str(inbox_copy), "--db", str(db)], env)
        line = _one_line_error(done)
        assert BUSY in line and "DuckDB allows one writer" in line, line
        with pytest.raises(WarehouseBusy), wh.connect(db):  # in this process too
            pass
    assert final_state(db) == before and invariant_violations(db) == []
    # Once the lock is free the same command completes.
    assert run_weisu(["ingest", str(inbox_copy), "--db", str(db)], env).returncode == 0
    assert invariant_violations(db) == []


def test_reader_elsewhere_is_refused_while_a_writer_holds_the_file(loaded) -> None:
    db, env = loaded
    with held(db, "rw", env):
        with pytest.raises(duckdb.IOException, match="Could not set lock on file") as raw:
            duckdb.connect(str(db), read_only=True)
        assert "Conflicting lock is held" in str(raw.value)
        with pytest.raises(WarehouseBusy, match=BUSY), wh.read_only(db):
            pass
        status = run_weisu(["status", "--db", str(db)], env)
        assert BUSY in _one_line_error(status)


def test_readers_coexist_but_block_a_writer(loaded, inbox_copy: Path) -> None:
    db, env = loaded
    before = final_state(db)
    with held(db, "ro", env):
        with wh.read_only(db) as con:  # a second reader in another process is fine
            assert con.execute("SELECT count(*) FROM complaints").fetchall()[0][0] > 0
        with pytest.raises(duckdb.IOException, match="read-only mode"):
            duckdb.connect(str(db))
        done = run_weisu(["ingest", str(inbox_copy), "--db", str(db)], env)
        # DuckDB's lock does not say whether the holder writes or only reads, so the message
        # names neither: "open in another process".
        assert BUSY in _one_line_error(done)
        assert "open in another process" in _one_line_error(done)
    assert final_state(db) == before


def test_same_process_cannot_mix_read_only_and_read_write(loaded) -> None:
    db, _env = loaded
    with wh.connect(db), pytest.raises(duckdb.ConnectionException, match="different configuration"):
        duckdb.connect(str(db), read_only=True)
