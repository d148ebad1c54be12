"""A run end to end from a temporary warehouse, and the CLI command around it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from analytics import warehouse as wh
from flows.cli.forecasts import register
from forecasts import store
from forecasts.config import Model, SeriesLevel
from forecasts.errors import ForecastError
from forecasts.pipeline import history_window, run_forecasts
from forecasts.reconcile import coherence_gap
from forecasts.series import daily_series


def test_stored_counts_give_the_same_series(loaded_db: Path, small_daily) -> None:
    with wh.read_only(loaded_db) as con:
        daily = daily_series(store.bottom_counts(con))
    assert daily.equals(small_daily)


def test_a_run_forecasts_every_level_coherently(loaded_db: Path) -> None:
    with wh.connect(loaded_db) as con:
        run = run_forecasts(con, horizon=14, model=Model.SNAIVE, backtest=True, workers=1)
    assert run.as_of == dt.date(2024, 7, 1)  # the day after the newest complaint
    forecasts = run.tables.forecasts
    assert forecasts["unique_id"].nunique() == 6 + 2 + 3 + 1
    assert forecasts["ds"].min() == dt.datetime(2024, 7, 1)
    assert coherence_gap(forecasts) == 0.0
    assert set(run.tables.metrics["model"]) == {"snaive"} and not run.tables.problems
    with wh.read_only(loaded_db) as con:
        assert len(store.stored_forecasts(con, run.run_id)) == len(forecasts) == 12 * 14
        assert len(store.stored_metrics(con, run.run_id)) == 12 * 4 * 5


def test_as_of_cuts_the_history_and_a_gap_is_refused(loaded_db: Path) -> None:
    with wh.connect(loaded_db) as con:
        run = run_forecasts(
            con, as_of=dt.date(2024, 3, 1), horizon=7, level=SeriesLevel.CITY, model=Model.SNAIVE, workers=1
        )
        assert run.tables.forecasts["ds"].min() == dt.datetime(2024, 3, 1)
        assert run.tables.forecasts["unique_id"].unique().tolist() == ["city"]
        with pytest.raises(ForecastError, match="history ends 2024-06-30, 9 day"):
            run_forecasts(con, as_of=dt.date(2024, 7, 10), model=Model.SNAIVE)


@pytest.mark.parametrize(
    ("first", "last", "as_of", "message"),
    [
        (None, None, None, "no complaints in the warehouse$"),  # an empty warehouse
        (None, None, dt.date(2024, 1, 1), "no complaints in the warehouse before 2024-01-01"),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 20), None, "only 20 day"),  # too short for a season
    ],
)
def test_history_window_refuses_what_cannot_be_forecast(first, last, as_of, message: str) -> None:
    with pytest.raises(ForecastError, match=message):
        history_window(first, last, as_of)


def test_history_window_keeps_the_last_history_days() -> None:
    window = history_window(dt.date(2020, 1, 1), dt.date(2024, 6, 30), None, history_days=100)
    assert window == (dt.date(2024, 3, 23), dt.date(2024, 6, 30), dt.date(2024, 7, 1))
    assert history_window(dt.date(2020, 1, 1), dt.date(2024, 6, 30), None, None)[0] == dt.date(2020, 1, 1)


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    app.command("noop")(lambda: None)  # a second command keeps `forecast` a named subcommand
    return app


def test_cli_runs_and_prints_a_summary(loaded_db: Path) -> None:
    result = CliRunner().invoke(
        _app(),
        [
            "forecast",
            "--db",
            str(loaded_db),
            "--model",
            "snaive",
            "--level",
            "district",
            "--horizon",
            "7",
            "--backtest",
            "--workers",
            "1",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "3 series (snaive 3)" in result.output and "backtest" in result.output


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--as-of", "July"], 2, "--as-of must be a date YYYY-MM-DD, got 'July'"),
        (["--as-of", "2024-07-10"], 1, "history ends 2024-06-30"),
    ],
)
def test_cli_errors_are_one_line(loaded_db: Path, args: list[str], code: int, message: str) -> None:
    result = CliRunner().invoke(_app(), ["forecast", "--db", str(loaded_db), "--model", "snaive", *args])
    assert result.exit_code == code
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:") and message in lines[0]


def test_cli_without_a_warehouse_fails_in_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(_app(), ["forecast", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no warehouse" in result.output
    assert not (tmp_path / "none.duckdb").exists()  # no empty warehouse left behind
