"""What every command group shares: options, date and month parsing, one-line errors, and
printing that never interprets data as markup."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from analytics import vocabulary as v

console = Console(emoji=False, highlight=False)
#: Wider than any table: measured against it, a table gets its natural width.
_WIDEST = 100_000
err_console = Console(stderr=True, emoji=False, highlight=False)

DbOption = Annotated[
    Path | None, typer.Option("--db", help="Warehouse file (default $WEISU_DB or data/warehouse.duckdb).")
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="The night's date, YYYY-MM-DD (default: yesterday's data).")
]
MonthOption = Annotated[str | None, typer.Option("--month", help="Month YYYY-MM.")]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one line to stderr and exit; the user never sees a traceback."""
    err_console.print(f"[bold red]error:[/] {escape(str(message))}", soft_wrap=True)
    raise typer.Exit(code)


def say(text: object) -> None:
    """Print data (file names, labels, reasons) literally: no markup, no emoji codes."""
    console.print(escape(str(text)), soft_wrap=True)


def cell(value: object) -> Text:
    """A table cell that shows ``value`` as it is: never markup, never an emoji code."""
    return Text("" if value is None else str(value))


def show(table: Table) -> None:
    """Print a table at its natural width, wider than the terminal if need be: a cell is data,
    never cut to "…" nor folded, so each row stays one line (``weisu status | grep`` works) and
    a terminal wraps the long lines instead."""
    natural = Measurement.get(console, console.options.update_width(_WIDEST), table).maximum
    if natural <= console.width:
        console.print(table)
        return
    wide = Console(
        file=console.file,
        width=natural,
        emoji=False,
        highlight=False,
        color_system=console.color_system,  # type: ignore[arg-type]
        force_terminal=console.is_terminal,
    )
    wide.print(table, crop=False)


def parse_day(value: str | None, option: str = "--as-of") -> dt.date | None:
    """``YYYY-MM-DD`` or None; a bad value ends the command with one line."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date YYYY-MM-DD, got {value!r}", 2)


def parse_month(value: str | None, option: str = "--month") -> v.Month | None:
    """``YYYY-MM`` as the month's first day, or None; a bad value ends the command."""
    if value is None:
        return None
    try:
        return v.parse_month(value)
    except ValueError:
        fail(f"{option} must be a month YYYY-MM, got {value!r}", 2)
