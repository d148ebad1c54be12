"""每月一题 candidates: themes ranked by a transparent score whose parts are all shown.

The city picks "high-frequency, widespread, long-standing, hard, cross-department" problems,
continuing earlier years' work (domain.md §3.4). Each of those words is one component in 0..1
(trend, spread growth and forecast in -1..1), computed from per-theme monthly figures over the
12 months ending the chosen month; the score is their weighted mean × 100 with the weights of
:class:`CandidateWeights` (the ``candidates`` section of a tuning file). Every raw figure
behind a component is a column too, so a reader can recompute any score by hand.

The forecast hook: pass a frame ``unique_id, ds, yhat`` (daily, as ``forecasts`` stores it)
with ids ``theme=<theme_id>`` or ``category=<category_l1>``; next month's sum is compared with
this month. A category forecast is split over its themes by their share of this month.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import numpy as np
import polars as pl

from analytics.themes.trend import mann_kendall
from analytics.tuning import as_mapping
from analytics.vocabulary import add_months

COMPONENTS = (
    "volume",
    "spread",
    "spread_growth",
    "persistence",
    "trend",
    "difficulty",
    "cross_department",
    "continuity",
    "forecast",
)


@dataclass(frozen=True)
class ComponentWeights:
    """Weights of the 0–100 score: 100 × Σ weight·component / Σ weight over the components a
    theme has (``forecast`` only counts when a forecast is given)."""

    volume: float = 0.15  # complaints per month, last 3 months (log scale, relative to the largest)
    spread: float = 0.10  # streets reached per month, last 3 months (relative to the widest)
    spread_growth: float = 0.15  # streets now vs the same 3 months a year before (log2 ratio / 2)
    persistence: float = 0.10  # months present in the last 12
    trend: float = 0.15  # Kendall's tau of the theme's share of all complaints, last 12 months
    difficulty: float = 0.20  # resolution / satisfaction gaps, time to close, repeat callers
    cross_department: float = 0.05  # share of complaints with more than one handling unit
    continuity: float = 0.05  # chosen before (1) or a sibling in its category chosen before (0.5)
    forecast: float = 0.05  # next month's forecast against this month


@dataclass(frozen=True)
class DifficultyScales:
    """The raw value at which a difficulty part (or cross_department) counts fully."""

    resolution_gap: float = 0.20  # 20 points below the city's resolution rate
    satisfaction_gap: float = 0.20
    close_time_ratio: float = 1.0  # median time to close twice the city's
    repeat_share: float = 0.20  # one complaint in five a repeat call
    cross_department_share: float = 0.30


@dataclass(frozen=True)
class Eligibility:
    """Which themes are ranked at all, and when a trend counts."""

    min_recent: int = 10  # complaints in the last 3 months for a theme to be ranked
    trend_alpha: float = 0.10  # a trend counts only when Mann-Kendall p is below this
    present_min: int = 1  # complaints in a month for it to count towards persistence


@dataclass(frozen=True)
class CandidateWeights:
    """Everything the 每月一题 score can be tuned by (the ``candidates`` tuning section)."""

    weights: ComponentWeights = field(default_factory=ComponentWeights)
    scales: DifficultyScales = field(default_factory=DifficultyScales)
    eligibility: Eligibility = field(default_factory=Eligibility)


def window(month: date, months: int = 18) -> tuple[datetime, datetime]:
    """[start, end) of the ``months`` months ending with ``month`` (inputs of the ranking)."""
    first = add_months(month.replace(day=1), -(months - 1))
    last = add_months(month.replace(day=1), 1)
    return datetime(first.year, first.month, 1), datetime(last.year, last.month, 1)


def _matrix(frame: pl.DataFrame, ids: list[str], months: list[date], column: str) -> np.ndarray:
    out = np.zeros((len(ids), len(months)))
    row = {t: i for i, t in enumerate(ids)}
    col = {m: j for j, m in enumerate(months)}
    for theme, month, value in frame.select("theme_id", "month", column).iter_rows():
        if month in col and value is not None:
            out[row[theme], col[month]] = value
    return out


def _known(ids: list[str], themes: pl.DataFrame, city_months: pl.DataFrame, months: list[date]) -> np.ndarray:
    """themes × months: True where the month's count is known, not just zero.

    Months before the warehouse's first complaint are unknown for every theme; months before a
    theme's ``history_from`` (the oldest complaint it could claim when it was created — a theme
    found tonight only claims the recent unassigned pool) are unknown for that theme.
    """
    city = city_months.with_columns(pl.lit("all").alias("theme_id"))
    known = np.repeat(_matrix(city, ["all"], months, "total") > 0, len(ids), axis=0)
    if "history_from" in themes.columns:
        start = dict(themes.select("theme_id", "history_from").iter_rows())
        first = np.array([start.get(t) or date.min for t in ids], dtype=object)
        starts = np.array([[m >= f.replace(day=1) for m in months] for f in first])
        known &= starts.reshape(len(ids), len(months))
    return known


def _trends(shares: np.ndarray, known: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mann-Kendall tau and p per theme over its known months (fewer than 6: no trend)."""
    tau, p = np.zeros(len(shares)), np.ones(len(shares))
    for pattern in {tuple(row) for row in known}:
        rows = np.flatnonzero((known == np.array(pattern)).all(axis=1))
        cols = np.array(pattern)
        if cols.sum() >= 6:
            tau[rows], p[rows], _ = mann_kendall(shares[np.ix_(rows, np.flatnonzero(cols))])
    return tau, p


def _weighted(frame: pl.DataFrame, column: str) -> pl.Expr:
    """Volume-weighted mean over the months that have the figure; null when none has it."""
    weight = pl.col("n").filter(pl.col(column).is_not_null()).sum()
    mean = (pl.col(column) * pl.col("n")).sum() / weight
    return pl.when(weight > 0).then(mean).otherwise(None).alias(column)


def _difficulty(city: dict[str, float | None], scales: dict[str, float]) -> pl.Expr:
    """Mean of the difficulty parts the source has (a part without its rate is left out)."""
    parts = [(pl.col("repeat_share") / scales["repeat_share"])]
    if city["resolved_rate"] is not None:
        parts.append((city["resolved_rate"] - pl.col("resolved_rate")) / scales["resolution_gap"])
    if city["satisfied_rate"] is not None:
        parts.append((city["satisfied_rate"] - pl.col("satisfied_rate")) / scales["satisfaction_gap"])
    if city["close_hours"] is not None:
        ratio = pl.col("close_hours") / max(city["close_hours"], 1e-9) - 1
        parts.append(ratio / scales["close_time_ratio"])
    clipped = [p.clip(0, 1).fill_nan(None) for p in parts]
    return pl.mean_horizontal(clipped).alias("c_difficulty")


def _city(city_months: pl.DataFrame, months: list[date]) -> dict[str, float | None]:
    """City-wide rates over ``months``, weighted by volume; None for a rate the source lacks."""
    year = city_months.filter(pl.col("month").is_in(months))
    out: dict[str, float | None] = {}
    for column in ("resolved_rate", "satisfied_rate", "close_hours"):
        known = year.filter(pl.col(column).is_not_null() & pl.col(column).is_not_nan())
        weights = known["total"].cast(pl.Float64)
        out[column] = float(np.average(known[column], weights=weights)) if weights.sum() else None
    return out


def _forecast(
    forecast: pl.DataFrame | None, themes: pl.DataFrame, month: date, now: pl.DataFrame
) -> pl.DataFrame | None:
    """Next month's forecast volume per theme, or None without a forecast frame."""
    if forecast is None:
        return None
    nxt, after = add_months(month, 1), add_months(month, 2)
    sums = (
        forecast.filter((pl.col("ds") >= nxt) & (pl.col("ds") < after))
        .group_by("unique_id")
        .agg(pl.col("yhat").sum())
    )
    direct = themes.select("theme_id", ("theme=" + pl.col("theme_id")).alias("unique_id"))
    by_theme = direct.join(sums, on="unique_id").select("theme_id", pl.col("yhat").alias("f_theme"))
    share = now.join(themes.select("theme_id", "partition"), on="theme_id").with_columns(
        (pl.col("n_month") / pl.col("n_month").sum().over("partition")).alias("share"),
        ("category=" + pl.col("partition")).alias("unique_id"),
    )
    by_category = share.join(sums, on="unique_id").select(
        "theme_id", (pl.col("yhat") * pl.col("share")).alias("f_category")
    )
    return (
        themes.select("theme_id")
        .join(by_theme, on="theme_id", how="left")
        .join(by_category, on="theme_id", how="left")
        .select("theme_id", pl.coalesce("f_theme", "f_category").alias("forecast_next"))
    )


def topic_candidates(
    theme_months: pl.DataFrame,
    city_months: pl.DataFrame,
    themes: pl.DataFrame,
    month: date,
    chosen: pl.DataFrame | None = None,
    forecast: pl.DataFrame | None = None,
    tuning: CandidateWeights | None = None,
) -> pl.DataFrame:
    """Ranked candidates for ``month`` with every component and the raw figures behind it.

    ``theme_months``: ``theme_id, month, n, streets, districts, resolved_rate, satisfied_rate,
    close_hours, repeat_share, cross_department_share`` for the 18 months ending ``month``
    (``topic_theme_months.sql``); ``city_months``: ``month, total, resolved_rate,
    satisfied_rate, close_hours``.
    """
    config = as_mapping(tuning or CandidateWeights())
    month = month.replace(day=1)
    months = [add_months(month, k) for k in range(-11, 1)]
    before = [add_months(month, k) for k in range(-14, -11)]  # same months a year earlier
    ids = sorted(set(theme_months["theme_id"].to_list()))
    if not ids:
        return pl.DataFrame()
    n = _matrix(theme_months, ids, months, "n")
    streets = _matrix(theme_months, ids, months, "streets")
    known = _known(ids, themes, city_months, months)
    before_known = _known(ids, themes, city_months, before).all(axis=1)
    totals = _matrix(city_months.with_columns(pl.lit("all").alias("theme_id")), ["all"], months, "total")[0]
    tau, p = _trends(n / np.maximum(totals, 1), known)
    streets_before = np.where(
        before_known, _matrix(theme_months, ids, before, "streets").mean(axis=1), np.nan
    )
    rules = config["eligibility"]
    figures = pl.DataFrame(
        {
            "theme_id": ids,
            "n_month": n[:, -1].astype(np.int64),
            "n_recent": n[:, -3:].mean(axis=1),
            "streets_recent": streets[:, -3:].mean(axis=1),
            "streets_before": streets_before,
            "months_known": known.sum(axis=1).astype(np.int64),
            "persistence_months": ((n >= rules["present_min"]) & known).sum(axis=1).astype(np.int64),
            "trend_tau": np.round(tau, 3),
            "trend_p": np.round(p, 4),
            "monthly": [row.astype(np.int64).tolist() for row in n],
        }
    ).filter(pl.col("n_recent") * 3 >= rules["min_recent"])
    if figures.is_empty():
        return figures
    year = theme_months.filter(pl.col("month").is_in(months))
    stats = year.group_by("theme_id").agg(
        _weighted(year, "resolved_rate"),
        _weighted(year, "satisfied_rate"),
        _weighted(year, "close_hours"),
        _weighted(year, "repeat_share"),
        _weighted(year, "cross_department_share"),
    )
    city = _city(city_months, months)
    scored = figures.join(stats, on="theme_id", how="left").join(
        themes.select("theme_id", "label", "partition"), on="theme_id", how="left"
    )
    scored = _components(scored, city, config, chosen, month)
    future = _forecast(forecast, themes, month, figures.select("theme_id", "n_month"))
    scored = _with_forecast(scored, future)
    return _score(scored, config, city)


def _components(
    frame: pl.DataFrame,
    city: dict[str, float | None],
    config: dict[str, Any],
    chosen: pl.DataFrame | None,
    month: date,
) -> pl.DataFrame:
    scales, rules = config["scales"], config["eligibility"]
    earlier = (
        chosen.filter(pl.col("month") < month)
        if chosen is not None and chosen.height
        else pl.DataFrame(schema={"theme_id": pl.String, "partition": pl.String})
    )
    now = (
        set(chosen.filter(pl.col("month") == month)["theme_id"].to_list())
        if chosen is not None and chosen.height
        else set()
    )
    has_streets = pl.lit(bool(frame["streets_recent"].max() or 0) > 0)
    same_theme = set(earlier["theme_id"].to_list())
    same_category = set(earlier["partition"].drop_nulls().to_list())
    return frame.with_columns(
        (pl.col("n_recent").log1p() / pl.col("n_recent").log1p().max()).alias("c_volume"),
        pl.when(has_streets)
        .then(pl.col("streets_recent") / pl.col("streets_recent").max())
        .alias("c_spread"),
        pl.when(has_streets)
        .then((((pl.col("streets_recent") + 1) / (pl.col("streets_before") + 1)).log(2) / 2).clip(-1, 1))
        .fill_nan(None)
        .alias("c_spread_growth"),
        (pl.col("persistence_months") / pl.col("months_known").clip(1)).alias("c_persistence"),
        pl.when(pl.col("trend_p") < rules["trend_alpha"])
        .then(pl.col("trend_tau"))
        .otherwise(0.0)
        .alias("c_trend"),
        _difficulty(city, scales),
        (pl.col("cross_department_share").fill_null(0) / scales["cross_department_share"])
        .clip(0, 1)
        .alias("c_cross_department"),
        pl.when(pl.col("theme_id").is_in(list(same_theme)))
        .then(1.0)
        .when(pl.col("partition").is_in(list(same_category)))
        .then(0.5)
        .otherwise(0.0)
        .alias("c_continuity"),
        pl.col("theme_id").is_in(list(now)).alias("chosen_this_month"),
    )


def _with_forecast(frame: pl.DataFrame, future: pl.DataFrame | None) -> pl.DataFrame:
    if future is None:
        return frame.with_columns(
            pl.lit(None, pl.Float64).alias("forecast_next"), pl.lit(None, pl.Float64).alias("c_forecast")
        )
    return frame.join(future, on="theme_id", how="left").with_columns(
        (((pl.col("forecast_next") + 1) / (pl.col("n_month") + 1)).log(2)).clip(-1, 1).alias("c_forecast")
    )


def _score(frame: pl.DataFrame, config: dict[str, Any], city: dict[str, float | None]) -> pl.DataFrame:
    """Weighted mean over the components a theme has, weights renormalised over those.

    A component the source lacks (no rates: difficulty; no streets: spread) is null, left out
    of the score and of ``components_used``, so a score is never NaN.
    """
    weights = config["weights"]
    frame = frame.with_columns((pl.col(f"c_{c}") * 1.0).fill_nan(None).round(3) for c in COMPONENTS)
    parts = [pl.col(f"c_{c}").fill_null(0) * weights[c] for c in COMPONENTS]
    used = [pl.when(pl.col(f"c_{c}").is_not_null()).then(weights[c]).otherwise(0.0) for c in COMPONENTS]
    total = pl.sum_horizontal(used)
    score = pl.when(total > 0).then(pl.sum_horizontal(parts) / total * 100).otherwise(0.0).round(1)
    names = [pl.when(pl.col(f"c_{c}").is_not_null()).then(pl.lit(c)) for c in COMPONENTS]
    ranked = frame.with_columns(
        score.alias("score"),
        pl.concat_list(names).list.drop_nulls().alias("components_used"),
        *[pl.lit(_rounded(city[k], d), pl.Float64).alias(f"city_{k}") for k, d in _CITY_DIGITS.items()],
    ).sort(["score", "theme_id"], descending=[True, False])
    return ranked.with_row_index("rank", offset=1).with_columns(pl.col("rank").cast(pl.Int64))


#: Columns of ``topic_candidates`` taken from a ranking (besides as_of, month, weights, partial).
STORED = (
    "rank",
    "theme_id",
    "label",
    "partition",
    "score",
    *(f"c_{c}" for c in COMPONENTS),
    "components_used",
    "n_month",
    "persistence_months",
    "resolved_rate",
    "satisfied_rate",
)


def stored_rows(ranked: pl.DataFrame, as_of: date, month: date, weights: str, partial: bool) -> pl.DataFrame:
    """A ranking in the shape of ``topic_candidates`` (``weights``: the weights used, as JSON)."""
    if ranked.is_empty():
        return pl.DataFrame()
    return ranked.select(
        pl.lit(as_of).alias("as_of"),
        pl.lit(month.replace(day=1)).alias("month"),
        *STORED,
        pl.lit(weights).alias("weights"),
        pl.lit(partial).alias("partial"),
    )


_CITY_DIGITS = {"resolved_rate": 4, "satisfied_rate": 4, "close_hours": 1}


def _rounded(value: float | None, digits: int) -> float | None:
    return None if value is None else round(value, digits)


def attach_evidence(
    candidates: pl.DataFrame, streets: pl.DataFrame, samples: pl.DataFrame, mask: Any
) -> pl.DataFrame:
    """Top streets and masked sample complaints as list columns (``mask`` masks a text)."""
    top = streets.group_by("theme_id", maintain_order=True).agg(
        pl.concat_str([pl.col("district"), pl.col("street"), pl.lit(" "), pl.col("n").cast(pl.String)]).alias(
            "top_streets"
        )
    )
    examples = samples.with_columns(pl.col("content").map_elements(mask, return_dtype=pl.String))
    examples = examples.group_by("theme_id", maintain_order=True).agg(pl.col("content").alias("samples"))
    return candidates.join(top, on="theme_id", how="left").join(examples, on="theme_id", how="left")
