"""``weisu report``: prints the index path, defaults the night from the mart, one-line errors."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.testing import CliRunner

from flows.cli.reports import register

runner = CliRunner()


def _app() -> typer.Typer:
    app = typer.Typer()
    register(app)

    @app.command("noop")  # a second command, so Typer keeps ``report`` as a subcommand
    def noop() -> None: ...

    return app


def test_report_prints_the_index_path(demo_db: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        _app(),
        [
            "report",
            "--db",
            str(demo_db),
            "--out",
            str(tmp_path),
            "--as-of",
            "2024-06-01",
            "--month",
            "2024-05",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "index.html")
    assert "20 pages" in result.stderr  # overview, topics, 16 districts, rankings, watch list
    assert (tmp_path / "2024-06-01" / "topics-2024-05.html").exists()


def test_report_defaults_to_the_night_after_the_newest_mart_day(demo_db: Path, tmp_path: Path) -> None:
    result = runner.invoke(_app(), ["report", "--db", str(demo_db), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "2024-06-01" / "overview.html").exists()  # demo data ends 2024-05-31


def test_report_errors_are_one_line(tmp_path: Path) -> None:
    bad_month = runner.invoke(_app(), ["report", "--month", "2024-13", "--as-of", "2024-06-01"])
    assert bad_month.exit_code == 2 and "--month" in bad_month.stderr
    bad_date = runner.invoke(_app(), ["report", "--as-of", "June"])
    assert bad_date.exit_code == 2 and "--as-of" in bad_date.stderr
    missing = runner.invoke(
        _app(),
        ["report", "--db", str(tmp_path / "none.duckdb"), "--as-of", "2024-06-01", "--out", str(tmp_path)],
    )
    assert missing.exit_code == 1
    assert missing.stderr.count("\n") == 1 and "no warehouse" in missing.stderr
