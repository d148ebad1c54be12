"""三率 (response, resolution, satisfaction) and on-time rates per unit and period, with counts.

Definitions (one record = one complaint, counted in the period it was *received*):

* **response** = ``responded_at`` is set, or the record is closed (a closed ticket was answered).
  Denominator: every record. How fast the answer came is measured separately by the on-time rates.
* **resolution** = ``resolved`` is TRUE. Denominator: closed records (``closed_at`` set) whose
  ``resolved`` is rated (not null). Open records are excluded even if a rating is present.
* **satisfaction** = ``satisfied`` is TRUE. Denominator: closed records with ``satisfied`` rated.
* **dispatch on time** = ``dispatched_at - received_at`` within the dispatch limit of the record's
  limit class. Denominator: dispatched records.
* **close on time** = ``closed_at - received_at`` within the feedback limit. Denominator: closed records.

Each rate comes with its numerator, denominator and a 95% Wilson score interval; a zero
denominator gives null rate and interval, never 0 or 1.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from analytics import vocabulary as vocab
from analytics.vocabulary import AreaLevel, Grain

Z95 = 1.959963984540054

PERIOD = "period"

#: Key columns of each assessed level (区, 街乡镇, 承办单位); a street is only unique within its
#: district. The city as a whole is not ranked.
LEVEL_KEYS: dict[AreaLevel, tuple[str, ...]] = {
    AreaLevel.DISTRICT: (vocab.DISTRICT,),
    AreaLevel.STREET: (vocab.DISTRICT, vocab.STREET),
    AreaLevel.UNIT: (vocab.HANDLING_UNIT,),
}
#: The assessed levels, in ranking order.
LEVELS: tuple[AreaLevel, ...] = tuple(LEVEL_KEYS)
#: Period grains rates are counted in (weeks start on Monday), with their polars truncation.
PERIODS: dict[Grain, str] = {Grain.WEEK: "1w", Grain.MONTH: "1mo"}

#: ``reports/rankings.py`` imports ``Level`` from here; it is the vocabulary's ``AreaLevel``
#: (not a copy) until that import moves to the vocabulary.
Level = AreaLevel


def level_keys(level: AreaLevel | str) -> tuple[str, ...]:
    """Key columns of an assessed level; ValueError for a level that is not assessed (city)."""
    keys = LEVEL_KEYS.get(AreaLevel(level))
    if keys is None:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}, got {level!r}")
    return keys


@dataclass(frozen=True)
class CompositeWeights:
    """Weights of the composite 三率 score.

    Beijing's weights are not public; the default is equal thirds because no rate is known to
    matter more. A non-Beijing county uses 30/35/35 (``CompositeWeights(0.30, 0.35, 0.35)``)
    — a comparison only, not Beijing's formula. Weights are normalised to sum to one.
    """

    response: float = 1 / 3
    resolution: float = 1 / 3
    satisfaction: float = 1 / 3

    def normalised(self) -> tuple[float, float, float]:
        parts = (self.response, self.resolution, self.satisfaction)
        if min(parts) < 0 or sum(parts) <= 0:
            raise ValueError(f"composite weights must be >= 0 with a positive sum, got {parts}")
        total = sum(parts)
        return self.response / total, self.resolution / total, self.satisfaction / total


@dataclass(frozen=True)
class LimitClass:
    name: str
    dispatch_hours: float
    close_hours: float


#: Limit classes from time_limits.csv (DB11/T 2021—2022 dispatch limits; feedback limits of
#: low confidence, used as the close limit because ``closed_at`` is the only feedback time we see).
EMERGENCY = LimitClass("emergency", 1, 2)
UTILITY = LimitClass("utility", 2, 24)
ORDINARY = LimitClass("ordinary", 24, 7 * 24)
LIMIT_CLASSES: tuple[LimitClass, ...] = (EMERGENCY, UTILITY, ORDINARY)

#: Category → limit class; matched on category_l2 first, then category_l1; everything else is
#: ordinary. Emergencies: public-health events and lift safety (risk to life); utilities: 水电气热
#: and extreme-weather (rainstorm) categories.
CATEGORY_LIMIT_CLASS: dict[str, str] = {
    "疫情防控": EMERGENCY.name,
    "住宅电梯安全": EMERGENCY.name,
    "供暖": UTILITY.name,
    "供水供电": UTILITY.name,
    "道路积水": UTILITY.name,
    "雨水设施": UTILITY.name,
    "房屋漏雨": UTILITY.name,
}

RATES = ("response", "resolution", "satisfaction", "dispatch_on_time", "close_on_time")


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a proportion; ``None`` when there are no trials."""
    if trials <= 0:
        return None
    if not 0 <= successes <= trials:
        raise ValueError(f"successes must be within [0, trials], got {successes}/{trials}")
    p = successes / trials
    denom = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denom
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denom
    # exact at the edges: float noise must not put 0/n above 0 or n/n below 1
    lo = 0.0 if successes == 0 else max(0.0, centre - half)
    hi = 1.0 if successes == trials else min(1.0, centre + half)
    return lo, hi


def wilson_columns(numerator: str, denominator: str, name: str, z: float = Z95) -> list[pl.Expr]:
    """``name``, ``name_lo``, ``name_hi`` expressions: rate and Wilson bounds (null when n = 0)."""
    n = pl.col(denominator).cast(pl.Float64)
    k = pl.col(numerator).cast(pl.Float64)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * ((p * (1 - p) / n + z * z / (4 * n * n)).sqrt()) / denom
    has = n > 0
    return [
        pl.when(has).then(p).alias(name),
        pl.when(has & (k == 0)).then(0.0).when(has).then((centre - half).clip(0.0, 1.0)).alias(f"{name}_lo"),
        pl.when(has & (k == n)).then(1.0).when(has).then((centre + half).clip(0.0, 1.0)).alias(f"{name}_hi"),
    ]


def _limit_class() -> pl.Expr:
    mapping = pl.DataFrame({"key": list(CATEGORY_LIMIT_CLASS), "cls": list(CATEGORY_LIMIT_CLASS.values())})
    by_l2 = pl.col(vocab.CATEGORY_L2).replace_strict(mapping["key"], mapping["cls"], default=None)
    by_l1 = pl.col(vocab.CATEGORY_L1).replace_strict(mapping["key"], mapping["cls"], default=None)
    return pl.coalesce(by_l2, by_l1, pl.lit(ORDINARY.name)).alias("limit_class")


def _hours(later: str, earlier: str) -> pl.Expr:
    return (pl.col(later) - pl.col(earlier)).dt.total_seconds() / 3600.0


def record_outcomes(records: pl.DataFrame, classes: tuple[LimitClass, ...] = LIMIT_CLASSES) -> pl.DataFrame:
    """One row per record with the 0/1 numerators and denominators of every rate."""
    limits = {c.name: c for c in classes}
    frame = records.with_columns(_limit_class())
    dispatch_limit = pl.col("limit_class").replace_strict(
        {k: c.dispatch_hours for k, c in limits.items()}, return_dtype=pl.Float64
    )
    close_limit = pl.col("limit_class").replace_strict(
        {k: c.close_hours for k, c in limits.items()}, return_dtype=pl.Float64
    )
    closed = pl.col(vocab.CLOSED_AT).is_not_null()
    dispatched = pl.col(vocab.DISPATCHED_AT).is_not_null()
    return frame.with_columns(
        pl.lit(1, pl.Int64).alias("complaints"),
        (pl.col(vocab.RESPONDED_AT).is_not_null() | closed).cast(pl.Int64).alias("responded"),
        (closed & pl.col(vocab.RESOLVED).is_not_null()).cast(pl.Int64).alias("resolution_rated"),
        (closed & pl.col(vocab.RESOLVED).fill_null(False)).cast(pl.Int64).alias("resolved_n"),
        (closed & pl.col(vocab.SATISFIED).is_not_null()).cast(pl.Int64).alias("satisfaction_rated"),
        (closed & pl.col(vocab.SATISFIED).fill_null(False)).cast(pl.Int64).alias("satisfied_n"),
        dispatched.cast(pl.Int64).alias("dispatched"),
        (dispatched & (_hours(vocab.DISPATCHED_AT, vocab.RECEIVED_AT) <= dispatch_limit))
        .cast(pl.Int64)
        .alias("dispatched_on_time"),
        closed.cast(pl.Int64).alias("closed"),
        (closed & (_hours(vocab.CLOSED_AT, vocab.RECEIVED_AT) <= close_limit))
        .cast(pl.Int64)
        .alias("closed_on_time"),
    )


#: rate name → (numerator column, denominator column) in :func:`unit_rates` output.
RATE_COUNTS: dict[str, tuple[str, str]] = {
    "response": ("responded", "complaints"),
    "resolution": ("resolved_n", "resolution_rated"),
    "satisfaction": ("satisfied_n", "satisfaction_rated"),
    "dispatch_on_time": ("dispatched_on_time", "dispatched"),
    "close_on_time": ("closed_on_time", "closed"),
}
_COUNT_COLUMNS = (
    "complaints",
    "responded",
    "resolution_rated",
    "resolved_n",
    "satisfaction_rated",
    "satisfied_n",
    "dispatched",
    "dispatched_on_time",
    "closed",
    "closed_on_time",
)


def period_start(period: Grain | str, column: str = vocab.RECEIVED_AT) -> pl.Expr:
    """First day of the ISO week (Monday) or calendar month of ``column``."""
    every = PERIODS.get(Grain(period))
    if every is None:
        raise ValueError(f"period must be one of {', '.join(PERIODS)}, got {period!r}")
    return pl.col(column).dt.truncate(every).cast(pl.Date).alias(PERIOD)


def composite_score(weights: CompositeWeights | None = None) -> pl.Expr:
    """Weighted 三率 on a 0–100 scale; null when any of the three rates is null."""
    wr, wv, ws = (weights or CompositeWeights()).normalised()
    score = 100 * (wr * pl.col("response") + wv * pl.col("resolution") + ws * pl.col("satisfaction"))
    return score.round(6).alias("composite")


def unit_rates(
    records: pl.DataFrame,
    level: AreaLevel | str = AreaLevel.DISTRICT,
    period: Grain | str = Grain.MONTH,
    weights: CompositeWeights | None = None,
    classes: tuple[LimitClass, ...] = LIMIT_CLASSES,
) -> pl.DataFrame:
    """三率 and on-time rates per period × unit with counts, Wilson bounds and the composite."""
    keys = level_keys(level)
    outcomes = record_outcomes(records.with_columns(period_start(period)), classes)
    counts = (
        outcomes.filter(pl.all_horizontal(pl.col(k).is_not_null() for k in keys))
        .group_by(PERIOD, *keys)
        .agg(pl.col(c).sum() for c in _COUNT_COLUMNS)
    )
    rates = [e for name, (num, den) in RATE_COUNTS.items() for e in wilson_columns(num, den, name)]
    return counts.with_columns(rates).with_columns(composite_score(weights)).sort(PERIOD, *keys)
