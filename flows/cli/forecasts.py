"""``weisu forecast``: forecast complaint volume, store it, list early warnings.

``register(app)`` adds the command to the ``weisu`` Typer app; the forecasting stack (pandas,
statsforecast, Prophet) is imported only when the command runs. The command opens the warehouse
once and passes the connection to :func:`forecasts.pipeline.run_forecasts`. Errors print one
line and exit non-zero: 2 for a bad option, 1 when the run itself cannot complete.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape
from rich.table import Table

from analytics.errors import WeisuError
from flows.cli.common import DbOption, console, fail, parse_day, say
from forecasts.config import Model, SeriesLevel

if TYPE_CHECKING:
    import pandas as pd

    from forecasts.pipeline import ForecastRun


def _summary(run: ForecastRun) -> str:
    tables = run.tables
    counts = ", ".join(f"{m} {n}" for m, n in sorted(run.model_counts.items()))
    return (
        f"forecast {run.run_id}: as of {run.as_of}, {run.horizon} days, level {run.level.value}, "
        f"{len(tables.chosen)} series ({counts}), {len(tables.warnings)} early warning(s), "
        f"{run.seconds:.1f} s"
    )


def _backtest_table(metrics: pd.DataFrame) -> Table:
    from forecasts.backtest import metric_summary

    table = Table(title="backtest (mean over series and folds)")
    summary = metric_summary(metrics)
    for column in summary.columns:
        table.add_column(column, justify="left" if column == "model" else "right")
    for row in summary.itertuples(index=False):
        table.add_row(*(f"{v:.3f}" if isinstance(v, float) else escape(str(v)) for v in row))
    return table


def _warnings_table(warnings: pd.DataFrame) -> Table:
    table = Table(title="early warnings (largest first)")
    for column in ("series", "days", "basis", "forecast", "baseline", "ratio"):
        table.add_column(column, justify="left" if column in ("series", "basis") else "right")
    for w in warnings.head(10).itertuples(index=False):
        table.add_row(
            escape(str(w.unique_id)),
            str(w.window_days),
            escape(str(w.basis)),
            f"{w.forecast:,.0f}",
            f"{w.baseline:,.0f}",
            f"{w.ratio:.2f}",
        )
    return table


def _print_run(run: ForecastRun, backtest: bool) -> None:
    tables = run.tables
    say(_summary(run))
    if tables.problems:
        uid, reason = next(iter(tables.problems.items()))
        say(f"{len(tables.problems)} series had problems (e.g. {uid}: {reason})")
    if backtest and not tables.metrics.empty:
        console.print(_backtest_table(tables.metrics))
    if not tables.warnings.empty:
        console.print(_warnings_table(tables.warnings))


def _require_warehouse(db: DbOption) -> None:
    # wh.connect would create an empty warehouse; forecasting one is a mistake worth one line.
    from analytics.settings import settings

    path = settings(db).db_path
    if not path.exists():
        fail(f"no warehouse at {path}: run `weisu ingest` or `weisu demo` first", 1)


def forecast_command(
    horizon: Annotated[int, typer.Option(min=1, max=366, help="Days to forecast")] = 30,
    level: Annotated[
        SeriesLevel, typer.Option(help="Finest level; the levels above it are summed from it")
    ] = SeriesLevel.DISTRICT_CATEGORY,
    model: Annotated[Model, typer.Option(help="auto = best backtest MASE per series")] = Model.AUTO,
    backtest: Annotated[
        bool, typer.Option("--backtest", help="Rolling-origin backtest (4 × 28 days); always on for auto")
    ] = False,
    db: DbOption = None,
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
    issue_date = parse_day(as_of)
    from rich.progress import Progress

    from analytics import warehouse as wh
    from forecasts.pipeline import run_forecasts

    _require_warehouse(db)
    backtest = backtest or model is Model.AUTO
    try:
        with wh.connect(db) as con, Progress(transient=True) as bar:
            task = bar.add_task("forecasting", total=None)
            run = run_forecasts(
                con,
                as_of=issue_date,
                horizon=horizon,
                level=level,
                model=model,
                backtest=backtest,
                workers=workers,
                progress=lambda done, total: bar.update(task, completed=done, total=total),
            )
    except WeisuError as err:
        fail(str(err), 1)
    _print_run(run, backtest)


def register(app: typer.Typer) -> None:
    """Add ``forecast`` to ``app``."""
    app.command("forecast")(forecast_command)
