"""The ``weisu`` command line: thin commands over the library, one-line errors, no tracebacks.

Data (file names, profiles, reasons, paths) are printed literally: a file named ``[/]`` or
``:x:`` shows as itself, never as rich markup or an emoji.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from analytics.errors import WeisuError
from flows.cli.common import DbOption, cell, err_console, fail, parse_day, say, show

if TYPE_CHECKING:
    import polars as pl

    from analytics.ingest.load import BatchResult

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Weisu 未诉: proactive-governance analytics for citizen hotlines.",
)

_STATUS_STYLES = {"ok": "green", "unchanged": "cyan", "failed": "bold red"}
_BATCH_COLUMNS = ("file", "profile", "status", "read", "loaded", "updated", "duplicate", "quarantined", "s")


def _batch_table(results: list[BatchResult]) -> Table:
    table = Table(title="ingest", show_lines=False)
    for column in _BATCH_COLUMNS:
        table.add_column(
            column,
            justify="left" if column in ("file", "profile", "status") else "right",
            no_wrap=column == "file",
        )
    for r in results:
        table.add_row(
            cell(r.file.name),
            cell(r.profile),
            Text(r.status, style=_STATUS_STYLES[r.status]),
            f"{r.rows_read:,}",
            f"{r.rows_loaded:,}",
            f"{r.rows_updated:,}",
            f"{r.rows_duplicate:,}",
            f"{r.rows_quarantined:,}",
            f"{r.seconds:.1f}",
        )
    return table


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders expand to the export files inside them (not recursive), as the
    nightly run picks them from its inbox."""
    from flows.inbox import inbox_files

    files: list[Path] = []
    for path in paths:
        files.extend(inbox_files(path) if path.is_dir() else [path])
    return files


def _report_ingest(results: list[BatchResult]) -> None:
    """The table, each file's note, and a non-zero exit naming the first failed file."""
    show(_batch_table(results))
    for r in results:
        if r.message:
            say(f"  {r.message}" if r.status == "failed" else f"  {r.file.name}: {r.message}")
    failed = [r for r in results if r.status == "failed"]
    if failed:
        fail(failed[0].message + (f" (+{len(failed) - 1} more failed)" if len(failed) > 1 else ""))


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to load.")],
    profile: Annotated[str, typer.Option(help="Profile name, YAML file, or 'auto'.")] = "auto",
    db: DbOption = None,
) -> None:
    """Load export files into the warehouse: one batch per file, bad rows quarantined."""
    from rich.progress import Progress

    from analytics import warehouse as wh
    from analytics.ingest.load import ingest_files

    files = _expand(paths)
    if not files:
        fail("no files to ingest")
    try:
        with wh.connect(db) as con, Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("ingesting", total=len(files))
            results = ingest_files(
                con,
                files,
                profile=profile,
                progress=lambda _r: bar.advance(task),
                stage=lambda path, name: bar.update(task, description=escape(f"{path.name}: {name}")),
            )
    except WeisuError as err:
        fail(str(err))
    _report_ingest(results)


@app.command()
def demo(
    out: Annotated[Path, typer.Option(help="Folder for the daily export files.")] = Path("data/inbox"),
    start: Annotated[str, typer.Option(help="First day, YYYY-MM-DD.")] = "2023-01-01",
    end: Annotated[str | None, typer.Option(help="Last day (default yesterday).")] = None,
    scale: Annotated[float, typer.Option(help="1.0 = real Beijing volume (~65k/day).")] = 0.01,
    seed: Annotated[int, typer.Option(help="Seed: same seed, same files.")] = 0,
    dirty_rate: Annotated[float, typer.Option(help="Share of deliberately bad rows.")] = 0.002,
    include_zone: Annotated[bool, typer.Option(help="Add 经开区 as a 17th unit.")] = False,
) -> None:
    """Write realistic Beijing 12345 daily exports with planted ground truth."""
    from rich.progress import Progress

    from demo import write_demo

    first, last = parse_day(start, "--start"), parse_day(end, "--end")
    if first is None:
        fail("--start is required", 2)
    try:
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("generating days", total=None)
            summary = write_demo(
                out,
                start=first,
                end=last,
                scale=scale,
                seed=seed,
                dirty_rate=dirty_rate,
                include_zone=include_zone,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except (ValueError, OSError) as err:
        fail(str(err))
    say(
        f"wrote {len(summary.files):,} files, {summary.records:,} records "
        f"(+{sum(summary.dirty.values()):,} planted dirty rows) to {out} in "
        f"{summary.seconds:.1f} s; ground truth: {summary.ground_truth_path}"
    )


def _frame_table(title: str, frame: pl.DataFrame) -> Table:
    table = Table(title=title)
    for column in frame.columns:
        # Names and paths are never wrapped mid-word: a file name must read (and grep) whole.
        table.add_column(cell(column), no_wrap=column in ("file_name", "file_path", "file", "source"))
    for row in frame.iter_rows():
        table.add_row(*(cell(c) for c in row))
    return table


@app.command()
def status(db: DbOption = None) -> None:
    """Row counts, date range, recent batches and quarantine by reason."""
    from analytics import warehouse as wh
    from analytics.ingest import store

    try:
        with wh.read_only(db) as con:
            counts = wh.table_counts(con)
            overview = store.sources_read(con)
            batches = store.recent_batches_read(con, limit=10)
            reasons = store.quarantine_reasons_read(con)
    except WeisuError as err:
        fail(str(err))
    say(
        f"complaints {counts['complaints']:,} · quarantine {counts['quarantine']:,}"
        f" · batches {counts['ingest_batches']:,}"
    )
    for title, frame in (("sources", overview), ("last batches", batches), ("quarantine by reason", reasons)):
        show(_frame_table(title, frame))


def _register_commands() -> None:
    """Commands that live beside their own packages (flows, forecasts, themes, reports)."""
    from flows.cli import forecasts as forecast_cli
    from flows.cli import nightly as cli_nightly
    from flows.cli import performance as performance_cli
    from flows.cli import reports as report_cli
    from flows.cli import themes as themes_cli

    cli_nightly.register(app)
    forecast_cli.register(app)
    report_cli.register(app)
    performance_cli.register(app)
    themes_cli.register(app)


_register_commands()


def main() -> None:
    try:
        app()
    except WeisuError as err:  # a last guard: still one line, still non-zero
        err_console.print(escape(f"error: {err}"), soft_wrap=True)
        sys.exit(1)


if __name__ == "__main__":
    main()
