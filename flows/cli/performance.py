"""``weisu rates | rank | risk | impact``: 三率, rankings, the street watch list, topic impact.

``register(app)`` adds the four commands. Each reads the warehouse read-only, prints a table
(``--out`` writes the whole frame as CSV) and reports any failure as one line on stderr, exit 1
(2 for a bad option value).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import polars as pl
import typer

from analytics import vocabulary as vocab
from analytics.errors import WeisuError
from analytics.export import safe_csv_frame
from analytics.performance.rates import LEVEL_KEYS, PERIOD, Level, Period

DbOption = Annotated[Path | None, typer.Option("--db", help="Warehouse file (default $WEISU_DB).")]
MonthOption = Annotated[str | None, typer.Option("--month", help="YYYY-MM (default: latest month).")]
OutOption = Annotated[Path | None, typer.Option("--out", help="Write the full result as CSV.")]
TopOption = Annotated[int, typer.Option("--top", min=1, help="Rows to show.")]


def _fail(message: str, code: int = 1) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(code)


def _month(value: str | None, latest: date) -> date:
    from analytics.performance.impact import parse_month

    if value is None:
        return latest.replace(day=1)
    try:
        return parse_month(value)
    except ValueError as err:
        _fail(f"--month: {err}", 2)


def _records(
    db: Path | None,
    months_back: int | None,
    month: str | None,
    with_content: bool = False,
    months_after: int = 0,
) -> tuple[pl.DataFrame, date]:
    """Records from ``months_back`` months before the chosen month (``None``: all history) through
    ``months_after`` months after it, and the chosen month (default: that of the newest record)."""
    from analytics import warehouse as wh
    from analytics.performance import store
    from analytics.performance.months import add_months

    with wh.read_only(db) as con:
        bounds = store.record_bounds(con)
        if bounds is None:
            raise WeisuError("the warehouse holds no complaints: run `weisu ingest` or `weisu demo` first")
        chosen = _month(month, bounds[1].date())
        first = bounds[0].date() if months_back is None else add_months(chosen, -months_back)
        last = add_months(chosen, months_after)
        records = store.load_records(con, first, last, with_content)
    if records.filter(pl.col(vocab.RECEIVED_AT).dt.month_start().dt.date() == chosen).is_empty():
        raise WeisuError(
            f"no complaints received in {chosen:%Y-%m} (the warehouse holds "
            f"{bounds[0]:%Y-%m-%d} to {bounds[1]:%Y-%m-%d})"
        )
    return records, chosen


def _show(frame: pl.DataFrame, columns: list[str], title: str, top: int, out: Path | None) -> None:
    from rich.console import Console
    from rich.table import Table

    if out is not None:
        safe_csv_frame(frame.with_columns(pl.col(pl.List(pl.String)).list.join(","))).write_csv(out)
    table = Table(title=f"{title} ({frame.height} rows)")
    shown = [c for c in columns if c in frame.columns]
    for column in shown:
        table.add_column(column, justify="right" if frame[column].dtype.is_numeric() else "left")
    for row in frame.head(top).select(shown).iter_rows():
        table.add_row(*[f"{v:.3f}" if isinstance(v, float) else ("" if v is None else str(v)) for v in row])
    Console().print(table)


def rates_command(
    level: Annotated[Level, typer.Option(help="Unit level")] = Level.DISTRICT,
    period: Annotated[Period, typer.Option(help="Period grain")] = Period.MONTH,
    month: MonthOption = None,
    top: TopOption = 30,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """三率 and on-time rates with counts and 95% Wilson intervals for one month."""
    from analytics.performance.rates import unit_rates

    try:
        weekly = period is Period.WEEK  # a week starting late in the month ends in the next one
        records, chosen = _records(db, 0, month, months_after=int(weekly))
        rates = unit_rates(records, level, period)
        rates = rates.filter(pl.col(PERIOD).dt.month_start() == chosen)
    except (WeisuError, ValueError) as err:
        _fail(str(err))
    columns = [
        PERIOD,
        *LEVEL_KEYS[level],
        "complaints",
        "response",
        "resolution",
        "resolution_lo",
        "resolution_hi",
        "satisfaction",
        "dispatch_on_time",
        "close_on_time",
        "composite",
    ]
    _show(
        rates.sort("composite", descending=True, nulls_last=True), columns, f"rates {chosen:%Y-%m}", top, out
    )


def rank_command(
    level: Annotated[Level, typer.Option(help="Unit level")] = Level.STREET,
    month: MonthOption = None,
    population: Annotated[Path | None, typer.Option(help="CSV: level key columns + population")] = None,
    top: TopOption = 30,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Monthly ranking by composite 三率 with movement since last month."""
    from analytics.performance.rankings import monthly_rankings, read_population

    try:
        records, chosen = _records(db, 1, month)
        pop = read_population(population) if population else None
        ranked = monthly_rankings(records, chosen, level, population=pop)
    except (WeisuError, ValueError, OSError) as err:
        _fail(str(err))
    columns = [
        "rank",
        "rank_in_district",
        *LEVEL_KEYS[level],
        "complaints",
        "composite",
        "rank_change",
        "new_entry",
        "per_10k",
    ]
    _show(ranked, columns, f"ranking {chosen:%Y-%m}", top, out)


def risk_command(
    month: MonthOption = None, top: TopOption = 20, out: OutOption = None, db: DbOption = None
) -> None:
    """The street watch list (治理类街乡 candidates) with the components behind each place."""
    from analytics import warehouse as wh
    from analytics.performance import store
    from analytics.performance.months import add_months
    from analytics.performance.risk import street_risk, street_risk_from_cells

    try:
        records, chosen = _records(db, 0, month)
        with wh.read_only(db) as con:
            end = datetime.combine(add_months(chosen, 1), datetime.min.time())
            cells = store.load_risk_cells(con, add_months(chosen, -11), end)
        if cells is not None:
            risk = street_risk_from_cells(cells, chosen)
        else:  # a warehouse from before schema v4: no themes, cells from the records
            records, chosen = _records(db, 11, month)
            risk = street_risk(records, chosen)
    except (WeisuError, ValueError) as err:
        _fail(str(err))
    columns = [
        "risk_rank",
        vocab.DISTRICT,
        vocab.STREET,
        "complaints",
        "concentration",
        "repeat_share",
        "resolution",
        "resolution_change",
        "problem_issue",
        "problem_score",
        "risk_score",
        "reasons",
    ]
    _show(risk, columns, f"street risk to {chosen:%Y-%m}", top, out)


def impact_command(
    topic: Annotated[
        str,
        typer.Argument(
            help="A chosen topic's theme id (start = the month it was chosen; "
            "needs schema v4) or a spec such as "
            "'name=违法停车;category=*/停车管理/违法停车;start=2024-04'"
        ),
    ],
    start: Annotated[str | None, typer.Option(help="Start month YYYY-MM (overrides the chosen one)")] = None,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Volume after a topic's start against a seasonal counterfactual, and rates before/after."""
    from analytics import warehouse as wh
    from analytics.performance import store
    from analytics.performance.impact import parse_topic_spec, topic_impact

    try:
        scope = parse_topic_spec(topic) if "=" in topic else _theme_scope(db, topic, start)
        records, _ = _records(db, None, None, with_content=bool(scope.keywords))
        links = None
        if scope.theme_ids:
            with wh.read_only(db) as con:
                links = store.load_theme_links(con, scope.theme_ids)
            if links is None:
                raise WeisuError("theme ids need the complaint_themes table (schema v4); use a category spec")
        result = topic_impact(records, scope, theme_links=links)
    except (WeisuError, ValueError) as err:
        _fail(str(err))
    _show(
        result.monthly,
        ["month", "phase", "complaints", "expected", "expected_lo", "expected_hi"],
        f"impact of {scope.topic}",
        60,
        out,
    )
    s = result.summary()
    typer.echo(
        f"{s['topic']}: {s['post']} actual {s['actual']} vs expected {s['expected']} "
        f"[{s['expected_lo']}, {s['expected_hi']}] → {s['relative_change']:+.1%} "
        f"(p={s['p_value']:.3g}): {s['call']}"
    )
    _show(
        result.rates,
        [
            "period",
            "complaints",
            "resolution",
            "resolution_lo",
            "resolution_hi",
            "satisfaction",
            "satisfaction_lo",
            "satisfaction_hi",
        ],
        "rates",
        2,
        None,
    )


def _theme_scope(db: Path | None, theme_id: str, start: str | None):
    from analytics import warehouse as wh
    from analytics.performance import store
    from analytics.performance.impact import TopicScope, parse_month

    with wh.read_only(db) as con:
        chosen = store.chosen_topic(con, theme_id)
    if start is None and chosen is None:
        raise ValueError(f"{theme_id!r} is not a chosen topic: give --start YYYY-MM or a key=value spec")
    label = chosen[1] if chosen else f"theme {theme_id}"
    return TopicScope(label, parse_month(start) if start else chosen[0], theme_ids=(theme_id,))


def register(app: typer.Typer) -> None:
    """Add ``rates``, ``rank``, ``risk`` and ``impact`` to ``app``."""
    app.command("rates")(rates_command)
    app.command("rank")(rank_command)
    app.command("risk")(risk_command)
    app.command("impact")(impact_command)
