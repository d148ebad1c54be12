"""``weisu report``: write one night's HTML reports and print the path of ``index.html``.

``register(app)`` adds the command to the ``weisu`` Typer app. The warehouse is opened read-only
once and handed to the report writer. The summary (pages, sizes) goes to stderr and the index
path alone to stdout, so a script can capture it. Errors print one line and exit non-zero: 2 for
a bad option, 1 when the reports cannot be written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from analytics.errors import WeisuError
from flows.cli.common import DbOption, fail, parse_day, parse_month


def report_command(
    month: Annotated[
        str | None,
        typer.Option("--month", help="每月一题 candidates month, YYYY-MM (default: the month of --as-of)"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Night's run date, YYYY-MM-DD; pages cover the days before it (default: the day "
            "after the newest day in the daily_counts mart)",
        ),
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="Reports folder (default $WEISU_DATA_DIR/reports)")
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the nightly overview, 每月一题 candidates and district pages as offline HTML."""
    night, chosen_month = parse_day(as_of), parse_month(month)
    try:
        from analytics import warehouse as wh
        from analytics.settings import settings
        from reports.writer import default_as_of, write_reports

        folder = out if out is not None else settings(db).reports
        with wh.read_only(db) as con:
            index = write_reports(con, folder, night or default_as_of(con), chosen_month)
    except (WeisuError, OSError) as err:
        fail(f"report failed: {err}", 1)
    typer.echo(index.summary(), err=True)
    typer.echo(str(index.index))


def register(app: typer.Typer) -> None:
    """Add ``report`` to ``app``."""
    app.command("report")(report_command)
