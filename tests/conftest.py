"""Shared fixtures: where the real public samples live, and a warehouse path per test."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
#: Trimmed slices of the real public samples, pinned in the repository (see the SOURCE.md
#: files there; scripts/make_test_slices.py regenerates them from the full samples).
REAL = REPO / "tests" / "data" / "real"


@pytest.fixture
def real_data() -> Path:
    if not REAL.is_dir():
        pytest.fail(f"real samples not found at {REAL}")
    return REAL


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh warehouse file (and its hashing key) inside the test's temp folder."""
    return tmp_path / "warehouse.duckdb"
