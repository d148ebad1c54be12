"""Fixtures for flow tests: a throwaway Prefect (the test harness) and a fresh data folder.

Helpers that write Beijing 12345 exports live in ``beijing_exports.py``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

# Before anything imports prefect: keep its state out of the user's folders.
os.environ["PREFECT_HOME"] = tempfile.mkdtemp(prefix="weisu-prefect-test-")
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

import pytest


@pytest.fixture(scope="session", autouse=True)
def prefect_harness():
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness():
        yield


@pytest.fixture()
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh WEISU_DATA_DIR with an inbox."""
    monkeypatch.setenv("WEISU_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("WEISU_DB", raising=False)
    monkeypatch.setenv("WEISU_HASH_KEY", "test-key")
    (tmp_path / "inbox").mkdir()
    return tmp_path
