"""Fault 1e: a full disk, a read-only file system and an unreadable inbox file each end in one
clear line (no traceback) and leave the warehouse consistent.

Disk full and read-only use a tiny tmpfs mounted by the test (needs root with CAP_SYS_ADMIN,
as in CI's container; skipped otherwise). As root, ``chmod 000`` does not stop reads, so the
unreadable-file case runs its ingest in a child that drops to the ``nobody`` user first.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability.warehouse_state import (
    PYTHON,
    REPO,
    child_env,
    invariant_violations,
    query,
    run_weisu,
)


@pytest.fixture()
def tiny_fs() -> Iterator[Path]:
    mount = Path(tempfile.mkdtemp(prefix="weisu-tmpfs-"))
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=160k", "tmpfs", str(mount)], capture_output=True, text=True
    )
    if done.returncode != 0:
        mount.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)
        mount.rmdir()


def _one_line(done: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0 and "Traceback" not in done.stderr and len(lines) == 1, done.stderr[-3000:]
    return lines[0]


def test_disk_full_is_one_line_and_the_batch_is_rolled_back(tiny_fs: Path, inbox_copy: Path) -> None:
    db = tiny_fs / "warehouse.duckdb"
    env = child_env(inbox_copy.parent)
    done = run_weisu(["ingest", str(inbox_copy), "--db", str(db)], env)
    line = _one_line(done)
    assert "cannot write to the warehouse" in line and "No space left on device" in line, line
    # Free the space the way an operator would (move the warehouse), then check it.
    moved = inbox_copy.parent / "moved.duckdb"
    for name in (db.name, db.name + ".wal"):
        if (tiny_fs / name).exists():
            shutil.copy(tiny_fs / name, moved.parent / name.replace(db.stem, moved.stem))
    assert invariant_violations(moved) == []
    assert query(moved, "SELECT count(*) FROM ingest_batches WHERE status = 'running'") == [(0,)]


def test_read_only_file_system_is_one_line(tiny_fs: Path, inbox_copy: Path) -> None:
    env = child_env(inbox_copy.parent)
    first = sorted(inbox_copy.iterdir())[0]
    db = tiny_fs / "warehouse.duckdb"
    subprocess.run(["mount", "-o", "remount,size=8m", str(tiny_fs)], check=True)
    assert run_weisu(["ingest", str(first), "--db", str(db)], env).returncode == 0
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_fs)], check=True)
    # A read-only warehouse file: writing is refused in one line, reading still works.
    line = _one_line(run_weisu(["ingest", str(inbox_copy), "--db", str(db)], env))
    assert line.startswith("error: cannot open warehouse") and "Read-only file system" in line
    assert run_weisu(["status", "--db", str(db)], env).returncode == 0
    # An unwritable data folder (WEISU_DATA_DIR on the read-only mount).
    ro_env = child_env(tiny_fs / "data")
    line = _one_line(run_weisu(["ingest", str(first)], ro_env))
    assert "cannot open warehouse" in line and "Read-only file system" in line


UNREADABLE_CHILD = """
import importlib.readers, importlib.resources.readers, os, sys
from pathlib import Path
from analytics import warehouse as wh
from analytics.ingest.load import ingest_files
files = [Path(p) for p in sys.argv[2:]]
with wh.connect(Path(sys.argv[1]).with_name('warm.duckdb')) as con:
    ingest_files(con, files[1:])  # import everything first
if os.geteuid() == 0:
    os.setegid(65534); os.seteuid(65534)
with wh.connect(Path(sys.argv[1])) as con:
    for r in ingest_files(con, files):
        print(r.status, r.message.splitlines()[0] if r.message else '', flush=True)
"""


def test_unreadable_inbox_file_fails_alone_with_a_clear_message(inbox_copy: Path) -> None:
    work = Path(tempfile.mkdtemp(prefix="weisu-perm-"))
    try:
        work.chmod(0o777)
        files = [shutil.copy(p, work) for p in sorted(inbox_copy.iterdir())[:2]]
        Path(files[0]).chmod(0)
        done = subprocess.run(
            [PYTHON, "-c", UNREADABLE_CHILD, str(work / "w.duckdb"), *files],
            env=child_env(work),
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr[-3000:]
        first, second = done.stdout.splitlines()
        assert first == f"failed {Path(files[0]).name}: permission denied"
        assert second.startswith("ok ")
        assert invariant_violations(work / "w.duckdb") == []
    finally:
        shutil.rmtree(work, ignore_errors=True)
