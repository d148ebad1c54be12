"""Street risk: the 治理类街乡 watch list, ranked with the component values that put a street there.

Over a trailing window of ``window_months`` months ending with ``month`` each street gets:

* ``concentration`` — its complaints ÷ the median street of its district (集中诉求);
* ``repeats`` / ``repeat_share`` — repeated requests: the same ``caller_hash`` with the same issue
  key (``category_l2``, or the theme when a theme column is given) within 30 days of an earlier
  request (重复诉求);
* ``unresolved_excess`` — unresolved rated complaints above what the citywide resolution rate
  predicts, as a Poisson z-score (so a low rate counts more when it rests on more tickets);
* ``dissatisfied_excess`` — the same for satisfaction;
* ``resolution_change`` — the resolution rate now minus in the window before (falling rates);
* ``forecast_growth`` — optional: forecast ÷ recent volume − 1 from a frame given by the caller;
* ``problem_score`` — the street's worst recurring problem over ``problem_months`` (default 12):
  for each issue (finest category: ``category_l3`` else ``category_l2``; or the theme) the
  unresolved plus repeated requests against the citywide rate of such "bad" tickets, scored as
  −log10 of the Poisson upper-tail probability; ``problem_issue`` names the issue. This is what
  finds a street where one issue keeps coming back unsolved although the street's overall rates
  look ordinary (the diagnosis step of 治理类街乡: "recurring, periodic problems").

Each component is turned into a percentile among streets (0–1, higher = riskier) and the
weighted mean is ``risk_score``; ``reasons`` names the components at or above the 80th percentile.
The recurring problem carries most weight (6 of 10 by default; 10.5 with forecast growth): a
street's overall rates are dominated by its many ordinary tickets, so a low rate on one issue
hardly moves them; the other components order the streets that have such a problem and add the
context a reader needs.

Everything above reads per-record flags only through *cells*: counts per district × street ×
issue × month (:func:`risk_cells`). A year of Beijing is ~25 million complaints, so the nightly
run has DuckDB build the cells (``analytics/sql/performance/risk_cells_read.sql``, the same rules
in SQL, spilling to disk under the warehouse's memory limit) and only the cells — tens of
thousands of rows — reach polars. :func:`street_risk` on a records frame is the same
computation for notebooks and tests; a test holds the two cell builders equal.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

import numpy as np
import polars as pl
from scipy import stats

from analytics import vocabulary as vocab
from analytics.performance.rates import record_outcomes
from analytics.vocabulary import add_months

REPEAT_WINDOW_DAYS = 30
#: Months the recurring-problem score looks back over (``month`` included): the span of the cells
#: a watch list needs.
PROBLEM_MONTHS = 12
KEYS = (vocab.DISTRICT, vocab.STREET)
FORECAST_GROWTH = "forecast_growth"


@dataclass(frozen=True)
class RiskWeights:
    """Weights of the risk components (normalised over the components present)."""

    problem_score: float = 6.0
    concentration: float = 1.0
    repeat_share: float = 1.0
    unresolved_excess: float = 1.0
    dissatisfied_excess: float = 0.5
    resolution_fall: float = 0.5
    forecast_growth: float = 0.5


def repeat_requests(
    records: pl.DataFrame, issue: str = vocab.CATEGORY_L2, window_days: int = REPEAT_WINDOW_DAYS
) -> pl.DataFrame:
    """``records`` plus ``is_repeat``: same caller and issue within ``window_days`` of an earlier one.

    Records without a caller hash or an issue key are never repeats.
    """
    group = [vocab.CALLER_HASH, issue]
    ordered = records.with_row_index("_order").sort([*group, vocab.RECEIVED_AT, "_order"])
    previous = pl.col(vocab.RECEIVED_AT).shift(1).over(group)
    gap = pl.col(vocab.RECEIVED_AT) - previous
    known = pl.col(vocab.CALLER_HASH).is_not_null() & pl.col(issue).is_not_null()
    flagged = ordered.with_columns(
        (known & previous.is_not_null() & (gap <= pl.duration(days=window_days)))
        .fill_null(False)
        .alias("is_repeat")
    )
    return flagged.sort("_order").drop("_order")


#: Columns of :func:`risk_cells` besides its keys (district, street, issue, month).
CELL_COUNTS = ("complaints", "resolution_rated", "resolved_n", "satisfaction_rated", "satisfied_n", "repeats")
MONTH = "month"


def _in_months(first: date, last: date) -> pl.Expr:
    return pl.col(MONTH).is_between(first, last)


def _street_counts(cells: pl.DataFrame, first: date, last: date) -> pl.DataFrame:
    return (
        cells.filter(_in_months(first, last) & pl.col(vocab.STREET).is_not_null())
        .group_by(*KEYS)
        .agg(pl.col(*CELL_COUNTS).sum())
    )


def _excess(bad: pl.Expr, rated: pl.Expr, city_bad_rate: float, name: str) -> pl.Expr:
    expected = rated * city_bad_rate
    return pl.when(rated > 0).then((bad - expected) / (expected.clip(lower_bound=1e-9)).sqrt()).alias(name)


def _total(frame: pl.DataFrame, column: str) -> float:
    """The sum of a count column as a float (polars types a sum loosely)."""
    return float(frame[column].sum())


def _components(now: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    city_unresolved = 1 - _total(now, "resolved_n") / max(_total(now, "resolution_rated"), 1)
    city_dissatisfied = 1 - _total(now, "satisfied_n") / max(_total(now, "satisfaction_rated"), 1)
    prev = before.select(
        *KEYS, (pl.col("resolved_n") / pl.col("resolution_rated")).alias("resolution_before")
    )
    return (
        now.join(prev, on=list(KEYS), how="left")
        .with_columns(
            (pl.col("complaints") / pl.col("complaints").median().over(vocab.DISTRICT)).alias(
                "concentration"
            ),
            (pl.col("repeats") / pl.col("complaints")).alias("repeat_share"),
            (pl.col("resolved_n") / pl.col("resolution_rated")).alias("resolution"),
            (pl.col("satisfied_n") / pl.col("satisfaction_rated")).alias("satisfaction"),
            _excess(
                pl.col("resolution_rated") - pl.col("resolved_n"),
                pl.col("resolution_rated"),
                city_unresolved,
                "unresolved_excess",
            ),
            _excess(
                pl.col("satisfaction_rated") - pl.col("satisfied_n"),
                pl.col("satisfaction_rated"),
                city_dissatisfied,
                "dissatisfied_excess",
            ),
        )
        .with_columns((pl.col("resolution") - pl.col("resolution_before")).alias("resolution_change"))
    )


#: component → (column, sign): sign −1 means lower values are riskier.
_SCORED = {
    "concentration": ("concentration", 1),
    "repeat_share": ("repeat_share", 1),
    "unresolved_excess": ("unresolved_excess", 1),
    "dissatisfied_excess": ("dissatisfied_excess", 1),
    "resolution_fall": ("resolution_change", -1),
    FORECAST_GROWTH: (FORECAST_GROWTH, 1),
    "problem_score": ("problem_score", 1),
}


def _percentiles(frame: pl.DataFrame, weights: RiskWeights) -> pl.DataFrame:
    present = {k: v for k, v in _SCORED.items() if v[0] in frame.columns}
    w = {f.name: getattr(weights, f.name) for f in fields(weights) if f.name in present}
    pct = {
        k: (pl.col(col) * sign).rank("average") / pl.col(col).is_not_null().sum()
        for k, (col, sign) in present.items()
    }
    out = frame.with_columns(*[e.alias(f"pct_{k}") for k, e in pct.items()])
    total = sum(w.values())
    score = pl.sum_horizontal(pl.col(f"pct_{k}").fill_null(0.5) * v for k, v in w.items()) / total
    reasons = pl.concat_list([pl.when(pl.col(f"pct_{k}") >= 0.8).then(pl.lit(k)) for k in w])
    return out.with_columns(
        score.alias("risk_score"), reasons.list.drop_nulls().list.join(", ").alias("reasons")
    )


ISSUE = "issue"


def _finest_category() -> pl.Expr:
    return pl.coalesce(vocab.CATEGORY_L3, vocab.CATEGORY_L2).alias(ISSUE)


def recurring_problems(cells: pl.DataFrame, first: date, last: date) -> pl.DataFrame:
    """Per street × issue over months ``first``–``last``: complaints, unresolved + repeated
    ("bad") tickets and the tail score, worst first."""
    window = cells.filter(_in_months(first, last)).with_columns(
        ((pl.col("resolution_rated") - pl.col("resolved_n")) + pl.col("repeats")).alias("bad")
    )
    city_rate = _total(window, "bad") / max(_total(window, "complaints"), 1)
    cells = (
        window.filter(pl.col(vocab.STREET).is_not_null() & pl.col(ISSUE).is_not_null())
        .group_by(*KEYS, ISSUE)
        .agg(pl.col("complaints").sum().alias("issue_complaints"), pl.col("bad").sum())
    )
    expected = cells["issue_complaints"].to_numpy() * max(city_rate, 1e-9)
    tail = stats.poisson.sf(cells["bad"].to_numpy() - 1, expected)
    score = -np.log10(np.clip(tail, 1e-300, 1.0))
    return cells.with_columns(pl.Series("problem_score", score, dtype=pl.Float64)).sort(
        "problem_score", *KEYS, ISSUE, descending=[True, False, False, False]
    )


def _worst_problem(problems: pl.DataFrame) -> pl.DataFrame:
    worst = problems.group_by(*KEYS, maintain_order=True).first()
    return worst.select(
        *KEYS,
        pl.col(ISSUE).alias("problem_issue"),
        "problem_score",
        pl.col("bad").alias("problem_bad"),
        "issue_complaints",
    )


def risk_cells(records: pl.DataFrame, theme: str | None = None) -> pl.DataFrame:
    """Per district × street × issue × month (first day): the :data:`CELL_COUNTS` of ``records``.

    The issue is the finest category (``category_l3`` else ``category_l2``); repeats are keyed on
    ``category_l2`` and flagged over all of ``records``. ``theme`` names a column holding a theme
    id (from ``complaint_themes``): where a complaint has one, it keys both instead.
    """
    keyed = records.with_columns(_finest_category())
    repeat_issue = vocab.CATEGORY_L2
    if theme is not None:
        themed = pl.lit("theme:") + pl.col(theme).cast(pl.String)
        keyed = keyed.with_columns(
            pl.coalesce(themed, ISSUE).alias(ISSUE),
            pl.coalesce(themed, vocab.CATEGORY_L2).alias("_repeat_issue"),
        )
        repeat_issue = "_repeat_issue"
    flagged = record_outcomes(repeat_requests(keyed, repeat_issue))
    return (
        flagged.with_columns(
            pl.col(vocab.RECEIVED_AT).dt.date().dt.month_start().alias(MONTH),
            pl.col("is_repeat").cast(pl.Int64).alias("repeats"),
        )
        .group_by(*KEYS, ISSUE, MONTH)
        .agg(pl.col(*CELL_COUNTS).sum())
    )


def street_risk(
    records: pl.DataFrame,
    month: date,
    window_months: int = 3,
    *,
    problem_months: int = PROBLEM_MONTHS,
    theme: str | None = None,
    forecast_growth: pl.DataFrame | None = None,
    weights: RiskWeights | None = None,
    min_complaints: int = 1,
) -> pl.DataFrame:
    """The street watch list for the window ending with ``month``, riskiest first, from records.

    ``theme`` names a column of ``records`` holding a theme id (from ``complaint_themes``); when
    given, repeats and problems are keyed on the theme where a complaint has one and on the
    categories otherwise.
    """
    return street_risk_from_cells(
        risk_cells(records, theme),
        month,
        window_months,
        problem_months=problem_months,
        forecast_growth=forecast_growth,
        weights=weights,
        min_complaints=min_complaints,
    )


def street_risk_from_cells(
    cells: pl.DataFrame,
    month: date,
    window_months: int = 3,
    *,
    problem_months: int = PROBLEM_MONTHS,
    forecast_growth: pl.DataFrame | None = None,
    weights: RiskWeights | None = None,
    min_complaints: int = 1,
) -> pl.DataFrame:
    """The street watch list from :func:`risk_cells` (or ``risk_cells_read.sql``), riskiest first."""
    month = month.replace(day=1)
    first = add_months(month, 1 - window_months)
    now = _street_counts(cells, first, month)
    before = _street_counts(cells, add_months(first, -window_months), add_months(first, -1))
    frame = _components(now.filter(pl.col("complaints") >= min_complaints), before)
    problems = recurring_problems(cells, add_months(month, 1 - problem_months), month)
    frame = frame.join(_worst_problem(problems), on=list(KEYS), how="left")
    if forecast_growth is not None:
        frame = frame.join(forecast_growth.select(*KEYS, FORECAST_GROWTH), on=list(KEYS), how="left")
    scored = _percentiles(frame, weights or RiskWeights())
    return scored.sort("risk_score", *KEYS, descending=[True, False, False]).with_columns(
        pl.int_range(1, pl.len() + 1).alias("risk_rank"),
        pl.lit(first).alias("window_start"),
        pl.lit(month).alias("window_end"),
    )
