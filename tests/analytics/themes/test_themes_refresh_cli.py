"""The nightly step is incremental and the CLI is thin: one-line errors, non-zero exits."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import polars as pl
import pytest
import typer
from typer.testing import CliRunner

from analytics import warehouse as wh
from analytics.themes import store
from flows.cli.themes import register
from tests.analytics.themes.conftest import PARAMS, TwoNights, generate, load, refresh

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False)
    app.command("noop")(lambda: None)  # a second command keeps sub-commands named
    register(app)
    return app


def test_first_night_bootstraps_second_night_only_adds(two_nights: TwoNights) -> None:
    first, second = two_nights.first, two_nights.second
    assert first.model_trained and first.new_themes > 0 and first.assigned > 0.6 * first.complaints
    assert second.complaints == two_nights.second_night_rows  # the night, not the history
    assert not second.model_trained  # a week-old model is reused
    with wh.read_only(two_nights.db) as con:
        themes = store.read_themes(con)
        assigned = con.sql("SELECT count(*) FROM complaint_themes").fetchall()[0][0]
        pooled = con.sql("SELECT count(*) FROM theme_pool").fetchall()[0][0]
        total = con.sql("SELECT count(*) FROM complaints").fetchall()[0][0]
    before = two_nights.themes_after_first.sort("theme_id")
    kept = themes.filter(pl.col("theme_id").is_in(before["theme_id"].implode())).sort("theme_id")
    assert kept.select("theme_id", "terms", "weights").equals(before.select("theme_id", "terms", "weights"))
    assert assigned + pooled == total  # every complaint is either assigned or waiting


def test_a_night_without_new_batches_changes_nothing(two_nights: TwoNights, warehouse_copy: Path) -> None:
    summary = refresh(warehouse_copy, date.today())
    assert summary.complaints == 0 and summary.classified == 0 and summary.new_themes == 0


def test_topics_formats_and_choose(warehouse_copy: Path) -> None:
    app, db = _app(), str(warehouse_copy)
    table = runner.invoke(app, ["topics", "--db", db, "--month", "2024-02", "--top", "3"])
    assert table.exit_code == 0, table.output
    as_json = runner.invoke(app, ["topics", "--db", db, "--month", "2024-02", "--format", "json"])
    rows = json.loads(as_json.output)
    assert len(rows) == 10 and {"score", "c_difficulty", "top_streets", "samples"} <= set(rows[0])
    as_csv = runner.invoke(app, ["topics", "--db", db, "--month", "2024-02", "--format", "csv"])
    assert as_csv.output.startswith("rank,theme_id,")
    theme = rows[0]["theme_id"]
    chose = runner.invoke(
        app, ["topics", "choose", theme, "--month", "2024-03", "--db", db, "--note", "市政务服务局牵头"]
    )
    assert chose.exit_code == 0, chose.output
    with wh.read_only(warehouse_copy) as con:
        assert store.chosen_topics(con)["theme_id"].to_list() == [theme]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["topics", "--month", "2024-13"], "--month must be a month YYYY-MM"),
        (["topics", "choose", "Tnope", "--month", "2024-03"], "unknown theme"),
        (["hotspots", "--pattern", "hot"], "unknown pattern"),
        (["topics", "--tuning", "/no/such.yaml"], "cannot read tuning file /no/such.yaml: No such file"),
    ],
)
def test_errors_are_one_line_and_non_zero(warehouse_copy: Path, args: list[str], message: str) -> None:
    result = runner.invoke(_app(), [*args, "--db", str(warehouse_copy)])
    assert result.exit_code in (1, 2)  # 2: a malformed option value
    assert message in result.output and len(result.output.strip().splitlines()) == 1


def test_hotspots_and_themes_list(warehouse_copy: Path) -> None:
    app, db = _app(), str(warehouse_copy)
    listed = runner.invoke(app, ["themes", "list", "--db", db, "--format", "csv"])
    assert listed.exit_code == 0 and listed.output.startswith("theme_id,")
    found = runner.invoke(
        app, ["hotspots", "--db", db, "--level", "district", "--format", "json", "--top", "5"]
    )
    assert found.exit_code == 0, found.output
    assert all(r["level"] == "district" and r["pattern"] for r in json.loads(found.output))


def test_missing_warehouse_is_a_one_line_error(tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["topics", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 1 and "no warehouse" in result.output


def test_the_first_nights_pool_read_in_pages_is_assigned_as_in_one(tmp_path: Path) -> None:
    """New themes claim the pool a page at a time (memory bound); the pages change nothing."""
    records, _ = generate(date(2024, 1, 1), date(2024, 1, 31), 0.004, 5)
    outcomes = []
    for chunk in (1_000_000, 97):
        folder = tmp_path / str(chunk)
        folder.mkdir()
        db = folder / "warehouse.duckdb"
        load(records, folder, db, "history")
        summary = refresh(db, date(2024, 1, 31), replace(PARAMS, assign_chunk=chunk))
        with wh.read_only(db) as con:
            rows = con.sql(
                "SELECT source, record_id, theme_id, score FROM complaint_themes ORDER BY ALL"
            ).fetchall()
        outcomes.append((summary.new_themes, summary.assigned, rows))
    assert outcomes[0][0] > 0 and outcomes[0][1] > records.height // 2 > 97
    assert outcomes[0] == outcomes[1]


def test_csv_exports_neutralise_formulas_in_labels_areas_and_samples(warehouse_copy: Path) -> None:
    """Issue #15.5: `topics` and `hotspots` CSV used to skip the guard `rates --out` had."""
    import csv
    import io

    import duckdb

    con = duckdb.connect(str(warehouse_copy))
    con.execute("""UPDATE themes SET label = '=HYPERLINK("http://x","点我")'""")
    con.execute("UPDATE theme_hotspots SET area = '@SUM(1+1)*cmd|'' /C calc''!A0'")
    con.close()
    app, db = _app(), str(warehouse_copy)
    topics = runner.invoke(app, ["topics", "--db", db, "--month", "2024-02", "--format", "csv"])
    hotspots = runner.invoke(app, ["hotspots", "--db", db, "--format", "csv"])
    assert topics.exit_code == 0 and hotspots.exit_code == 0, (topics.output, hotspots.output)
    for output in (topics.output, hotspots.output):
        rows = list(csv.DictReader(io.StringIO(output)))
        assert rows
        cells = [cell for row in rows for cell in row.values() if cell]
        assert not [c for c in cells if c[0] in "=+@\t\r" or (c[0] == "-" and not c[1:2].isdigit())]
    assert "'=HYPERLINK" in topics.output and "'@SUM" in hotspots.output
