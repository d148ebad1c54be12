"""Fixtures for the reliability tests: a small multi-file demo inbox and its clean ingest."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from demo import write_demo
from tests.reliability.warehouse_state import final_state, ingest


@pytest.fixture(scope="session")
def demo_inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Six demo days (CSV in three encodings and one .xlsx) with 5% planted dirty rows."""
    out = tmp_path_factory.mktemp("demo") / "inbox"
    write_demo(out, start=dt.date(2024, 3, 1), end=dt.date(2024, 3, 6), scale=0.01, seed=1, dirty_rate=0.05)
    (out / "ground_truth.json").unlink()
    return out


@pytest.fixture(scope="session")
def clean_state(demo_inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The final state of an uninterrupted ingest of ``demo_inbox``."""
    db = tmp_path_factory.mktemp("clean") / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WEISU_HASH_KEY", "reliability-key")
        results = ingest(sorted(demo_inbox.iterdir()), db)
    assert all(r.status == "ok" for r in results), [r.message for r in results]
    return final_state(db)


@pytest.fixture()
def inbox_copy(demo_inbox: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "inbox"
    shutil.copytree(demo_inbox, target)
    return target
