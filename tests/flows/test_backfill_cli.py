"""The backfill flow, the CLI commands and the schedule, under prefect_test_harness."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from typer.testing import CliRunner

from analytics import marts
from analytics import warehouse as wh
from flows.backfill import backfill
from flows.cli.nightly import register
from flows.schedule import nightly_deployment
from tests.flows.beijing_exports import write_days

NOV1 = dt.date(2026, 11, 1)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def _mart(db: Path) -> list[tuple]:
    with wh.read_only(db) as con:
        return con.execute("SELECT * FROM daily_counts ORDER BY ALL").fetchall()


def test_cli_nightly_then_backfill_restores_a_damaged_mart(data_dir: Path):
    db = data_dir / "warehouse.duckdb"
    write_days(data_dir / "inbox", NOV1, days=3, rows_per_day=8)
    result = CliRunner().invoke(_app(), ["nightly", "--as-of", "2026-11-04"])
    assert result.exit_code == 0, result.output
    assert "3 files, 24 new rows" in result.output
    good = _mart(db)
    with wh.connect(db) as con:
        con.execute("DELETE FROM daily_counts WHERE day = DATE '2026-11-02'")
    state = backfill(start=NOV1, end=dt.date(2026, 11, 3), return_state=True)
    assert state.is_completed(), state.message
    assert _mart(db) == good
    result = CliRunner().invoke(_app(), ["backfill", "--start", "2026-11-01", "--end", "2026-11-02"])
    assert result.exit_code == 0, result.output
    assert "2026-11-01 … 2026-11-02 (2 days)" in result.output
    assert _mart(db) == good


def test_cli_failed_night_prints_one_line_and_exits_1(data_dir: Path):
    result = CliRunner().invoke(_app(), ["nightly", "--as-of", "2026-11-04"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: nightly failed: inbox ")


def test_cli_bad_arguments_exit_2_in_one_line(data_dir: Path):
    runner = CliRunner()
    result = runner.invoke(_app(), ["nightly", "--as-of", "yesterday"])
    assert result.exit_code == 2
    assert result.output.strip() == "error: --as-of must be a date YYYY-MM-DD, got 'yesterday'"
    result = runner.invoke(_app(), ["backfill", "--start", "2026-11-05", "--end", "2026-11-01"])
    assert result.exit_code == 2 and "before --start" in result.output


def test_backfill_of_an_empty_range_clears_it(data_dir: Path):
    db = data_dir / "warehouse.duckdb"
    with wh.connect(db) as con:
        assert marts.refresh_daily_counts(con).days == ()
    state = backfill(start=NOV1, end=NOV1, return_state=True)
    assert state.is_completed(), state.message
    assert state.result().days == (NOV1,)
    assert _mart(db) == []


def test_nightly_deployment_runs_at_two_in_beijing():
    deployment = nightly_deployment()
    (schedule,) = deployment.schedules
    assert schedule.schedule.cron == "0 2 * * *"
    assert schedule.schedule.timezone == "Asia/Shanghai"
    assert deployment.name == "weisu-nightly"
