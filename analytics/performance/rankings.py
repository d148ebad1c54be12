"""Monthly rankings of districts, streets (within district and citywide) and handling units.

Rules:
* units are ranked by the composite 三率 score, highest first;
* ties share a rank and the next rank is skipped (standard competition ranking, "1224");
  scores are rounded to 6 decimals first so float noise never breaks a true tie;
* a unit without a composite (a zero denominator in any of the three rates) is not ranked
  (rank null) and listed last;
* movement compares with the previous calendar month's ranking: ``rank_change`` = previous rank
  − rank (positive = moved up); ``new_entry`` when the unit was not ranked last month;
* with a population table (level keys + ``population``), ``per_10k`` = complaints per 10,000
  residents is added; it is shown, not part of the score.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl

from analytics import vocabulary as vocab
from analytics.performance.rates import PERIOD, CompositeWeights, level_keys, unit_rates
from analytics.vocabulary import AreaLevel, Grain, add_months, month_end

POPULATION = "population"


def competition_rank(score: str = "composite", over: tuple[str, ...] = ()) -> pl.Expr:
    """Standard competition rank (1224) of ``score``, highest first; null scores get null."""
    rank = pl.col(score).rank(method="min", descending=True).cast(pl.Int64)
    return rank.over(over) if over else rank


def read_population(path: str | Path) -> pl.DataFrame:
    """A population CSV: level key columns (district[, street] or handling_unit) + population."""
    frame = pl.read_csv(path, infer_schema_length=0)
    if POPULATION not in frame.columns:
        raise ValueError(f"population file {path} has no '{POPULATION}' column")
    return frame.with_columns(pl.col(POPULATION).cast(pl.Float64))


def _ranked(rates: pl.DataFrame, level: AreaLevel) -> pl.DataFrame:
    keys = level_keys(level)
    out = rates.with_columns(competition_rank().alias("rank"))
    if level is AreaLevel.STREET:
        out = out.with_columns(competition_rank(over=(vocab.DISTRICT,)).alias("rank_in_district"))
    return out.select(PERIOD, *keys, *[c for c in out.columns if c not in (PERIOD, *keys)])


def _movement(
    current: pl.DataFrame, previous: pl.DataFrame, keys: tuple[str, ...], rank_columns: tuple[str, ...]
) -> pl.DataFrame:
    prev = previous.select(*keys, *[pl.col(c).alias(f"previous_{c}") for c in rank_columns])
    out = current.join(prev, on=list(keys), how="left", nulls_equal=True)
    return out.with_columns(
        *[(pl.col(f"previous_{c}") - pl.col(c)).alias(f"{c}_change") for c in rank_columns],
        (pl.col("rank").is_not_null() & pl.col("previous_rank").is_null()).alias("new_entry"),
    )


def monthly_rankings(
    records: pl.DataFrame,
    month: date,
    level: AreaLevel | str = AreaLevel.STREET,
    weights: CompositeWeights | None = None,
    population: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The ranking of ``month`` (any day in it) at ``level`` with movement since last month."""
    level = AreaLevel(level)
    keys = level_keys(level)
    month = month.replace(day=1)
    before = add_months(month, -1)
    window = records.filter(pl.col(vocab.RECEIVED_AT).dt.date().is_between(before, month_end(month)))
    rates = unit_rates(window, level, Grain.MONTH, weights)
    current = _ranked(rates.filter(pl.col(PERIOD) == month), level)
    previous = _ranked(rates.filter(pl.col(PERIOD) == before), level)
    rank_columns = ("rank", "rank_in_district") if level is AreaLevel.STREET else ("rank",)
    out = _movement(current, previous, keys, rank_columns)
    if population is not None:
        pop = population.select(*[pl.col(k).cast(pl.String) for k in keys], pl.col(POPULATION))
        out = out.join(pop, on=list(keys), how="left").with_columns(
            (pl.col("complaints") / pl.col(POPULATION) * 10_000).alias("per_10k")
        )
    return out.sort(pl.col("rank").is_null(), "rank", *keys)
