"""``weisu report``: write one night's HTML reports and print the path of ``index.html``.

``register(app)`` adds the command to the ``weisu`` Typer app. The summary (pages, sizes) goes
to stderr and the index path alone to stdout, so a script can capture it. Errors print one
line and exit non-zero: 2 for a bad option, 1 when the reports cannot be written.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from analytics.errors import WeisuError


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"report failed: {message}", err=True)
    raise typer.Exit(code)


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--as-of: {value!r} is not a date (YYYY-MM-DD)", 2)


def _month(value: str | None) -> str | None:
    from reports.layout import parse_month

    if value is None:
        return None
    try:
        return parse_month(value)
    except ValueError:
        _fail(f"--month: {value!r} is not a month (YYYY-MM)", 2)


def report_command(
    month: Annotated[
        str | None,
        typer.Option("--month", help="每月一题 candidates month, YYYY-MM (default: the month of --as-of)"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Night's run date, YYYY-MM-DD; pages "
            "cover the days before it (default: the day after "
            "the newest day in the daily_counts mart)",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Reports folder (default $WEISU_DATA_DIR/reports)")
    ] = None,
    db: Annotated[
        Path | None, typer.Option("--db", help="Warehouse file (default $WEISU_DB or data/warehouse.duckdb)")
    ] = None,
) -> None:
    """Write the nightly overview, 每月一题 candidates and district pages as offline HTML."""
    night, chosen_month = _as_of(as_of), _month(month)
    try:
        from reports.writer import default_as_of, write_reports

        index = write_reports(db, out, night or default_as_of(db), chosen_month)
    except (WeisuError, OSError) as err:
        _fail(str(err), 1)
    typer.echo(index.summary(), err=True)
    typer.echo(str(index.index))


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""
    app.command("report")(report_command)
