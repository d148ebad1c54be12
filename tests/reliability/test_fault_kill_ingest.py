"""Fault 1a: ``kill -9`` during an ingest leaves a consistent warehouse, and a rerun reaches
the same final state as an uninterrupted run.

A child process ingests a six-file inbox and announces each stage of each file; the test kills
it (SIGKILL, no cleanup) right after a seeded, randomly chosen announcement plus a seeded random
delay, so kills land in reading, normalising, classifying, writing (inside the open transaction)
and between files. One more case kills the real ``weisu ingest`` CLI after a random delay.
"""

from __future__ import annotations

import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.reliability.warehouse_state import (
    PYTHON,
    REPO,
    WEISU,
    child_env,
    final_state,
    invariant_violations,
)

DRIVER = str(Path(__file__).with_name("ingest_driver.py"))


def _kill_after_announcement(
    cmd: list[str], env: dict[str, str], rng: random.Random, events: int
) -> list[str]:
    """Run ``cmd``; SIGKILL it after its n-th stdout line (n seeded) and a short random delay."""
    target = rng.randrange(1, events)
    child = subprocess.Popen(
        cmd, env=env, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    seen: list[str] = []
    assert child.stdout is not None
    for line in child.stdout:
        seen.append(line.strip())
        if len(seen) == target:
            time.sleep(rng.uniform(0.0, 0.4))  # lands anywhere inside the announced stage
            child.send_signal(signal.SIGKILL)
            break
    child.wait(timeout=120)
    return seen


def _rerun(files: list[Path], db: Path, env: dict[str, str]) -> None:
    done = subprocess.run(
        [PYTHON, DRIVER, str(db), *map(str, files)],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("finished")


# Seeds chosen so the kills land between files (1), in classifying (3), reading (6), writing (10).
@pytest.mark.parametrize("seed", [1, 3, 6, 10])
def test_kill_during_ingest_then_rerun_matches_clean_run(
    seed: int, inbox_copy: Path, clean_state: dict[str, object]
) -> None:
    db = inbox_copy.parent / "warehouse.duckdb"
    env = child_env(inbox_copy.parent)
    files = sorted(inbox_copy.iterdir())
    seen = _kill_after_announcement(
        [PYTHON, DRIVER, str(db), *map(str, files)], env, random.Random(seed), events=len(files) * 5
    )
    assert "finished" not in seen, "the child finished before the kill; pick a smaller target"
    if db.exists():
        assert invariant_violations(db) == [], f"after kill at {seen[-1]!r}"
    _rerun(files, db, env)
    assert invariant_violations(db) == []
    assert final_state(db) == clean_state


@pytest.mark.slow
@pytest.mark.parametrize("seed", [10, 11])
def test_kill_weisu_ingest_cli_after_random_delay(
    seed: int, inbox_copy: Path, clean_state: dict[str, object]
) -> None:
    db = inbox_copy.parent / "warehouse.duckdb"
    env = child_env(inbox_copy.parent)
    child = subprocess.Popen(
        [WEISU, "ingest", str(inbox_copy), "--db", str(db)],
        env=env,
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        child.wait(timeout=random.Random(seed).uniform(1.5, 5.0))
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    if db.exists():
        assert invariant_violations(db) == []
    _rerun(sorted(inbox_copy.iterdir()), db, env)
    assert final_state(db) == clean_state
