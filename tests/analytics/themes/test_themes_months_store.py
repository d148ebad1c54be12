"""Candidate months (complete by default, partial labelled, future refused), the stored nightly
ranking against the CLI's, sources without rates, and ``weisu bursts``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import duckdb
import polars as pl
import typer
from typer.testing import CliRunner

from analytics import vocabulary as v
from analytics import warehouse as wh
from analytics.themes import store, topics
from analytics.themes.candidates import CandidateWeights, ComponentWeights
from flows.cli.themes import register

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False)
    app.command("noop")(lambda: None)
    register(app)
    return app


def _newest(db: Path) -> date:
    with wh.read_only(db) as con:
        day = store.latest_complaint_day(con)
    assert day is not None
    return day


def test_default_month_is_the_last_complete_one(warehouse_copy: Path) -> None:
    newest = _newest(warehouse_copy)
    result = runner.invoke(_app(), ["topics", "--db", str(warehouse_copy), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and not any(r["partial"] for r in rows)
    with wh.read_only(warehouse_copy) as con:
        expected = topics.month_topics(con, v.last_complete_month(newest))
    assert [r["theme_id"] for r in rows] == expected["theme_id"].to_list()


def test_a_running_month_is_labelled_partial_and_a_future_one_refused(warehouse_copy: Path) -> None:
    newest, db = _newest(warehouse_copy), str(warehouse_copy)
    running = v.month_of(newest)
    if running == v.last_complete_month(newest):  # the data end on a month's last day
        running = v.add_months(running, 1)
    else:
        table = runner.invoke(_app(), ["topics", "--db", db, "--month", f"{running:%Y-%m}"])
        assert table.exit_code == 0 and "PARTIAL MONTH" in table.output, table.output
    future = v.add_months(v.month_of(newest), 1)
    refused = runner.invoke(_app(), ["topics", "--db", db, "--month", f"{future:%Y-%m}"])
    assert refused.exit_code == 1
    message = f"no complaints after {newest:%Y-%m-%d}: {future:%Y-%m} is in the future"
    assert message in refused.output and len(refused.output.strip().splitlines()) == 1


def test_stored_candidates_equal_the_cli_ranking(warehouse_copy: Path) -> None:
    newest = _newest(warehouse_copy)
    weights = CandidateWeights(weights=ComponentWeights(volume=0.4, difficulty=0.05))
    with wh.connect(warehouse_copy) as con:
        stored_n = topics.store_month_topics(con, newest, weights)
        month = v.last_complete_month(newest)
        stored = topics.stored_topics(con, month, top=stored_n)
        live = topics.month_topics(con, month, top=stored_n, tuning=weights)
    assert stored_n > 10 and stored.height == stored_n
    assert stored["theme_id"].to_list() == live["theme_id"].to_list()
    assert stored["score"].to_list() == live["score"].to_list()
    assert stored["c_volume"].to_list() == live["c_volume"].to_list()
    assert json.loads(stored["weights"][0])["weights"]["volume"] == 0.4
    assert not stored["partial"].any()
    with wh.connect(warehouse_copy) as con:  # a rerun of the night replaces, never duplicates
        assert topics.store_month_topics(con, newest, weights) == stored_n
        assert topics.stored_topics(con, month, top=1000).height == stored_n


def test_a_source_without_rates_ranks_with_renormalised_weights(warehouse_copy: Path) -> None:
    with duckdb.connect(str(warehouse_copy)) as con:  # a US 311 feed: no resolved / satisfied / close
        con.execute("UPDATE complaints SET resolved = NULL, satisfied = NULL, closed_at = NULL")
    result = runner.invoke(_app(), ["topics", "--db", str(warehouse_copy), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)  # strict JSON: a bare NaN would not parse
    assert rows and all(isinstance(r["score"], float) for r in rows)
    assert [r["score"] for r in rows] == sorted((r["score"] for r in rows), reverse=True)
    assert all("volume" in r["components_used"] for r in rows)
    assert all(r["city_resolved_rate"] is None for r in rows)


def test_bursts_command_lists_stored_bursts(warehouse_copy: Path) -> None:
    db = str(warehouse_copy)
    with wh.connect(warehouse_copy) as con:
        burst = pl.DataFrame(
            {
                "key_kind": ["theme"],
                "key": [store.read_themes(con)["theme_id"][0]],
                "grain": ["week"],
                "district": ["D"],
                "area": ["=cmd()"],
                "period": [date(2024, 3, 4)],
                "observed": [9],
                "expected": [0.4],
                "score": [12.5],
            }
        )
        con.execute("DELETE FROM theme_bursts")
        store.write_hotspots(con, store.read_hotspots(con, date.max).head(0), burst, date(2024, 3, 10))
    as_json = runner.invoke(_app(), ["bursts", "--db", db, "--weeks", "4", "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    rows = json.loads(as_json.output)
    assert [(r["street"], r["callers"], r["week"]) for r in rows] == [("=cmd()", 9, "2024-03-04")]
    assert rows[0]["label"] and rows[0]["complaints"] == 0
    as_csv = runner.invoke(_app(), ["bursts", "--db", db, "--format", "csv"])
    assert "'=cmd()" in as_csv.output  # the formula guard
    table = runner.invoke(_app(), ["bursts", "--db", db])
    assert table.exit_code == 0 and "bursts (street, week)" in table.output
    none = runner.invoke(_app(), ["bursts", "--db", db, "--weeks", "1", "--as-of", "2024-01-01"])
    assert none.exit_code == 0 and "no theme bursts" in none.output
