"""Shared fixtures: where the real public samples live, and a warehouse path per test."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("WEISU_SHARED", REPO.parent / "shared"))
REAL = SHARED / "data" / "real"


@pytest.fixture
def real_data() -> Path:
    if not REAL.is_dir():
        pytest.fail(f"real samples not found at {REAL}; set WEISU_SHARED")
    return REAL


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh warehouse file (and its hashing key) inside the test's temp folder."""
    return tmp_path / "warehouse.duckdb"
