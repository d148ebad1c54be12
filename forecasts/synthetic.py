"""Deterministic synthetic complaint volume for tests and benchmarks (no demo data needed).

The mean follows what domain.md §4.6 describes: a weekly cycle (quieter weekends and days off),
a smooth yearly cycle, Beijing's heating season from 15 Nov with a first-day peak, and a dip
around Spring Festival. Counts are negative-binomial draws around it, seeded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import numpy as np
import pandas as pd

from analytics.vocabulary import CATEGORY_L1, DISTRICT, DS, Y
from forecasts.calendar import HEATING, HEATING_ONSET, cn_calendar, heating_features, lunar_new_years
from forecasts.series import COMPLAINTS, DAY

HEATING_CATEGORY = "公共服务"


def _calendar(days: pd.DatetimeIndex) -> pd.DataFrame:
    """Per-day multipliers shared by every series: weekly/holiday and Spring Festival dip."""
    names, workdays = cn_calendar(tuple(range(days[0].year, days[-1].year + 1)))
    date = days.date
    holidays, adjusted = np.asarray(list(names), dtype=object), np.asarray(list(workdays), dtype=object)
    off = np.isin(date, holidays) | ((days.dayofweek >= 5) & ~np.isin(date, adjusted))
    spring = np.zeros(len(days))
    for new_year in lunar_new_years(names):
        offset = (days - pd.Timestamp(new_year)).days.to_numpy()
        # deepest over the official week, easing back over the fortnight after it
        shape = np.where((offset >= -7) & (offset <= 14), 1.0 - np.abs(offset - 3) / 12.0, 0.0)
        spring = np.maximum(spring, np.clip(shape, 0.0, 1.0))
    yearly = np.sin(2 * np.pi * (days.dayofyear.to_numpy() - 100) / 365.25)
    return pd.DataFrame(
        {
            "off": off.astype(float),
            "spring": spring,
            "yearly": yearly,
            **heating_features(pd.Series(days)).to_dict("series"),
        }
    )


def _mean(
    cal: pd.DataFrame,
    level: float,
    weekend: float,
    yearly: float,
    heating: float,
    onset: float,
    spring_dip: float,
) -> np.ndarray:
    return (
        level
        * (1 - weekend * cal["off"])
        * (1 + yearly * cal["yearly"])
        * (1 - spring_dip * cal["spring"])
        * (1 + heating * cal[HEATING] + onset * cal[HEATING_ONSET])
    ).to_numpy()


def _draw(rng: np.random.Generator, mean: np.ndarray, dispersion: float) -> np.ndarray:
    """Negative binomial with variance mean + mean² / dispersion (Poisson as dispersion → ∞)."""
    return rng.poisson(rng.gamma(dispersion, np.asarray(mean) / dispersion)).astype(float)


def synthetic_daily(
    start: dt.date,
    end: dt.date,
    level: float = 20.0,
    *,
    seed: int = 0,
    weekend: float = 0.35,
    yearly: float = 0.15,
    heating: float = 0.0,
    onset: float = 0.0,
    spring_dip: float = 0.5,
    dispersion: float = 30.0,
) -> pd.DataFrame:
    """One daily series ``ds, y``; ``heating``/``onset`` add that share of ``level`` in season."""
    days = pd.date_range(start, end, freq="D")
    mean = _mean(_calendar(days), level, weekend, yearly, heating, onset, spring_dip)
    return pd.DataFrame({DS: days, Y: _draw(np.random.default_rng(seed), mean, dispersion)})


def synthetic_counts(
    start: dt.date,
    end: dt.date,
    districts: Sequence[str],
    categories: Sequence[str],
    city_level: float = 2000.0,
    *,
    seed: int = 0,
) -> pd.DataFrame:
    """Bottom counts ``day, district, category_l1, complaints`` for a district × category grid.

    District weights fall off like city districts do (朝阳 ≫ 延庆); category shares are random
    but seeded; ``公共服务`` carries the heating season, ``''`` stands for unclassified.
    """
    rng = np.random.default_rng(seed)
    days = pd.date_range(start, end, freq="D")
    cal = _calendar(days)
    district_w = 1.0 / np.arange(1, len(districts) + 1) ** 0.7
    category_w = rng.dirichlet(np.full(len(categories), 2.0))
    frames = []
    for c, category in enumerate(categories):
        heat = (1.5, 3.0) if category == HEATING_CATEGORY else (0.0, 0.0)
        shape = _mean(cal, 1.0, 0.35, rng.uniform(0.05, 0.3), *heat, 0.5)
        for d, district in enumerate(districts):
            level = city_level * category_w[c] * district_w[d] / district_w.sum()
            counts = _draw(rng, level * shape, 20.0)
            frames.append(
                pd.DataFrame(
                    {
                        DAY: days.date,
                        DISTRICT: district,
                        CATEGORY_L1: category,
                        COMPLAINTS: counts.astype("int64"),
                    }
                )
            )
    out = pd.concat(frames, ignore_index=True)
    return out[out[COMPLAINTS] > 0].reset_index(drop=True)
