"""A theme refresh killed after any one of its statements leaves the previous state, and its
rerun reaches the state of the refresh that was never interrupted.

The warehouse: two months of demo data refreshed once, then two more ingest batches. The
refresh under test is that second night with the small parameters of ``refresh_driver.py``:
the classifier is retrained (insert, trim), each batch is a step of its own (derived
categories, then complaint themes and pool: delete, insert, delete, insert), new themes claim
the pool in pages of 1,500 (four statements a page), then the themes, the pool's trim, hotspots,
bursts and the run that moves the watermark. The refresh is counted first (27 statements when
written); a child process is then killed (``WEISU_FAULT_AFTER_STATEMENTS``) after each one of
them, every one, and after each kill (a) every table the step writes equals the state before,
wall-clock columns included, and (b) a rerun without the fault gives the uninterrupted
refresh's tables, wall-clock columns (run and training times, durations) aside.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics import warehouse as wh
from analytics.themes.refresh import refresh_themes
from tests.analytics.themes.conftest import differing, generate, load, refresh, theme_tables
from tests.analytics.themes.refresh_driver import CRASH_PARAMS

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[3]
DRIVER = Path(__file__).with_name("refresh_driver.py")
FIRST, SECOND = date(2024, 2, 29), date(2024, 3, 31)
KILLED = 137


def _before(folder: Path) -> Path:
    """A warehouse refreshed as of ``FIRST`` with two batches loaded since."""
    records, _ = generate(date(2024, 1, 1), SECOND, 0.001, 3)
    db = folder / "warehouse.duckdb"
    march, mid = pl.datetime(2024, 3, 1), pl.datetime(2024, 3, 16)
    load(records.filter(pl.col("received_at") < march), folder, db, "history")
    refresh(db, FIRST, CRASH_PARAMS)
    load(records.filter(pl.col("received_at").is_between(march, mid, closed="left")), folder, db, "early")
    load(records.filter(pl.col("received_at") >= mid), folder, db, "late")
    return db


def _copy(db: Path, folder: Path) -> Path:
    folder.mkdir()
    return Path(shutil.copy(db, folder / db.name))


def _counted_refresh(db: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Refresh ``db`` as of ``SECOND``; the SQL file behind each statement it ran, in order."""
    ran: list[str] = []
    execute: Callable = wh.execute

    def counting(con, name, params=None):  # type: ignore[no-untyped-def]
        ran.extend([name] * len(con.extract_statements(wh.sql_text(name))))
        return execute(con, name, params)

    with monkeypatch.context() as patch:
        patch.setattr(wh, "execute", counting)
        refresh(db, SECOND, CRASH_PARAMS)
    return ran


def _killed_after(statement: int, db: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WEISU_")}
    env.update(
        PYTHONPATH=str(REPO),
        WEISU_DATA_DIR=str(db.parent),
        WEISU_FAULT_AFTER_STATEMENTS=str(statement),
    )
    return subprocess.run(
        [sys.executable, str(DRIVER), str(db), SECOND.isoformat()],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_a_refresh_killed_after_any_statement_leaves_the_previous_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _before(tmp_path)
    previous = theme_tables(before)
    reference = _copy(before, tmp_path / "uninterrupted")
    statements = _counted_refresh(reference, monkeypatch)
    final = theme_tables(reference, wall_clock=False)
    kinds = set(statements)
    assert {"themes/complaint_themes_insert", "themes/themes_insert", "themes/theme_runs_insert"} <= kinds
    assert statements.count("themes/derived_categories_insert") == 2  # two batch steps
    assert statements.count("themes/complaint_themes_insert") >= (2 + 2) * 4  # and two pool pages or more
    assert set(differing(final, theme_tables(before, wall_clock=False))) == {
        "themes",
        "complaint_themes",
        "theme_pool",
        "theme_hotspots",
        "theme_bursts",
        "theme_runs",
        "classifier_models",
        "complaint_categories",
    }  # the refresh writes every table it may write (not the topics chosen by hand)

    copies = [_copy(before, tmp_path / f"killed_{n}") for n in range(1, len(statements) + 1)]
    # Children are killed two at a time while this process checks and reruns the ones done.
    with ThreadPoolExecutor(max_workers=2) as pool:
        children = pool.map(_killed_after, range(1, len(statements) + 1), copies)
        for n, (child, db) in enumerate(zip(children, copies, strict=True), start=1):
            after = statements[n - 1]
            assert child.returncode == KILLED, (n, after, child.stderr[-2000:])
            assert not differing(theme_tables(db), previous), f"killed after statement {n} ({after})"
            with wh.connect(db) as con:
                refresh_themes(con, SECOND, CRASH_PARAMS)
            rerun = theme_tables(db, wall_clock=False)
            assert not differing(rerun, final), f"rerun after a kill after statement {n} ({after})"
