"""Hotspots: where and when a theme (or a category) is more frequent than it should be.

Input is a long frame of counts ``key, district, area, period, n`` (area = street or district)
and the all-complaint totals per ``area, period``. Each cell gets two expectations:

* **temporal** (``expected``): the area's own mean over the previous ``history`` periods, shrunk
  towards its spatial expectation and scaled by the key's seasonal index (same period last year
  against the periods before it, city-wide) when a year of history is there — ``expected_from``
  says which. Periods before the data's first record are not history (no zeros are invented).
  Excess over it, with a Poisson tail p-value and z-score, says "more than usual here" — bursts
  and new problems;
* **spatial** (``spatial_expected``): the key's city count times the area's share of all
  complaints. A cell significantly above it is *hot* — "more here than elsewhere" — which is
  what emerging-hot-spot analysis (ArcGIS) bins into patterns over the last ``window`` periods:
  new, consecutive, intensifying, persistent, diminishing, sporadic, oscillating, historical.

A cell is *tested* only with at least ``min_count`` complaints over its time neighbourhood, and
hot only when its Benjamini–Hochberg q-value across every tested cell of the run is at most
``fdr_q`` (``q_value``): thousands of theme × area cells would otherwise give dozens of chance
hot spots. Trends use Mann-Kendall on the area's counts over the window. Everything is vectorised over
series (key × area) so a city of 343 streets and hundreds of themes stays a second or two.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import polars as pl
from scipy.stats import poisson

from analytics.themes.trend import mann_kendall

KEY, DISTRICT, AREA, PERIOD, N, TOTAL = "key", "district", "area", "period", "n", "total"
PATTERNS = (
    "new",
    "consecutive",
    "intensifying",
    "persistent",
    "diminishing",
    "sporadic",
    "oscillating",
    "historical",
)
PERIODS_PER_YEAR = {"week": 52, "month": 12, "day": 365}
FROM_SEASON = "same season last year"
FROM_RECENT = "recent periods (under a year of history)"
FROM_NONE = "no history"
BURST_SCHEMA = {
    KEY: pl.String,
    DISTRICT: pl.String,
    AREA: pl.String,
    PERIOD: pl.Date,
    "observed": pl.Int64,
    "expected": pl.Float64,
    "score": pl.Float64,
    "grain": pl.String,
}


@dataclass(frozen=True)
class HotspotParams:
    window: int = 12  # periods binned into a pattern (ArcGIS: the time steps)
    history: int = 6  # periods behind each cell for its temporal expectation
    alpha: float = 0.05  # hot / cold significance (Poisson tail)
    time_steps: int = 3  # periods judged together (the cell and the ones before it)
    min_count: int = 3  # a cell is tested (and can be hot) with at least this many complaints
    fdr_q: float = 0.05  # hot only at a Benjamini-Hochberg q-value at most this
    min_cold_expected: float = 5.0  # below this a zero is not evidence of a cold spot
    share_persistent: float = 0.9  # "at least 90% of the time steps" of the ArcGIS definitions
    trend_alpha: float = 0.05
    burst_alpha: float = 1e-6  # bursts: a far stricter tail, for thousands of street-weeks
    burst_min_count: int = 3
    burst_quiet: int = 4  # periods before a burst that were not already unusual


def period_start(day: date, grain: str) -> date:
    """First day of the week (Monday) or month holding ``day``."""
    if grain == "week":
        return day - timedelta(days=day.weekday())
    if grain == "month":
        return day.replace(day=1)
    return day


def period_end(start: date, grain: str) -> date:
    """First day after the period starting on ``start``."""
    if grain == "month":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(days=7 if grain == "week" else 1)


def period_range(last: date, grain: str, count: int) -> list[date]:
    """``count`` consecutive period starts ending with the one holding ``last``."""
    out = [period_start(last, grain)]
    while len(out) < count:
        prev = out[-1] - timedelta(days=1)
        out.append(period_start(prev, grain))
    return out[::-1]


def area_period_counts(complaints: pl.DataFrame, key: str, level: str, grain: str) -> pl.DataFrame:
    """``key, district, area, period, n`` from complaint rows (``district, street,
    received_at`` and the ``key`` column); for sources without a theme model (311 categories)."""
    area = pl.col("street") if level == "street" else pl.col(DISTRICT)
    every = {"week": "1w", "month": "1mo", "day": "1d"}[grain]
    return (
        complaints.filter(pl.col(key).is_not_null() & area.is_not_null())
        .group_by(
            pl.col(key).cast(pl.String).alias(KEY),
            DISTRICT,
            area.alias(AREA),
            pl.col("received_at").dt.truncate(every).dt.date().alias(PERIOD),
        )
        .agg(pl.len().alias(N))
    )


def area_period_totals(complaints: pl.DataFrame, level: str, grain: str) -> pl.DataFrame:
    """All-complaint totals ``district, area, period, total`` (the spatial baseline)."""
    counted = area_period_counts(complaints.with_columns(pl.lit("all").alias("_all")), "_all", level, grain)
    return counted.drop(KEY).rename({N: TOTAL})


@dataclass
class _Cube:
    keys: np.ndarray  # per series
    districts: np.ndarray
    areas: np.ndarray
    counts: np.ndarray  # series × periods
    spatial: np.ndarray  # series × periods
    key_city: np.ndarray  # series × periods: the key's city-wide count
    first: int  # index of the first period with any complaint (earlier ones are not history)


def _cube(counts: pl.DataFrame, totals: pl.DataFrame, periods: list[date]) -> _Cube:
    index = {p: i for i, p in enumerate(periods)}
    counts = counts.filter(pl.col(PERIOD).is_in(periods))
    series = counts.select(KEY, DISTRICT, AREA).unique().sort(KEY, DISTRICT, AREA)
    series = series.with_row_index("_s")
    cells = counts.join(series, on=[KEY, DISTRICT, AREA])
    matrix = np.zeros((series.height, len(periods)))
    t = np.array([index[p] for p in cells[PERIOD].to_list()], dtype=int)
    np.add.at(matrix, (cells["_s"].to_numpy(), t), cells[N].to_numpy())
    keys = series[KEY].to_numpy()
    unique_keys, key_of = np.unique(keys, return_inverse=True)
    city = np.zeros((len(unique_keys), len(periods)))
    np.add.at(city, key_of, matrix)
    area_total = _area_totals(totals, series, periods, index)
    city_total = _city_totals(totals, periods, index)
    share = area_total / np.maximum(city_total[None, :], 1)
    key_city = city[key_of]
    seen = np.flatnonzero(city_total > 0)
    first = int(seen[0]) if len(seen) else len(periods)
    return _Cube(
        keys, series[DISTRICT].to_numpy(), series[AREA].to_numpy(), matrix, key_city * share, key_city, first
    )


def _area_totals(
    totals: pl.DataFrame, series: pl.DataFrame, periods: list[date], index: dict[date, int]
) -> np.ndarray:
    places = series.select(DISTRICT, AREA, "_s")
    cells = totals.filter(pl.col(PERIOD).is_in(periods)).join(places, on=[DISTRICT, AREA])
    out = np.zeros((series.height, len(periods)))
    t = np.array([index[p] for p in cells[PERIOD].to_list()], dtype=int)
    np.add.at(out, (cells["_s"].to_numpy(), t), cells[TOTAL].to_numpy())
    return out


def _city_totals(totals: pl.DataFrame, periods: list[date], index: dict[date, int]) -> np.ndarray:
    by_period = totals.filter(pl.col(PERIOD).is_in(periods)).group_by(PERIOD).agg(pl.col(TOTAL).sum())
    out = np.zeros(len(periods))
    for p, total in by_period.iter_rows():
        out[index[p]] = total
    return out


def _temporal_expected(cube: _Cube, history: int, per_year: int) -> tuple[np.ndarray, list[str]]:
    """Own mean of the previous ``history`` known periods, shrunk to the spatial level, × season.

    Returns the expectation (NaN where no known period precedes the cell) and, per period,
    where it came from (:data:`FROM_SEASON`, :data:`FROM_RECENT` or :data:`FROM_NONE`).
    """
    n_series, n_periods = cube.counts.shape
    expected = np.full((n_series, n_periods), np.nan)
    source = [FROM_NONE] * n_periods
    for t in range(cube.first + 1, n_periods):
        low = max(t - history, cube.first)
        span = t - low
        past = cube.counts[:, low:t].sum(axis=1)
        prior = cube.spatial[:, low:t].mean(axis=1)
        season = _season(cube.key_city, t, history, per_year, cube.first)
        source[t] = FROM_RECENT if season is None else FROM_SEASON
        factor = np.ones(n_series) if season is None else season
        expected[:, t] = np.maximum((past + prior) / (span + 1) * factor, 1e-3)
    return expected, source


def _season(city: np.ndarray, t: int, history: int, per_year: int, first: int) -> np.ndarray | None:
    """The key's city-wide count in the same period last year against the ``history`` periods
    before it; None when those periods are not all known (less than a year of history)."""
    last = t - per_year
    if last - history < first:
        return None
    ratio = (city[:, last] + 1) / (city[:, last - history : last].mean(axis=1) + 1)
    return np.clip(ratio, 0.2, 20.0)


def fdr(p_values: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg q-values of ``p_values`` (NaN = not tested, stays NaN)."""
    q = np.full(p_values.shape, np.nan)
    tested = ~np.isnan(p_values)
    p = p_values[tested]
    if not len(p):
        return q
    order = np.argsort(p)
    ranked = p[order] * len(p) / np.arange(1, len(p) + 1)
    monotone = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(len(p))
    out[order] = np.minimum(monotone, 1.0)
    q[tested] = out
    return q


def _rolling(values: np.ndarray, steps: int) -> np.ndarray:
    """Sum over each period and the ``steps - 1`` before it (fewer at the start)."""
    out = np.cumsum(values, axis=1)
    out[:, steps:] = out[:, steps:] - out[:, :-steps]
    return out


def _hot_cold(cube: _Cube, params: HotspotParams, window: slice) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Hot / cold per cell against the spatial expectation, over a time neighbourhood, and the
    hot test's q-value (NaN where the cell was not tested).

    Like the space-time cube's "neighborhood time step", a cell is judged with the
    ``time_steps - 1`` periods before it: a district that always has twice its share of a theme
    is a hot spot even when each month alone holds too few complaints to prove it. Cells of the
    ``window`` with at least ``min_count`` complaints are tested; Benjamini–Hochberg over all
    of them decides which are hot.
    """
    counts = _rolling(cube.counts, params.time_steps)
    spatial = np.maximum(_rolling(cube.spatial, params.time_steps), 1e-9)
    tested = np.zeros(counts.shape, dtype=bool)
    tested[:, window] = (counts[:, window] >= params.min_count) & (cube.counts[:, window] >= 1)
    tested[:, : cube.first] = False
    p_hot = np.where(tested, poisson.sf(counts - 1, spatial), np.nan)
    q = fdr(p_hot)
    hot = np.nan_to_num(q, nan=1.0) <= params.fdr_q
    cold = (poisson.cdf(counts, spatial) < params.alpha) & (spatial >= params.min_cold_expected)
    return hot, cold, q


def _pattern(hot: np.ndarray, cold: np.ndarray, tau: float, p: float, params: HotspotParams) -> str:
    """ArcGIS emerging-hot-spot categories (hot-spot side) for one series' window."""
    n = len(hot)
    share = hot.mean()
    final = bool(hot[-1])
    mostly = share >= params.share_persistent - 1e-9
    if not final:
        return "historical" if hot[:-1].mean() >= params.share_persistent - 1e-9 else ""
    if hot[:-1].sum() == 0:
        return "new"
    if mostly:
        if p < params.trend_alpha:
            return "intensifying" if tau > 0 else "diminishing"
        return "persistent"
    run = n - np.flatnonzero(~hot)[-1] - 1
    if cold.any():
        return "oscillating"
    if run >= 2 and hot[: n - run].sum() == 0:
        return "consecutive"
    return "sporadic"


def hotspots(
    counts: pl.DataFrame,
    totals: pl.DataFrame,
    last: date,
    grain: str,
    params: HotspotParams = HotspotParams(),
) -> pl.DataFrame:
    """One row per key × area with data in the window: the final period's figures and pattern."""
    per_year = PERIODS_PER_YEAR[grain]
    periods = period_range(last, grain, params.window + params.history + per_year)
    cube = _cube(counts, totals, periods)
    if not len(cube.keys):
        return _empty()
    expected, source = _temporal_expected(cube, params.history, per_year)
    w = slice(len(periods) - params.window, len(periods))
    hot, cold, q = _hot_cold(cube, params, w)
    keep = cube.counts[:, w].sum(axis=1) > 0
    tau, p_trend, slope = mann_kendall(cube.counts[:, w])
    observed = cube.counts[:, -1]
    exp_now = np.nan_to_num(expected[:, -1], nan=1e-3)
    p_now = poisson.sf(observed - 1, exp_now)
    patterns = [_pattern(hot[i, w], cold[i, w], tau[i], p_trend[i], params) for i in range(len(tau))]
    frame = pl.DataFrame(
        {
            KEY: cube.keys,
            DISTRICT: cube.districts,
            AREA: cube.areas,
            PERIOD: [periods[-1]] * len(cube.keys),
            "observed": observed.astype(np.int64),
            "expected": np.round(exp_now, 3),
            "excess": np.round(observed - exp_now, 3),
            "z": np.round((observed - exp_now) / np.sqrt(exp_now), 3),
            "p_value": p_now,
            "score": np.round(-np.log10(np.maximum(p_now, 1e-300)), 3),
            "spatial_expected": np.round(cube.spatial[:, -1], 3),
            "hot": hot[:, -1],
            "q_value": pl.Series(np.round(q[:, -1], 6), nan_to_null=True),
            "expected_from": [source[-1]] * len(cube.keys),
            "periods_hot": hot[:, w].sum(axis=1).astype(np.int64),
            "pattern": patterns,
            "trend_tau": np.round(tau, 3),
            "trend_p": np.round(p_trend, 4),
            "sen_slope": np.round(slope, 3),
            "counts": [row.astype(np.int64).tolist() for row in cube.counts[:, w]],
        }
    )
    return frame.filter(pl.Series(keep)).with_columns(pl.lit(grain).alias("grain"))


def _empty() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            KEY: pl.String,
            DISTRICT: pl.String,
            AREA: pl.String,
            PERIOD: pl.Date,
            "observed": pl.Int64,
            "expected": pl.Float64,
            "excess": pl.Float64,
            "z": pl.Float64,
            "p_value": pl.Float64,
            "score": pl.Float64,
            "spatial_expected": pl.Float64,
            "hot": pl.Boolean,
            "q_value": pl.Float64,
            "expected_from": pl.String,
            "periods_hot": pl.Int64,
            "pattern": pl.String,
            "trend_tau": pl.Float64,
            "trend_p": pl.Float64,
            "sen_slope": pl.Float64,
            "counts": pl.List(pl.Int64),
            "grain": pl.String,
        }
    )


def bursts(
    counts: pl.DataFrame,
    totals: pl.DataFrame,
    last: date,
    grain: str = "week",
    params: HotspotParams = HotspotParams(),
) -> pl.DataFrame:
    """Short bursts in the window: a cell far above its own past after ``burst_quiet`` calm periods.

    Meant for street × week (or day) counts of distinct callers, so one caller phoning ten times
    is not a burst; the strict tail keeps chance triples in thousands of cells out.
    """
    periods = period_range(last, grain, params.window + params.history)
    cube = _cube(counts, totals, periods)
    if not len(cube.keys):
        return pl.DataFrame(schema=BURST_SCHEMA)
    expected, _ = _temporal_expected(cube, params.history, PERIODS_PER_YEAR[grain])
    p = np.nan_to_num(poisson.sf(cube.counts - 1, expected), nan=1.0)
    unusual = (p < params.alpha) & (cube.counts >= params.min_count)
    flagged = (p < params.burst_alpha) & (cube.counts >= params.burst_min_count)
    rows = []
    for s, t in zip(*np.nonzero(flagged), strict=True):
        if t < cube.first + params.history or unusual[s, max(0, t - params.burst_quiet) : t].any():
            continue
        rows.append(
            (
                cube.keys[s],
                cube.districts[s],
                cube.areas[s],
                periods[t],
                int(cube.counts[s, t]),
                round(float(expected[s, t]), 3),
                round(float(-np.log10(max(p[s, t], 1e-300))), 3),
                grain,
            )
        )
    return pl.DataFrame(rows, schema=BURST_SCHEMA, orient="row").sort("score", descending=True)
