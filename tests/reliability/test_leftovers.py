"""Issue 15, items 6 and 7 across processes: what a killed or blocked run leaves behind.

- a killed ingest's transcoded copy (caller numbers in clear) is under ``<data>/tmp``, never
  the system temp folder, and the next ingest removes it;
- a killed nightly's temporary Prefect server (a child process on loopback) is stopped when
  the next run starts;
- a nightly that finds the warehouse busy past its retries prints one line and still writes
  its summary.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from analytics import warehouse as wh
from tests.analytics.ingest.helpers_ingest import good_row, write_csv
from tests.flows.beijing_exports import write_days
from tests.reliability.test_fault_locks import held
from tests.reliability.warehouse_state import PYTHON, REPO, child_env

#: How Prefect starts its temporary server (see flows/runtime.py).
SERVER_APP = "prefect.server.api.server:create_app"
INGEST_DRIVER = str(Path(__file__).with_name("ingest_driver.py"))
NIGHTLY_DRIVER = str(Path(__file__).with_name("nightly_driver.py"))
CLI_DRIVER = str(Path(__file__).with_name("cli_driver.py"))
#: Ingests one file and stops for good once it is reading (its copy made): a kill lands there.
STOPS_WHILE_READING = """
import sys, time
from pathlib import Path
from analytics import warehouse as wh
from analytics.ingest.load import ingest_files

def stage(path, name):
    if name == "reading":
        print("reading", flush=True)
        time.sleep(600)

with wh.connect(sys.argv[1]) as con:
    ingest_files(con, [Path(sys.argv[2])], stage=stage)
"""


def test_a_killed_ingest_leaves_its_copy_beside_the_warehouse_and_the_next_start_removes_it(
    tmp_path: Path,
) -> None:
    data, system_tmp = tmp_path / "data", tmp_path / "system-tmp"
    system_tmp.mkdir()
    env = child_env(data, TMPDIR=str(system_tmp))
    db = data / "warehouse.duckdb"
    gbk = write_csv(tmp_path / "gbk.csv", [good_row(i, 来电号码="13900001111") for i in range(5)], "gb18030")
    child = subprocess.Popen(
        [PYTHON, "-c", STOPS_WHILE_READING, str(db), str(gbk)],
        env=env,
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        line = child.stdout.readline().strip()
        assert line == "reading", line + (child.stderr.read() if child.stderr else "")
        [copy] = (data / "tmp").glob(f"weisu-{child.pid}-*/utf8.csv")
        assert "13900001111" in copy.read_text(encoding="utf-8")  # why it must not linger
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert copy.exists(), "the kill left the copy (no cleanup ran)"
    assert list(system_tmp.iterdir()) == []
    good = write_csv(tmp_path / "good.csv", [good_row(99)])
    done = subprocess.run(
        [PYTHON, INGEST_DRIVER, str(db), str(good)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert not copy.parent.exists()
    assert list((data / "tmp").iterdir()) == []


def _server_of(pid: int, timeout: float) -> psutil.Process:
    """The temporary Prefect server started by process ``pid`` (waits for it, bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(psutil.Error):
            for child in psutil.Process(pid).children(recursive=True):
                with contextlib.suppress(psutil.Error):
                    if SERVER_APP in child.cmdline():
                        return child
        time.sleep(0.2)
    raise AssertionError(f"no Prefect server under pid {pid} after {timeout} s")


def _listening(server: psutil.Process, timeout: float) -> list[str]:
    """The addresses ``server`` listens on, once it listens (waits for it, bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = [c.laddr.ip for c in server.net_connections("inet") if c.status == psutil.CONN_LISTEN]
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"the Prefect server {server.pid} did not listen within {timeout} s")


def _servers_of_home(home: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter():
        with contextlib.suppress(psutil.Error):
            if SERVER_APP in process.cmdline() and process.environ().get("PREFECT_HOME") == str(home):
                found.append(process)
    return found


@contextlib.contextmanager
def _reaped(processes: list[psutil.Process]) -> Iterator[None]:
    """Kill, at the end, whichever of ``processes`` (started by this test) still runs."""
    try:
        yield
    finally:
        for process in processes:
            with contextlib.suppress(psutil.Error):
                process.kill()
        psutil.wait_procs(processes, timeout=10)


@pytest.mark.slow
def test_a_killed_nightly_leaves_no_prefect_server_after_the_next_start(tmp_path: Path) -> None:
    data = tmp_path / "data"
    write_days(data / "inbox", dt.date(2026, 11, 1), days=2, rows_per_day=5)
    env = child_env(data)
    child = subprocess.Popen(
        [PYTHON, NIGHTLY_DRIVER, "2026-11-03"],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    found: list[psutil.Process] = []
    with _reaped(found):
        try:
            found.append(_server_of(child.pid, timeout=180))
            listening = _listening(found[0], timeout=180)
            assert set(listening) == {"127.0.0.1"}, listening  # loopback only
        finally:
            child.send_signal(signal.SIGKILL)
            child.wait(timeout=60)
        time.sleep(1)
        assert found[0].is_running(), "the server outlives its killed run (what the next start must fix)"
        rerun = subprocess.run(
            [PYTHON, NIGHTLY_DRIVER, "2026-11-03"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert rerun.returncode == 0, rerun.stdout + rerun.stderr[-3000:]
        psutil.wait_procs(found, timeout=10)
        assert not found[0].is_running()
        assert _servers_of_home(data / "prefect") == []  # and the rerun stopped its own at exit


@pytest.mark.slow
def test_a_busy_warehouse_ends_the_night_in_one_line_with_a_summary(tmp_path: Path) -> None:
    """Before: 158 lines of tracebacks from Prefect and no summary."""
    data = tmp_path / "data"
    write_days(data / "inbox", dt.date(2026, 11, 1), days=1, rows_per_day=5)
    env = child_env(data)
    db = data / "warehouse.duckdb"
    with wh.connect(db):
        pass
    with held(db, "ro", env):
        done = subprocess.run(
            [PYTHON, CLI_DRIVER, "nightly", "--as-of", "2026-11-02", "--forecast-level", "none"],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode == 1
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert lines[0].startswith(f"error: nightly failed: warehouse busy: {db}")
    summary = (data / "reports" / "nightly-2026-11-02.md").read_text(encoding="utf-8")
    assert "**Failed:** warehouse busy:" in summary
