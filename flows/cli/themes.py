"""``weisu topics | topics choose | hotspots | bursts | themes refresh | themes list``.

``register(app)`` adds the commands to the ``weisu`` Typer app. They are thin: parse, open the
warehouse once, call one library function, print. Every user error is one line on stderr and a
non-zero exit; data are printed literally (no markup, and CSV cells cannot run as formulas).
"""

from __future__ import annotations

import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import polars as pl
import typer
from rich.table import Table
from rich.text import Text

from analytics import vocabulary as v
from analytics.errors import WeisuError
from analytics.export import safe_csv_frame
from flows.cli.common import DbOption, console, fail, parse_day, parse_month, say


class Format(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"


#: Hotspots are computed for these levels and grains only.
HOTSPOT_LEVELS = (v.AreaLevel.DISTRICT, v.AreaLevel.STREET)
HOTSPOT_GRAINS = (v.Grain.MONTH, v.Grain.WEEK)
_BARS = "▁▂▃▄▅▆▇█"


def _emit(frame: pl.DataFrame, fmt: Format, columns: dict[str, str], title: str) -> None:
    """Print ``frame`` as a table (``columns``: name → header), JSON, or CSV (lists '; '-joined)."""
    if fmt is Format.JSON:
        clean = frame.with_columns(pl.col(pl.Float32, pl.Float64).fill_nan(None))
        print(json.dumps(clean.to_dicts(), ensure_ascii=False, indent=2, default=str, allow_nan=False))
        return
    if fmt is Format.CSV:
        flat = frame.with_columns(
            pl.col(c).cast(pl.List(pl.String)).list.join("; ")
            for c, t in frame.schema.items()
            if isinstance(t, pl.List)
        )
        print(safe_csv_frame(flat).write_csv(), end="")
        return
    table = Table(title=Text(title))
    for column, header in columns.items():
        table.add_column(header, justify="right" if frame.schema[column].is_numeric() else "left")
    for row in frame.select(list(columns)).iter_rows():
        table.add_row(*[Text(_cell(value)) for value in row])
    console.print(table, width=None if console.is_terminal else max(console.width, 180))


def _cell(value: Any) -> str:
    """Floats to 3 digits, count lists as a sparkline (the monthly trend at a glance)."""
    if isinstance(value, float):
        return f"{value:.3g}"
    if isinstance(value, list):
        top = max(value, default=0) or 1
        return "".join(_BARS[min(7, int(item / top * 7.999))] for item in value)
    return "" if value is None else str(value)


TOPIC_COLUMNS = {
    "rank": "#",
    "theme_id": "theme",
    "label": "label",
    "score": "score",
    "c_volume": "vol",
    "c_spread": "spread",
    "c_spread_growth": "growth",
    "c_persistence": "persist",
    "c_trend": "trend",
    "c_difficulty": "difficulty",
    "c_cross_department": "x-dept",
    "c_continuity": "contin.",
    "partial": "partial",
    "n_month": "n",
    "streets_recent": "streets",
    "monthly": "12 months",
}


def topics_command(
    ctx: typer.Context,
    month: Annotated[
        str | None,
        typer.Option(help="YYYY-MM (default: last complete month; a running month is labelled partial)."),
    ] = None,
    top: Annotated[int, typer.Option(help="How many candidates.")] = 10,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    tuning: Annotated[
        Path | None,
        typer.Option(help="Tuning YAML (flows/tuning.yaml lists every key); uses `candidates`."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Rank 每月一题 candidates for a month, every score component shown."""
    if ctx.invoked_subcommand is not None:
        return
    from analytics import warehouse as wh
    from analytics.themes import store, topics
    from flows.tuning import load_tuning

    chosen = parse_month(month)
    try:
        weights = load_tuning(tuning).candidates
        with wh.read_only(db) as con:
            chosen = chosen or store.latest_complete_month(con)
            if chosen is None:
                fail("no complaints in the warehouse: run `weisu ingest` first")
            ranked = topics.month_topics(con, chosen, top, weights)
    except (WeisuError, ValueError, OSError) as err:
        fail(str(err).splitlines()[0])
    if ranked.is_empty():
        fail(f"no themes with complaints in {chosen:%Y-%m}: run `weisu themes refresh` first")
    partial = " PARTIAL MONTH (still running)" if ranked["partial"][0] else ""
    used = ", ".join(ranked["components_used"][0])
    title = f"每月一题 candidates {chosen:%Y-%m}{partial} (components 0-1, score 0-100 over: {used})"
    _emit(ranked, fmt, TOPIC_COLUMNS, title)


def choose_command(
    theme_id: Annotated[str, typer.Argument(help="Theme id from `weisu topics`.")],
    month: Annotated[str, typer.Option(help="YYYY-MM the topic is chosen for.")],
    note: Annotated[str | None, typer.Option(help="Why, who decided, lead department ...")] = None,
    db: DbOption = None,
) -> None:
    """Record a theme as the 每月一题 topic of a month (feeds the continuity component)."""
    from analytics import warehouse as wh
    from analytics.themes import topics

    chosen = parse_month(month)
    if chosen is None:
        fail("--month is required")
    try:
        with wh.connect(db) as con:
            known = topics.choose(con, theme_id, chosen, note)
    except WeisuError as err:
        fail(str(err))
    if not known:
        fail(f"unknown theme {theme_id!r}: see `weisu topics` or `weisu themes list`")
    say(f"chose {theme_id} for {chosen:%Y-%m}")


HOTSPOT_COLUMNS = {
    "key": "key",
    "label": "label",
    "district": "district",
    "area": "area",
    "period": "period",
    "pattern": "pattern",
    "observed": "n",
    "expected": "expected",
    "excess": "excess",
    "score": "-log10 p",
    "q_value": "q",
    "expected_from": "expected from",
    "periods_hot": "hot",
    "trend_tau": "tau",
    "counts": "window",
}


def hotspots_command(
    level: Annotated[v.AreaLevel, typer.Option(help="district or street.")] = v.AreaLevel.STREET,
    grain: Annotated[v.Grain, typer.Option(help="month or week.")] = v.Grain.MONTH,
    pattern: Annotated[list[str] | None, typer.Option(help="Keep these patterns (repeatable).")] = None,
    kind: Annotated[str, typer.Option(help="theme or category.")] = "theme",
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: latest refresh).")] = None,
    top: Annotated[int, typer.Option(help="Rows to show.")] = 30,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Hotspots of the latest refresh: pattern, excess and significance per theme × area."""
    from analytics import warehouse as wh
    from analytics.themes import store
    from analytics.themes.hotspots import PATTERNS

    unknown = sorted(set(pattern or []) - set(PATTERNS))
    if unknown:
        fail(f"unknown pattern {unknown[0]!r}: choose from {', '.join(PATTERNS)}")
    if level not in HOTSPOT_LEVELS or grain not in HOTSPOT_GRAINS:
        fail("hotspots are by district or street, and by month or week")
    day = parse_day(as_of) or date.max
    try:
        with wh.read_only(db) as con:
            found = store.read_hotspots(con, day)
    except WeisuError as err:
        fail(str(err))
    if found.is_empty():
        fail("no hotspots stored: run `weisu themes refresh` first")
    found = found.filter(
        (pl.col("level") == level.value)
        & (pl.col("grain") == grain.value)
        & (pl.col("key_kind") == kind)
        & (pl.col("pattern") != "" if not pattern else pl.col("pattern").is_in(pattern))
    )
    found = found.sort(["score", "key"], descending=[True, False]).head(top)
    columns = {**HOTSPOT_COLUMNS, "key": kind}
    if kind != "theme":
        columns.pop("label")
    _emit(found, fmt, columns, f"hotspots ({level.value}, {grain.value})")


BURST_COLUMNS = {
    "label": "label",
    "key": "key",
    "district": "district",
    "street": "street",
    "week": "week",
    "complaints": "complaints",
    "callers": "callers",
    "expected": "expected callers",
    "score": "-log10 p",
}


def bursts_command(
    weeks: Annotated[int, typer.Option(help="Bursts in this many weeks up to the refresh.")] = 26,
    kind: Annotated[str, typer.Option(help="theme or category.")] = "theme",
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default: latest refresh).")] = None,
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Street-week bursts: distinct callers far above the street's own past after a quiet spell."""
    from analytics import warehouse as wh
    from analytics.themes import store

    if weeks < 1:
        fail("--weeks must be at least 1")
    day = parse_day(as_of) or date.max
    try:
        with wh.read_only(db) as con:
            found = store.read_bursts(con, day, weeks)
    except WeisuError as err:
        fail(str(err))
    found = found.filter(pl.col("key_kind") == kind)
    if found.is_empty():
        say(f"no {kind} bursts stored in the {weeks} weeks up to the latest refresh")
        return
    columns = dict(BURST_COLUMNS)
    if kind != "theme":
        columns.pop("label")
        columns.pop("complaints")
    night = found["as_of"][0]
    _emit(found, fmt, columns, f"bursts (street, week) in the {weeks} weeks up to {night}")


def refresh_command(
    as_of: Annotated[str | None, typer.Option(help="YYYY-MM-DD (default today).")] = None,
    db: DbOption = None,
) -> None:
    """Classify unlabelled complaints, assign new ones to themes, find new themes, hotspots."""
    from analytics import warehouse as wh
    from analytics.themes.refresh import refresh_themes

    day = parse_day(as_of) or date.today()
    try:
        with wh.connect(db) as con:
            summary = refresh_themes(con, day)
    except (WeisuError, ValueError) as err:
        fail(str(err).splitlines()[0])
    if summary.unchanged:
        say(f"themes already refreshed as of {day} and nothing loaded since ({summary.themes} themes)")
        return
    say(
        f"{summary.complaints:,} complaints, {summary.classified:,} classified "
        f"(model v{summary.model_version}{', retrained' if summary.model_trained else ''}), "
        f"{summary.assigned:,} assigned, {summary.new_themes} new themes "
        f"({summary.themes} in all), {summary.hotspots:,} hotspot rows, "
        f"{summary.bursts} bursts in {sum(summary.seconds.values()):.1f} s"
    )


def list_command(
    fmt: Annotated[Format, typer.Option("--format", help="table, json or csv.")] = Format.TABLE,
    db: DbOption = None,
) -> None:
    """Every theme with its category, label and founding size."""
    from analytics import warehouse as wh
    from analytics.themes import store

    try:
        with wh.read_only(db) as con:
            themes = store.read_themes(con)
    except WeisuError as err:
        fail(str(err))
    columns = {
        "theme_id": "theme",
        "partition": "category",
        "label": "label",
        "founding_size": "founded with",
        "created_on": "created",
    }
    _emit(themes.sort("founding_size", descending=True), fmt, columns, "themes")


def register(app: typer.Typer) -> None:
    """Add ``topics`` (with ``topics choose``), ``hotspots``, ``bursts`` and ``themes`` to ``app``."""
    topics_app = typer.Typer(help="每月一题 candidates.", invoke_without_command=True, no_args_is_help=False)
    topics_app.callback(invoke_without_command=True)(topics_command)
    topics_app.command("choose")(choose_command)
    app.add_typer(topics_app, name="topics")
    app.command("hotspots")(hotspots_command)
    app.command("bursts")(bursts_command)
    themes_app = typer.Typer(help="Recurring complaint themes.", no_args_is_help=True)
    themes_app.command("refresh")(refresh_command)
    themes_app.command("list")(list_command)
    app.add_typer(themes_app, name="themes")
