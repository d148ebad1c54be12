"""``weisu forecast``: forecast complaint volume, store it, list early warnings.

``register(app)`` adds the command to the ``weisu`` Typer app; the forecasting stack (pandas,
statsforecast, Prophet) is imported only when the command runs. Errors print one line and exit
non-zero: 2 for a bad option, 1 when the run itself cannot complete.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from analytics.errors import WeisuError
from forecasts.config import Level, Model


def _fail(message: str, code: int) -> NoReturn:
    typer.echo(f"forecast failed: {message}", err=True)
    raise typer.Exit(code)


def _as_of(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        _fail(f"--as-of: {value!r} is not a date (YYYY-MM-DD)", 2)


def _print_run(run, backtest: bool) -> None:
    from rich.console import Console
    from rich.table import Table

    from forecasts.backtest import metric_summary

    console = Console()
    tables = run.tables
    counts = ", ".join(f"{m} {n}" for m, n in sorted(run.model_counts.items()))
    console.print(
        f"forecast {run.run_id}: as of {run.as_of}, {run.horizon} days, level {run.level.value}, "
        f"{len(tables.chosen)} series ({counts}), {len(tables.warnings)} early warning(s), "
        f"{run.seconds:.1f} s",
        soft_wrap=True,
    )
    if tables.problems:
        uid, reason = next(iter(tables.problems.items()))
        console.print(
            f"[yellow]{len(tables.problems)} series had problems[/] (e.g. {uid}: {reason})", soft_wrap=True
        )
    if backtest and not tables.metrics.empty:
        table = Table(title="backtest (mean over series and folds)")
        summary = metric_summary(tables.metrics)
        for column in summary.columns:
            table.add_column(column, justify="left" if column == "model" else "right")
        for row in summary.itertuples(index=False):
            table.add_row(*(f"{v:.3f}" if isinstance(v, float) else str(v) for v in row))
        console.print(table)
    if not tables.warnings.empty:
        table = Table(title="early warnings (largest first)")
        for column in ("series", "days", "basis", "forecast", "baseline", "ratio"):
            table.add_column(column, justify="left" if column in ("series", "basis") else "right")
        for w in tables.warnings.head(10).itertuples(index=False):
            table.add_row(
                w.unique_id,
                str(w.window_days),
                w.basis,
                f"{w.forecast:,.0f}",
                f"{w.baseline:,.0f}",
                f"{w.ratio:.2f}",
            )
        console.print(table)


def forecast_command(
    horizon: Annotated[int, typer.Option(min=1, max=366, help="Days to forecast")] = 30,
    level: Annotated[
        Level, typer.Option(help="Finest level; the levels above it are summed from it")
    ] = Level.DISTRICT_CATEGORY,
    model: Annotated[Model, typer.Option(help="auto = best backtest MASE per series")] = Model.AUTO,
    backtest: Annotated[
        bool, typer.Option("--backtest", help="Rolling-origin backtest (4 × 28 days); always on for auto")
    ] = False,
    db: Annotated[Path | None, typer.Option("--db", help="Warehouse file")] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Issue date: history before it, forecasts from it (default: day after the newest complaint)",
        ),
    ] = None,
    workers: Annotated[int | None, typer.Option(min=1, help="Processes (default: all cores)")] = None,
) -> None:
    """Forecast daily complaint volume by district and category, with early warnings."""
    issue_date = _as_of(as_of)
    from rich.progress import Progress

    from forecasts.pipeline import run_forecasts

    try:
        with Progress(transient=True) as bar:
            task = bar.add_task("forecasting", total=None)
            run = run_forecasts(
                str(db) if db else None,
                as_of=issue_date,
                horizon=horizon,
                level=level,
                model=model,
                backtest=backtest or model is Model.AUTO,
                workers=workers,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except WeisuError as err:
        _fail(str(err), 1)
    _print_run(run, backtest or model is Model.AUTO)


def register(app: typer.Typer) -> None:
    """Add ``forecast`` to ``app``."""
    app.command("forecast")(forecast_command)
