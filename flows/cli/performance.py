"""``weisu rates | rank | risk | impact``: 三率, rankings, the street watch list, topic impact.

``register(app)`` adds the four commands. Each opens the warehouse read-only once, reads its
frames through :mod:`analytics.performance.store`, prints a table (``--out`` writes the whole frame
as CSV) and reports any failure as one line on stderr, exit 1 (2 for a bad option value).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Annotated

import duckdb
import polars as pl
import typer
from rich.markup import escape
from rich.table import Table

from analytics import vocabulary as vocab
from analytics import warehouse as wh
from analytics.errors import WeisuError
from analytics.export import safe_csv_frame
from analytics.performance import store
from analytics.performance.impact import TopicImpact, TopicScope, parse_topic_spec, topic_impact
from analytics.performance.rankings import monthly_rankings, read_population
from analytics.performance.rates import LEVELS, PERIOD, PERIODS, level_keys, unit_rates
from analytics.performance.risk import street_risk_from_cells
from analytics.vocabulary import AreaLevel, Grain, add_months
from flows.cli.common import DbOption, MonthOption, console, fail, parse_month, say

OutOption = Annotated[Path | None, typer.Option("--out", help="Write the full result as CSV.")]
TopOption = Annotated[int, typer.Option("--top", min=1, help="Rows to show.")]


def _choice(allowed: tuple[str, ...]) -> Callable[[str], str]:
    """A parser that accepts only ``allowed``: the vocabulary's city level and day grain are
    refused as a bad option value (exit 2, with the usage line)."""

    def parse(value: str) -> str:
        if value not in allowed:
            raise typer.BadParameter(f"{value!r} is not one of {', '.join(map(repr, allowed))}")
        return value

    return parse


_LEVELS = tuple(str(v) for v in LEVELS)
_PERIODS = tuple(str(v) for v in PERIODS)
LevelOption = Annotated[
    str, typer.Option(parser=_choice(_LEVELS), metavar=f"[{'|'.join(_LEVELS)}]", help="Unit level.")
]
PeriodOption = Annotated[
    str, typer.Option(parser=_choice(_PERIODS), metavar=f"[{'|'.join(_PERIODS)}]", help="Period grain.")
]


def _records(
    con: duckdb.DuckDBPyConnection,
    month: date | None,
    months_back: int | None,
    months_after: int = 0,
    with_content: bool = False,
) -> tuple[pl.DataFrame, date]:
    """Records from ``months_back`` months before the chosen month (``None``: all history) through
    ``months_after`` months after it, and the chosen month (default: that of the newest record)."""
    bounds = store.record_bounds(con)
    if bounds is None:
        raise WeisuError("the warehouse holds no complaints: run `weisu ingest` or `weisu demo` first")
    chosen = month or vocab.month_of(bounds[1].date())
    first = bounds[0].date() if months_back is None else add_months(chosen, -months_back)
    records = store.load_records(con, first, add_months(chosen, months_after), with_content)
    if records.filter(pl.col(vocab.RECEIVED_AT).dt.month_start().dt.date() == chosen).is_empty():
        raise WeisuError(
            f"no complaints received in {chosen:%Y-%m} (the warehouse holds "
            f"{bounds[0]:%Y-%m-%d} to {bounds[1]:%Y-%m-%d})"
        )
    return records, chosen


def _cell(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.3f}"
    return "" if value is None else escape(str(value))


def _show(frame: pl.DataFrame, columns: list[str], title: str, top: int, out: Path | None) -> None:
    if out is not None:
        safe_csv_frame(frame.with_columns(pl.col(pl.List(pl.String)).list.join(","))).write_csv(out)
    table = Table(title=f"{escape(title)} ({frame.height} rows)")
    shown = [c for c in columns if c in frame.columns]
    for column in shown:
        table.add_column(column, justify="right" if frame[column].dtype.is_numeric() else "left")
    for row in frame.head(top).select(shown).iter_rows():
        table.add_row(*[_cell(v) for v in row])
    console.print(table)


def rates_command(
    level: LevelOption = AreaLevel.DISTRICT.value,
    period: PeriodOption = Grain.MONTH.value,
    month: MonthOption = None,
    top: TopOption = 30,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """三率 and on-time rates with counts and 95% Wilson intervals for one month."""
    chosen_month = parse_month(month)
    weekly = Grain(period) is Grain.WEEK  # a week starting late in the month ends in the next one
    try:
        with wh.read_only(db) as con:
            records, chosen = _records(con, chosen_month, 0, months_after=int(weekly))
        rates = unit_rates(records, level, period)
        rates = rates.filter(pl.col(PERIOD).dt.month_start() == chosen)
    except (WeisuError, ValueError) as err:
        fail(str(err))
    columns = [
        PERIOD,
        *level_keys(level),
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
    level: LevelOption = AreaLevel.STREET.value,
    month: MonthOption = None,
    population: Annotated[Path | None, typer.Option(help="CSV: level key columns + population")] = None,
    top: TopOption = 30,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Monthly ranking by composite 三率 with movement since last month."""
    chosen_month = parse_month(month)
    try:
        with wh.read_only(db) as con:
            records, chosen = _records(con, chosen_month, 1)
        pop = read_population(population) if population else None
        ranked = monthly_rankings(records, chosen, level, population=pop)
    except (WeisuError, ValueError, OSError) as err:
        fail(str(err))
    columns = [
        "rank",
        "rank_in_district",
        *level_keys(level),
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
    chosen_month = parse_month(month)
    try:
        with wh.read_only(db) as con:
            _, chosen = _records(con, chosen_month, 0)
            cells = store.load_risk_cells(con, chosen)
        risk = street_risk_from_cells(cells, chosen)
    except (WeisuError, ValueError) as err:
        fail(str(err))
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
            help="A chosen topic's theme id (start = the month it was chosen) or a spec such as "
            "'name=违法停车;category=*/停车管理/违法停车;start=2024-04'"
        ),
    ],
    start: Annotated[str | None, typer.Option(help="Start month YYYY-MM (overrides the chosen one)")] = None,
    out: OutOption = None,
    db: DbOption = None,
) -> None:
    """Volume after a topic's start against a seasonal counterfactual, and rates before/after."""
    start_month = parse_month(start, "--start")
    try:
        with wh.read_only(db) as con:
            scope = parse_topic_spec(topic) if "=" in topic else _theme_scope(con, topic, start_month)
            records, _ = _records(con, None, None, with_content=bool(scope.keywords))
            links = store.load_theme_links(con, scope.theme_ids) if scope.theme_ids else None
        result = topic_impact(records, scope, theme_links=links)
    except (WeisuError, ValueError) as err:
        fail(str(err))
    _show_impact(result, out)


def _show_impact(result: TopicImpact, out: Path | None) -> None:
    _show(
        result.monthly,
        ["month", "phase", "complaints", "expected", "expected_lo", "expected_hi"],
        f"impact of {result.scope.topic}",
        60,
        out,
    )
    s = result.summary()
    say(
        f"{s['topic']}: {s['post']} actual {s['actual']} vs expected {s['expected']} "
        f"[{s['expected_lo']}, {s['expected_hi']}] → {s['relative_change']:+.1%} "
        f"(p={s['p_value']:.3g}): {s['call']}"
    )
    rates = ["resolution", "resolution_lo", "resolution_hi", "satisfaction", "satisfaction_lo"]
    _show(result.rates, ["period", "complaints", *rates, "satisfaction_hi"], "rates", 2, None)


def _theme_scope(con: duckdb.DuckDBPyConnection, theme_id: str, start: date | None) -> TopicScope:
    """The scope of a theme: from the month it was first chosen, or from ``start``."""
    chosen = store.chosen_topic(con, theme_id)
    if chosen is None:
        if start is None:
            raise ValueError(f"{theme_id!r} is not a chosen topic: give --start YYYY-MM or a key=value spec")
        return TopicScope(f"theme {theme_id}", start, theme_ids=(theme_id,))
    first, label = chosen
    return TopicScope(label, start or first, theme_ids=(theme_id,))


def register(app: typer.Typer) -> None:
    """Add ``rates``, ``rank``, ``risk`` and ``impact`` to ``app``."""
    app.command("rates")(rates_command)
    app.command("rank")(rank_command)
    app.command("risk")(risk_command)
    app.command("impact")(impact_command)
