"""The ``weisu`` commands print data literally: names that look like rich markup or emoji codes
show as themselves, in tables, notes and one-line errors alike."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from typer.testing import CliRunner

from flows.cli import app
from tests.flows.beijing_exports import export_rows, write_export

#: A folder whose path ends in ``[/]`` (a closing markup tag), a file named like an opening tag
#: and one named like an emoji code.
MARKUP = "[bold]loud.csv"
EMOJI = ":x:.csv"
WIDE = {"COLUMNS": "250"}


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "[" / "]"
    folder.mkdir(parents=True)
    return folder


def test_ingest_and_status_print_file_names_and_reasons_as_they_are(tmp_path: Path, db: Path) -> None:
    folder = _folder(tmp_path)
    write_export(folder / MARKUP, export_rows(dt.date(2026, 11, 1), 3))
    (folder / EMOJI).write_bytes(b"")  # an empty file fails, naming itself
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(folder), "--db", str(db)], env=WIDE)
    assert done.exit_code == 1, done.output
    assert MARKUP in done.output  # interpreted, it would read "loud.csv" in bold
    assert f"error: {EMOJI}: empty file (0 bytes)" in done.output
    assert "❌" not in done.output and "Traceback" not in done.output
    status = runner.invoke(app, ["status", "--db", str(db)], env=WIDE)
    assert status.exit_code == 0, status.output
    assert MARKUP in status.output and EMOJI in status.output, status.output


def test_a_failed_night_prints_a_path_with_markup_literally(tmp_path: Path, data_dir: Path) -> None:
    inbox = _folder(tmp_path)
    done = CliRunner().invoke(
        app, ["nightly", "--as-of", "2026-11-04", "--inbox", str(inbox), "--forecast-level", "none"], env=WIDE
    )
    assert done.exit_code == 1
    [line] = done.output.strip().splitlines()
    assert line.startswith(f"error: nightly failed: inbox {inbox} empty for 1 night(s) in a row")


def test_tables_print_every_cell_whole_and_as_it_is(tmp_path: Path, db: Path) -> None:
    """Issue 15, item 6: names and reasons print literally in the ingest and status tables and
    the notes — markup (a header ``[/]``), emoji codes and lengths wider than the terminal
    alike; a cell is never cut to "…"."""
    folder = tmp_path / "drop"
    long_name = "[bold]" + "很长的文件名" * 12 + ":x:.csv"  # ~160 columns wide
    write_export(folder / long_name, export_rows(dt.date(2026, 11, 1), 3))
    (folder / "header.csv").write_text("[/],:x:,备注\n1,2,3\n", encoding="utf-8")
    runner = CliRunner()
    done = runner.invoke(app, ["ingest", str(folder), "--db", str(db)])
    assert done.exit_code == 1, done.output
    assert "columns seen: [/], :x:, 备注" in done.output
    assert "❌" not in done.output and "Traceback" not in done.output and "…" not in done.output
    [row] = [line for line in done.output.splitlines() if long_name in line and "│" in line]
    assert "beijing12345" in row and "ok" in row  # the whole row on one line
    status = runner.invoke(app, ["status", "--db", str(db)])
    assert status.exit_code == 0, status.output
    assert long_name in status.output and "header.csv" in status.output and "…" not in status.output
