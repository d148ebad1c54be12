"""Daily complaint volume as one long frame (``unique_id, ds, y``) over the forecast hierarchy.

The bottom of the hierarchy is district × category (category_l1). City, district and category
totals are summed from the bottom, so every level is coherent by construction. Series exist for
every district / category seen in the date range and are zero-filled over the whole range: a day
without complaints is a real zero, not a missing value.

The day × district × category counts come from :func:`forecasts.store.bottom_counts`; everything
here is pure.

``unique_id`` spells its keys: ``city``, ``district=朝阳区``, ``category=住房``,
``district=朝阳区|category=住房``. Complaints without a category count as ``未分类``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import pandas as pd

from analytics.vocabulary import CATEGORY_L1, DISTRICT, DS, UNIQUE_ID, Y
from forecasts.config import SeriesLevel

CITY = "city"
UNCLASSIFIED = "未分类"
DAY = "day"
COMPLAINTS = "complaints"
SERIES_COLUMNS = (UNIQUE_ID, DS, Y)


def series_id(district: str | None = None, category: str | None = None) -> str:
    """The ``unique_id`` of a series; no keys means the city total."""
    parts = [f"{DISTRICT}={district}"] if district is not None else []
    parts += [f"category={category}"] if category is not None else []
    return "|".join(parts) or CITY


def parse_series_id(unique_id: str) -> dict[str, str]:
    """``{"district": ..., "category": ...}`` with the keys the id carries (empty for the city)."""
    if unique_id == CITY:
        return {}
    return dict(part.split("=", 1) for part in unique_id.split("|"))


def series_level(unique_id: str) -> SeriesLevel:
    keys = parse_series_id(unique_id)
    if DISTRICT in keys and "category" in keys:
        return SeriesLevel.DISTRICT_CATEGORY
    if DISTRICT in keys:
        return SeriesLevel.DISTRICT
    return SeriesLevel.CATEGORY if "category" in keys else SeriesLevel.CITY


def parent_ids(unique_id: str) -> tuple[str, ...]:
    """The aggregates a series sums into (bottom-up reconciliation follows these)."""
    keys = parse_series_id(unique_id)
    if not keys:
        return ()
    if len(keys) == 1:
        return (CITY,)
    return (series_id(district=keys[DISTRICT]), series_id(category=keys["category"]), CITY)


#: The levels a forecast at one level also produces by summing up.
LEVELS_BELOW: dict[SeriesLevel, tuple[SeriesLevel, ...]] = {
    SeriesLevel.CITY: (SeriesLevel.CITY,),
    SeriesLevel.DISTRICT: (SeriesLevel.DISTRICT, SeriesLevel.CITY),
    SeriesLevel.CATEGORY: (SeriesLevel.CATEGORY, SeriesLevel.CITY),
    SeriesLevel.DISTRICT_CATEGORY: tuple(SeriesLevel),
}


def _bottom_wide(counts: pd.DataFrame, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Days × (district, category) counts, zero-filled over ``[start, end]``."""
    frame = counts.assign(
        **{
            DAY: pd.to_datetime(counts[DAY]),
            CATEGORY_L1: counts[CATEGORY_L1].fillna("").replace("", UNCLASSIFIED),
        }
    )
    frame = frame[(frame[DAY] >= pd.Timestamp(start)) & (frame[DAY] <= pd.Timestamp(end))]
    wide = frame.pivot_table(
        index=DAY, columns=[DISTRICT, CATEGORY_L1], values=COMPLAINTS, aggfunc="sum", fill_value=0
    )
    days = pd.date_range(start, end, freq="D", name=DAY)
    return wide.reindex(days, fill_value=0).astype("float64")


def _long(wide: pd.DataFrame, ids: Iterable[str]) -> pd.DataFrame:
    wide = wide.set_axis(list(ids), axis=1)
    out = wide.melt(ignore_index=False, var_name=UNIQUE_ID, value_name=Y).reset_index(names=DS)
    return out[list(SERIES_COLUMNS)]


def daily_series(
    counts: pd.DataFrame,
    start: dt.date | None = None,
    end: dt.date | None = None,
    levels: Iterable[SeriesLevel] = tuple(SeriesLevel),
) -> pd.DataFrame:
    """The long frame of daily volume at the given levels.

    ``counts`` has one row per day × district × category_l1 (or finer; rows are summed) with
    columns ``day, district, category_l1, complaints``. ``start``/``end`` default to its range.
    """
    if counts.empty and (start is None or end is None):
        return pd.DataFrame(
            {
                UNIQUE_ID: pd.Series(dtype=str),
                DS: pd.Series(dtype="datetime64[ns]"),
                Y: pd.Series(dtype=float),
            }
        )
    days = pd.to_datetime(counts[DAY])
    start = start or days.min().date()
    end = end or days.max().date()
    bottom = _bottom_wide(counts, start, end)
    wanted = set(levels)
    parts = []
    if SeriesLevel.CITY in wanted:
        parts.append(_long(bottom.sum(axis=1).to_frame(), [CITY]))
    if SeriesLevel.DISTRICT in wanted:
        by_district = bottom.T.groupby(level=DISTRICT).sum().T
        parts.append(_long(by_district, [series_id(district=d) for d in by_district.columns]))
    if SeriesLevel.CATEGORY in wanted:
        by_category = bottom.T.groupby(level=CATEGORY_L1).sum().T
        parts.append(_long(by_category, [series_id(category=c) for c in by_category.columns]))
    if SeriesLevel.DISTRICT_CATEGORY in wanted:
        keys = bottom.columns
        pairs = zip(keys.get_level_values(DISTRICT), keys.get_level_values(CATEGORY_L1), strict=True)
        parts.append(_long(bottom, [series_id(d, c) for d, c in pairs]))
    out = pd.concat(parts, ignore_index=True) if parts else _long(bottom.iloc[:, :0], [])
    return out.sort_values([UNIQUE_ID, DS], ignore_index=True)


def _aggregate(daily: pd.DataFrame, freq: str, complete_only: bool) -> pd.DataFrame:
    period = daily[DS].dt.to_period(freq).dt.start_time
    out = (
        daily.assign(**{DS: period})
        .groupby([UNIQUE_ID, DS], as_index=False)
        .agg(**{Y: (Y, "sum"), "_days": (Y, "size")})
    )
    if complete_only:
        expected = 7 if freq.startswith("W") else out[DS].dt.days_in_month
        out = out[out["_days"] == expected]
    return out.drop(columns="_days").reset_index(drop=True)


def weekly_series(daily: pd.DataFrame, complete_only: bool = True) -> pd.DataFrame:
    """Weekly sums (``ds`` = the Monday); partial first/last weeks dropped unless asked."""
    return _aggregate(daily, "W-SUN", complete_only)


def monthly_series(daily: pd.DataFrame, complete_only: bool = True) -> pd.DataFrame:
    """Monthly sums (``ds`` = the 1st); partial first/last months dropped unless asked."""
    return _aggregate(daily, "M", complete_only)
