"""One night's 三率 rankings, street watch list and chosen-topic impacts, kept per night (schema v5).

:func:`night_performance` is pure: complaint records (plus street-risk cells, theme links and
the chosen topics) in, frames shaped like the v5 tables out. :func:`refresh_performance` reads
its frames through :mod:`analytics.performance.store`, calls it, and replaces the night's rows in
one transaction — read, compute, write, once each; the nightly flow runs it after themes and
forecasts, and the reports read what it stored.

* The month ranked is that of the night's last day (``as_of`` − 1), to date: the night of the
  1st ranks the whole month before. Records received on or after ``as_of`` are ignored, so a
  night re-run later gives the same rows.
* Districts, streets and handling units are ranked; every street's risk row is kept, and the
  ``watch_list`` riskiest (default 20) are flagged as the watch list.
* Each chosen 每月一题 theme is measured from the first month it was chosen. A topic that cannot
  be measured yet (under 12 months before its start, start month not complete, no complaints)
  is kept as a ``skipped`` row with the reason, so the report can say why.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field

import duckdb
import polars as pl

from analytics import vocabulary as vocab
from analytics.errors import WeisuError
from analytics.performance import store
from analytics.performance.impact import TopicImpact, TopicScope, topic_impact
from analytics.performance.rankings import monthly_rankings
from analytics.performance.rates import LEVELS, CompositeWeights
from analytics.performance.risk import RiskWeights, risk_cells, street_risk_from_cells
from analytics.performance.tables import (
    IMPACT_COLUMNS,
    IMPACT_MONTH_COLUMNS,
    LEVEL,
    RANKING_COLUMNS,
    RISK_COLUMNS,
    typed,
)
from analytics.vocabulary import AreaLevel, add_months, month_of

WATCH_LIST = 20


@dataclass(frozen=True)
class PerformanceParams:
    """The night's tunables: how long the watch list is and how scores weigh their parts."""

    watch_list: int = WATCH_LIST  # riskiest streets flagged
    composite: CompositeWeights = field(default_factory=CompositeWeights)  # 三率 in the rankings
    risk: RiskWeights = field(default_factory=RiskWeights)  # street-risk components


OK, SKIPPED = "ok", "skipped"


class NothingToRank(WeisuError):
    """The night's month has no complaints (or the warehouse none at all)."""


@dataclass(frozen=True)
class NightPerformance:
    """The frames one night stores, each shaped like its v5 table (without as_of/run_id)."""

    as_of: dt.date
    month: dt.date
    rankings: pl.DataFrame
    risk: pl.DataFrame
    impacts: pl.DataFrame
    impact_months: pl.DataFrame

    def ranked(self, level: AreaLevel) -> int:
        return self.rankings.filter(pl.col(LEVEL) == level.value).height

    @property
    def watch_list(self) -> int:
        return int(self.risk["on_watch_list"].sum())

    @property
    def impacts_skipped(self) -> int:
        return self.impacts.filter(pl.col("status") == SKIPPED).height

    def summary(self) -> str:
        """One line for the night summary."""
        skipped = f" ({self.impacts_skipped} skipped)" if self.impacts_skipped else ""
        return (
            f"{self.ranked(AreaLevel.DISTRICT)} districts, {self.ranked(AreaLevel.STREET)} streets, "
            f"{self.ranked(AreaLevel.UNIT)} units ranked for {self.month:%Y-%m}; {self.watch_list} "
            f"risk streets; {self.impacts.height} topic impact(s){skipped}"
        )


def night_month(as_of: dt.date) -> dt.date:
    """The month a night ranks: that of its last complete day."""
    return month_of(as_of - dt.timedelta(days=1))


def unit_rankings(
    records: pl.DataFrame, month: dt.date, weights: CompositeWeights | None = None
) -> pl.DataFrame:
    """The month's ranking of every level, one frame with a ``level`` column."""
    frames = [
        monthly_rankings(records, month, level, weights).with_columns(pl.lit(level.value).alias(LEVEL))
        for level in LEVELS
    ]
    return typed(pl.concat([typed(f, RANKING_COLUMNS) for f in frames]), RANKING_COLUMNS)


def night_risk_cells(records: pl.DataFrame, record_themes: pl.DataFrame | None) -> pl.DataFrame:
    """Street-risk cells of ``records``, keyed on themes where complaints have one."""
    if record_themes is None or record_themes.is_empty():
        return risk_cells(records)
    themed = records.join(
        record_themes.unique([vocab.SOURCE, vocab.RECORD_ID]), on=[vocab.SOURCE, vocab.RECORD_ID], how="left"
    )
    return risk_cells(themed, theme="theme_id")


def night_street_risk(
    cells: pl.DataFrame, month: dt.date, watch_list: int = WATCH_LIST, weights: RiskWeights | None = None
) -> pl.DataFrame:
    """Every street's risk row from the night's cells, watch list flagged."""
    risk = street_risk_from_cells(cells, month, weights=weights)
    reasons = pl.col("reasons").str.split(", ").list.eval(pl.element().filter(pl.element() != ""))
    return typed(
        risk.with_columns(
            (pl.col("risk_rank") <= watch_list).alias("on_watch_list"), reasons.alias("reasons")
        ),
        RISK_COLUMNS,
    )


def _finite(value: float) -> float | None:
    return float(value) if math.isfinite(value) else None


def _period_counts(result: TopicImpact, period: str) -> dict[str, object]:
    rows = result.rates.filter(pl.col("period") == period).to_dicts()
    row = rows[0] if rows else {}
    names = {
        "complaints": "complaints",
        "resolution_rated": "resolution_rated",
        "resolved": "resolved_n",
        "satisfaction_rated": "satisfaction_rated",
        "satisfied": "satisfied_n",
    }
    out = {f"{key}_{period}": row.get(column) for key, column in names.items()}
    if period == "before":
        out |= {"before_first": row.get("first_month"), "before_last": row.get("last_month")}
    return out


def _impact_row(result: TopicImpact) -> dict[str, object]:
    return {
        "status": OK,
        "note": None,
        "post_first": result.post_first,
        "post_last": result.post_last,
        "actual": result.actual,
        "expected": result.expected,
        **{
            k: _finite(getattr(result, k))
            for k in (
                "expected_lo",
                "expected_hi",
                "relative_change",
                "relative_lo",
                "relative_hi",
                "p_value",
            )
        },
        "call": result.call,
        "pre_months": result.pre_months,
        "trend": result.trend,
        "dispersion": result.dispersion,
        **_period_counts(result, "before"),
        **_period_counts(result, "after"),
    }


def topic_impacts(
    records: pl.DataFrame,
    chosen: pl.DataFrame | None,
    theme_links: pl.DataFrame | None,
    history: tuple[dt.datetime, dt.datetime] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(one row per chosen theme, its monthly series) — a topic that cannot be measured is a
    ``skipped`` row whose note says why. ``chosen`` holds theme_id, start and label; with
    ``history`` (the warehouse's first and last received_at) ``records`` may hold only the
    chosen topics' complaints."""
    rows, months = [], []
    for topic in chosen.to_dicts() if chosen is not None else []:
        base = {"theme_id": topic["theme_id"], "label": topic["label"], "start": topic["start"]}
        scope = TopicScope(
            topic["label"] or topic["theme_id"], topic["start"], theme_ids=(topic["theme_id"],)
        )
        try:
            if theme_links is None:
                raise ValueError("complaint_themes (schema v4) is needed to find a theme's complaints")
            result = topic_impact(records, scope, theme_links=theme_links, history=history)
        except ValueError as err:  # a topic not measurable yet: say why on its page
            rows.append(base | {"status": SKIPPED, "note": str(err)})
            continue
        rows.append(base | _impact_row(result))
        months.append(result.monthly.with_columns(pl.lit(topic["theme_id"]).alias("theme_id")))
    series = (
        pl.concat([typed(m, IMPACT_MONTH_COLUMNS) for m in months], how="vertical")
        if months
        else pl.DataFrame(schema=IMPACT_MONTH_COLUMNS)
    )
    return pl.DataFrame(rows, schema=IMPACT_COLUMNS), series


def night_performance(
    records: pl.DataFrame,
    as_of: dt.date,
    *,
    record_themes: pl.DataFrame | None = None,
    chosen: pl.DataFrame | None = None,
    theme_links: pl.DataFrame | None = None,
    topic_records: pl.DataFrame | None = None,
    history: tuple[dt.datetime, dt.datetime] | None = None,
    cells: pl.DataFrame | None = None,
    params: PerformanceParams = PerformanceParams(),
) -> NightPerformance:
    """Rankings, street risk and topic impacts of the night ``as_of`` from ``records``.

    Street risk reads ``cells`` when given (:func:`~analytics.performance.risk.risk_cells` of
    the :data:`~analytics.performance.risk.PROBLEM_MONTHS` months through the night's month, as
    :func:`analytics.performance.store.load_risk_cells` reads them; ``records`` then needs only
    this month and the one before), else builds them from ``records`` and ``record_themes``. Topic impacts
    read ``topic_records`` when given (the chosen topics' complaints over the whole history, with
    ``history`` its bounds), else ``records``.
    """
    before = dt.datetime.combine(as_of, dt.time())
    records = records.filter(pl.col(vocab.RECEIVED_AT) < before)
    month = night_month(as_of)
    in_month = pl.col(vocab.RECEIVED_AT).dt.date().dt.month_start() == month
    if records.filter(in_month).is_empty():
        raise NothingToRank(f"no complaints received in {month:%Y-%m} before {as_of}")
    if topic_records is not None:
        topic_records = topic_records.filter(pl.col(vocab.RECEIVED_AT) < before)
        if history is not None:
            history = (history[0], min(history[1], before - dt.timedelta(microseconds=1)))
    impacts, months = topic_impacts(
        records if topic_records is None else topic_records, chosen, theme_links, history
    )
    if cells is None:
        cells = night_risk_cells(records, record_themes)
    return NightPerformance(
        as_of,
        month,
        unit_rankings(records, month, params.composite),
        night_street_risk(cells, month, params.watch_list, params.risk),
        impacts,
        months,
    )


def refresh_performance(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    run_id: str,
    params: PerformanceParams = PerformanceParams(),
) -> NightPerformance:
    """Compute the night ``as_of`` from the warehouse and replace its stored rows.

    Only rankings need records (this month and the one before). Street risk looks back a year
    through cells DuckDB aggregates, and the chosen topics need only their own complaints over
    the whole history: a year of Beijing is ~25 million rows.
    """
    started = time.perf_counter()
    history = store.record_bounds(con)
    if history is None:
        raise NothingToRank("the warehouse holds no complaints")
    month = night_month(as_of)
    cells = store.load_risk_cells(con, month, dt.datetime.combine(as_of, dt.time()))
    records = store.load_records(con, add_months(month, -1), month)
    chosen = store.chosen_topics(con)
    ids = tuple(chosen["theme_id"].to_list())
    links = store.load_theme_links(con, ids) if ids else None
    topic_records = store.load_topic_records(con, ids) if ids else None
    night = night_performance(
        records,
        as_of,
        chosen=chosen,
        theme_links=links,
        topic_records=topic_records,
        history=history,
        cells=cells,
        params=params,
    )
    store.write_night(con, night, run_id, time.perf_counter() - started)
    return night
