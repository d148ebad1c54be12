"""Bottom-up reconciliation: aggregate forecasts are the sums of the bottom forecasts.

Point forecasts of districts, categories and the city are the sums of the district × category
forecasts (or of the district / category forecasts when those are the bottom), so every level
adds up exactly. Intervals cannot be summed — bounds of sums are not sums of bounds — so an
aggregate keeps the spread its own model gave it (the base forecast of the aggregate series),
re-centred on the reconciled point forecast. Without a base forecast for an aggregate, its
spread is the root-sum-square of the bottom spreads, i.e. the bottoms are taken as independent,
which is narrower than the truth when they move together.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.vocabulary import DS, UNIQUE_ID
from forecasts.models import BOUNDS, FORECAST_COLUMNS, MODEL, YHAT, tidy_intervals
from forecasts.series import parent_ids

BOTTOM_UP = "bottom_up"


def _links(bottom_ids: pd.Series) -> pd.DataFrame:
    pairs = [(uid, parent) for uid in bottom_ids.unique() for parent in parent_ids(uid)]
    return pd.DataFrame(pairs, columns=[UNIQUE_ID, "parent"])


def _independent_spread(bottom: pd.DataFrame, links: pd.DataFrame) -> pd.DataFrame:
    spread = bottom[[UNIQUE_ID, DS]].assign(**{b: (bottom[b] - bottom[YHAT]) ** 2 for b in BOUNDS})
    summed = spread.merge(links, on=UNIQUE_ID).groupby(["parent", DS], as_index=False)[list(BOUNDS)].sum()
    signs = {"lo80": -1.0, "lo95": -1.0, "hi80": 1.0, "hi95": 1.0}
    return summed.assign(**{b: signs[b] * np.sqrt(summed[b]) for b in BOUNDS})


def _base_spread(base: pd.DataFrame) -> pd.DataFrame:
    spread = base[[UNIQUE_ID, DS]].assign(**{b: base[b] - base[YHAT] for b in BOUNDS})
    return spread.rename(columns={UNIQUE_ID: "parent"})


def bottom_up(bottom: pd.DataFrame, base: pd.DataFrame | None = None) -> pd.DataFrame:
    """Bottom forecasts plus coherent aggregates (``model`` = ``bottom_up``) in one frame.

    ``base`` holds the aggregates' own forecasts, used only for their interval widths.
    """
    # Sorted, so sums add in one fixed order and re-summing (coherence_gap) gives the same floats.
    bottom = bottom.sort_values([UNIQUE_ID, DS], ignore_index=True)
    links = _links(bottom[UNIQUE_ID])
    sums = (
        bottom[[UNIQUE_ID, DS, YHAT]]
        .merge(links, on=UNIQUE_ID)
        .groupby(["parent", DS], as_index=False)[YHAT]
        .sum()
    )
    spread = _independent_spread(bottom, links)
    if base is not None and not base.empty:
        own = _base_spread(base)
        have = own.set_index(["parent", DS]).index
        spread = pd.concat([own, spread[~spread.set_index(["parent", DS]).index.isin(have)]])
    aggregates = sums.merge(spread, on=["parent", DS], how="left")
    aggregates = aggregates.assign(**{b: aggregates[YHAT] + aggregates[b].fillna(0.0) for b in BOUNDS})
    aggregates = aggregates.rename(columns={"parent": UNIQUE_ID}).assign(**{MODEL: BOTTOM_UP})
    out = pd.concat(
        [bottom[list(FORECAST_COLUMNS)], tidy_intervals(aggregates)[list(FORECAST_COLUMNS)]],
        ignore_index=True,
    )
    return out.sort_values([UNIQUE_ID, DS], ignore_index=True)


def coherence_gap(forecasts: pd.DataFrame) -> float:
    """The largest |aggregate − sum of its bottom series| over all aggregates and days (0 if coherent)."""
    forecasts = forecasts.sort_values([UNIQUE_ID, DS], ignore_index=True)
    ids = forecasts[UNIQUE_ID].unique()
    bottom_ids = pd.Series([u for u in ids if not any(u in parent_ids(o) for o in ids)])
    links = _links(bottom_ids)
    sums = (
        forecasts[[UNIQUE_ID, DS, YHAT]]
        .merge(links, on=UNIQUE_ID)
        .groupby(["parent", DS], as_index=False)[YHAT]
        .sum()
    )
    joined = sums.merge(forecasts, left_on=["parent", DS], right_on=[UNIQUE_ID, DS], suffixes=("_sum", ""))
    return float((joined[f"{YHAT}_sum"] - joined[YHAT]).abs().max()) if len(joined) else 0.0
