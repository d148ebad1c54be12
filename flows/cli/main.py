"""The ``weisu`` command line: thin commands over the library, one-line errors, no tracebacks."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from analytics.errors import WeisuError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Weisu 未诉: proactive-governance analytics for citizen hotlines.",
)
console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    Path | None, typer.Option("--db", help="Warehouse file (default $WEISU_DB or data/warehouse.duckdb).")
]


def fail(message: str, code: int = 1) -> None:
    """Print one line to stderr and exit; the user never sees a traceback."""
    err_console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def _batch_table(results: list) -> Table:
    table = Table(title="ingest", show_lines=False)
    for column in ("file", "profile", "status", "read", "loaded", "updated", "duplicate", "quarantined", "s"):
        table.add_column(column, justify="right" if column not in ("file", "profile", "status") else "left")
    for r in results:
        style = {"ok": "green", "unchanged": "cyan", "failed": "bold red"}[r.status]
        table.add_row(
            r.file.name,
            r.profile,
            f"[{style}]{r.status}[/]",
            f"{r.rows_read:,}",
            f"{r.rows_loaded:,}",
            f"{r.rows_updated:,}",
            f"{r.rows_duplicate:,}",
            f"{r.rows_quarantined:,}",
            f"{r.seconds:.1f}",
        )
    return table


def _expand(paths: list[Path]) -> list[Path]:
    """Files as given; folders expand to the export files inside them (not recursive)."""
    from analytics.ingest.sources import DATA_SUFFIXES

    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(
                sorted(
                    p
                    for p in path.iterdir()
                    if p.is_file()
                    and p.suffix.lower() in DATA_SUFFIXES
                    and not p.name.startswith((".", "ground_truth"))
                )
            )
        else:
            files.append(path)
    return files


@app.command()
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders to load.")],
    profile: Annotated[str, typer.Option(help="Profile name, YAML file, or 'auto'.")] = "auto",
    db: DbOption = None,
) -> None:
    """Load export files into the warehouse: one batch per file, bad rows quarantined."""
    from rich.progress import Progress

    from analytics.ingest.load import ingest_files

    files = _expand(paths)
    if not files:
        fail("no files to ingest")
    try:
        with Progress(console=err_console, transient=True) as bar:
            task = bar.add_task("ingesting", total=len(files))
            results = ingest_files(
                files,
                profile=profile,
                db=db,
                progress=lambda _r: bar.advance(task),
                stage=lambda path, name: bar.update(task, description=f"{path.name}: {name}"),
            )
    except WeisuError as err:
        fail(str(err))
    console.print(_batch_table(results))
    for r in results:
        if r.message:
            console.print(
                f"  {r.message}" if r.status == "failed" else f"  {r.file.name}: {r.message}", highlight=False
            )
    failed = [r for r in results if r.status == "failed"]
    if failed:
        fail(failed[0].message + (f" (+{len(failed) - 1} more failed)" if len(failed) > 1 else ""))


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
    import datetime as dt

    from rich.progress import Progress

    from demo import write_demo

    try:
        first = dt.date.fromisoformat(start)
        last = dt.date.fromisoformat(end) if end else None
    except ValueError as err:
        fail(f"bad date: {err}")
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
    console.print(
        f"wrote {len(summary.files):,} files, {summary.records:,} records "
        f"(+{sum(summary.dirty.values()):,} planted dirty rows) to {out} in "
        f"{summary.seconds:.1f} s; ground truth: {summary.ground_truth_path}"
    )


@app.command()
def status(db: DbOption = None) -> None:
    """Row counts, date range, recent batches and quarantine by reason."""
    from analytics import warehouse as wh

    try:
        with wh.read_only(db) as con:
            counts = wh.table_counts(con)
            overview = wh.frame(con, "ingest/status_overview")
            batches = wh.frame(con, "ingest/recent_batches", {"limit": 10})
            reasons = wh.frame(con, "ingest/quarantine_by_reason")
    except WeisuError as err:
        fail(str(err))
    console.print(
        f"complaints {counts['complaints']:,} · quarantine {counts['quarantine']:,}"
        f" · batches {counts['ingest_batches']:,}"
    )
    for title, df in (("sources", overview), ("last batches", batches), ("quarantine by reason", reasons)):
        table = Table(title=title)
        for column in df.columns:
            table.add_column(column)
        for row in df.iter_rows():
            table.add_row(*("" if c is None else str(c) for c in row))
        console.print(table)


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
        err_console.print(f"error: {err}")
        sys.exit(1)


if __name__ == "__main__":
    main()
