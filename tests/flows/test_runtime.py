"""Embedded Prefect: its home lands in a folder the user owns, even with an unwritable HOME."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from flows import runtime

REPO = Path(__file__).resolve().parents[2]


def test_prefect_home_defaults_under_the_data_dir(tmp_path: Path):
    # PREFECT_HOME wins; else $WEISU_DATA_DIR/prefect; else ./data/prefect.
    assert runtime.prefect_home({"PREFECT_HOME": "/srv/p"}) == Path("/srv/p")
    assert runtime.prefect_home({"WEISU_DATA_DIR": str(tmp_path)}) == tmp_path / "prefect"
    assert runtime.prefect_home({}) == (Path("data") / "prefect").resolve()


def test_configure_sets_quiet_defaults_without_overriding(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    monkeypatch.setenv("WEISU_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PREFECT_LOGGING_LEVEL", "DEBUG")
    monkeypatch.delenv("PREFECT_SERVER_ANALYTICS_ENABLED", raising=False)
    home = runtime.configure()
    assert home == tmp_path / "prefect" and home.is_dir()
    assert os.environ["PREFECT_HOME"] == str(home)
    assert os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert os.environ["PREFECT_LOGGING_LEVEL"] == "DEBUG"  # the user's choice stays


@pytest.mark.slow
def test_a_flow_runs_with_an_unwritable_home(tmp_path: Path):
    env = {k: val for k, val in os.environ.items() if not k.startswith("PREFECT_")}
    # /dev/null is not a folder: nothing can be created under ~ (even as root).
    env.update(HOME="/dev/null", WEISU_DATA_DIR=str(tmp_path))
    code = "import flows\nfrom prefect import flow\n@flow\ndef hello():\n    return 41 + 1\nprint(hello())\n"
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("42")
    assert (tmp_path / "prefect" / "prefect.db").exists()
