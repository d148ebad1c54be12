"""The four commands over a warehouse holding the session's demo records; errors are one line."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from analytics import warehouse as wh
from flows.cli.performance import register

COLUMNS = (
    "source",
    "record_id",
    "received_at",
    "district",
    "street",
    "category_l1",
    "category_l2",
    "category_l3",
    "content",
    "handling_unit",
    "dispatched_at",
    "responded_at",
    "closed_at",
    "resolved",
    "satisfied",
    "status",
    "caller_hash",
)


@pytest.fixture(scope="module")
def db(demo, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("perf") / "warehouse.duckdb"
    rows = demo.select(*COLUMNS).with_columns(
        pl.lit(0, dtype=pl.UInt64).alias("row_hash"),
        pl.lit(1).alias("first_batch_id"),
        pl.lit(1).alias("batch_id"),
    )
    with wh.connect(path) as con:
        con.register("demo_rows", rows.to_arrow())
        con.execute("INSERT INTO complaints BY NAME SELECT * FROM demo_rows")
    return path


@pytest.fixture(scope="module")
def run():
    app = typer.Typer()
    register(app)
    runner = CliRunner()
    return lambda *args: runner.invoke(app, [str(a) for a in args])


def test_rates_rank_risk(db, run, tmp_path):
    out = tmp_path / "rates.csv"
    result = run("rates", "--level", "street", "--month", "2024-06", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    rates = pl.read_csv(out)
    assert rates["period"].unique().to_list() == ["2024-06-01"] and rates.height > 300
    weekly = run("rates", "--period", "week", "--month", "2024-06", "--db", db)
    assert weekly.exit_code == 0, weekly.output
    result = run("rank", "--level", "district", "--month", "2024-06", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    assert pl.read_csv(out)["rank"].min() == 1
    result = run("risk", "--top", "5", "--db", db, "--out", out)
    assert result.exit_code == 0 and "street risk to 2024-12" in result.output, result.output
    risk = pl.read_csv(out)
    assert risk["risk_rank"].head(3).to_list() == [1, 2, 3] and risk["problem_issue"].null_count() < 10


def test_impact_spec(db, run):
    result = run("impact", "name=违法停车;category=*/停车管理/违法停车;start=2024-04", "--db", db)
    assert result.exit_code == 0, result.output
    assert "significant decline" in result.output


@pytest.mark.parametrize(
    "args",
    [
        ("rates", "--month", "2024-13"),
        ("impact", "start=2019-01;category=住房"),
        ("impact", "7", "--start", "2024-04"),  # theme id without complaint_themes rows
        ("impact", "7"),  # theme id without a start
    ],
)
def test_errors_are_one_line(db, run, args):
    result = run(*args, "--db", db)
    assert result.exit_code in (1, 2)
    assert result.output.strip().count("\n") == 0 and result.output.startswith("error:"), result.output


@pytest.mark.parametrize(
    "args",
    [
        ("rates", "--level", "city"),  # the vocabulary's levels, but the city is not assessed
        ("rank", "--level", "city"),
        ("rates", "--period", "day"),  # nor is a day a rate period
        ("impact", "7", "--start", "April"),
    ],
)
def test_values_outside_the_assessed_levels_and_periods_are_refused(db, run, args):
    result = run(*args, "--db", db)
    assert result.exit_code == 2, result.output


def test_missing_warehouse_is_one_line(run, tmp_path):
    result = run("risk", "--db", tmp_path / "none.duckdb")
    assert result.exit_code == 1 and "no warehouse" in result.output


def test_chosen_topic_by_theme_id(db, run, tmp_path):
    themed = tmp_path / "themed.duckdb"
    shutil.copy(db, themed)  # the module's warehouse stays without themes
    with wh.connect(themed) as con:
        con.execute("""INSERT INTO complaint_themes
                       SELECT source, record_id, 'T1', 1.0, DATE '2024-01-01' FROM complaints
                       WHERE category_l3 = '违法停车'""")
        for month in ("2024-04-01", "2024-09-01"):  # chosen twice: the first month is the start
            con.execute(
                "INSERT INTO chosen_topics VALUES (?, 'T1', '违法停车治理', '交通管理', NULL, ?)",
                [month, f"{month} 10:00"],
            )
    result = run("impact", "T1", "--db", themed)
    assert result.exit_code == 0, result.output
    assert "违法停车治理: 2024-04..2024-12" in result.output and "significant decline" in result.output
    result = run("risk", "--top", "3", "--db", themed)
    assert result.exit_code == 0, result.output


def test_weekly_rates_cover_whole_weeks(db, run, demo, tmp_path):
    out = tmp_path / "weeks.csv"
    result = run("rates", "--period", "week", "--month", "2024-07", "--db", db, "--out", out)
    assert result.exit_code == 0, result.output
    weeks = pl.read_csv(out).with_columns(pl.col("period").cast(pl.String))
    # weeks starting in July 2024 (Mondays 1 … 29); the last one runs to 4 August and is whole
    assert sorted(weeks["period"].unique().to_list()) == [
        "2024-07-01",
        "2024-07-08",
        "2024-07-15",
        "2024-07-22",
        "2024-07-29",
    ]
    days = pl.col("received_at").dt.date().is_between(dt.date(2024, 7, 29), dt.date(2024, 8, 4))
    last = weeks.filter(pl.col("period") == "2024-07-29")["complaints"].sum()
    assert last == demo.filter(days).height


@pytest.mark.parametrize("command", ["rates", "rank", "risk"])
def test_month_without_complaints_is_one_line(db, run, command):
    result = run(command, "--month", "2019-01", "--db", db)
    assert result.exit_code == 1 and result.output.startswith("error: no complaints received in 2019-01")
