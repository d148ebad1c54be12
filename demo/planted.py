"""The planted ground truth: five patterns a good analytics pipeline should find.

* emerging — a new theme starts in a few streets of one district and spreads to neighbours;
* persistent — a cross-district problem every month, with resolution far below average;
* burst — one week of a problem confined to one street (a named site or 小区);
* seasonal — heating, which a forecast should anticipate (Nov 15 jump, cold waves, mid-March end);
* treated — a 每月一题 topic whose volume falls after a given month, season otherwise unchanged.

The seed picks the themes (independently of the date range) and the places; dates are placed
inside the requested range so every pattern is visible whatever the range.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np

from demo.geography import RURAL, Geography
from demo.taxonomy import CategoryTable
from demo.themes import CANDIDATES, SITE_KINDS, Theme
from demo.timeline import heating_curve

KINDS = ("emerging", "persistent", "burst", "seasonal", "treated")


@dataclass(frozen=True)
class PlantedItem:
    kind: str
    theme: Theme
    rows: np.ndarray  # category row indices
    row_p: np.ndarray
    start: date
    end: date
    streets: np.ndarray  # street indices that may carry the theme
    street_p: np.ndarray  # static weights (emerging: ignored, see street_weights)
    street_start: tuple[date, ...] = ()  # emerging: activation day per street
    ramp_days: int = 1
    site: str = ""  # burst: the named site / 小区
    community: int = -1  # burst: fixed community when the place is a 小区
    effect: float = 0.0  # treated: fractional drop after start
    info: dict = field(default_factory=dict)

    def street_weights(self, day: date) -> tuple[np.ndarray, np.ndarray]:
        """Streets active on ``day`` and their relative intensity (emerging ramps up per street)."""
        if not self.street_start:
            return self.streets, self.street_p
        age = np.array([(day - s).days for s in self.street_start], dtype=float)
        w = np.clip((age + 1) / self.ramp_days, 0, 1)
        keep = w > 0
        return self.streets[keep], w[keep]


def _district_streets(geo: Geography, d: int) -> np.ndarray:
    return np.flatnonzero(geo.street_district == d)


def _weighted(rng: np.random.Generator, idx: np.ndarray, w: np.ndarray) -> int:
    return int(rng.choice(idx, p=w / w.sum()))


def _emerging(
    rng: np.random.Generator, theme: Theme, geo: Geography, days: list[date], rows: np.ndarray
) -> PlantedItem:
    counts = np.bincount(geo.street_district, minlength=len(geo.districts))
    dp = geo.district_weight * (counts >= 9)
    d = int(rng.choice(len(dp), p=dp / dp.sum()))
    local = _district_streets(geo, d)
    origin = _weighted(rng, local, geo.street_p[local])
    near = [s for s in geo.neighbours(origin, 40) if geo.street_district[s] == d]
    initial = [origin, *near[: int(rng.integers(1, 3))]]
    span = len(days)
    start = days[0] + timedelta(days=int(span * rng.uniform(0.1, 0.3)))
    every = int(np.clip(span // 8, 7, 45))
    stages = [(start, initial)]
    active = list(initial)
    k = 1
    while (when := start + timedelta(days=k * every)) <= days[-1] and len(active) < 24:
        picks = _spread_step(geo, active, same_district=d if k <= 2 else None)
        active += picks
        stages.append((when, picks))
        k += 1
    street_start = tuple(when for when, picks in stages for _ in picks)
    info = {
        "origin_district": geo.districts[d],
        "spread_every_days": every,
        "spread_schedule": [
            {"date": when.isoformat(), "streets": _names(geo, picks)} for when, picks in stages
        ],
    }
    return PlantedItem(
        "emerging",
        theme,
        rows,
        np.ones(1),
        start,
        days[-1],
        np.array(active),
        np.ones(len(active)),
        street_start,
        ramp_days=int(np.clip(span // 12, 5, 30)),
        info=info,
    )


def _spread_step(geo: Geography, active: list[int], same_district: int | None) -> list[int]:
    """Next streets: nearest to the cluster; first within the district, then across borders."""
    lon = geo.street_lon[active].mean()
    lat = geo.street_lat[active].mean()
    dist = np.hypot(geo.street_lon - lon, (geo.street_lat - lat) * 1.3)
    order = [int(i) for i in np.argsort(dist, kind="stable") if i not in active]
    if same_district is not None:
        local = [i for i in order if geo.street_district[i] == same_district]
        return local[:2] if local else order[:2]
    districts = {int(geo.street_district[i]) for i in active}
    outside = [i for i in order if int(geo.street_district[i]) not in districts]
    picks = outside[:1]
    return picks + [i for i in order if i not in picks][:1]


def _names(geo: Geography, streets: list[int] | np.ndarray) -> list[dict[str, str]]:
    return [
        {"district": geo.districts[geo.street_district[s]], "street": str(geo.street_name[s])}
        for s in streets
    ]


def _area_weights(geo: Geography, cats: CategoryTable, rows: np.ndarray, streets: np.ndarray) -> np.ndarray:
    area = cats.area[rows].mean(axis=0)
    return geo.street_p[streets] * area[geo.street_class[streets]]


def _persistent(
    rng: np.random.Generator,
    theme: Theme,
    geo: Geography,
    cats: CategoryTable,
    days: list[date],
    rows: np.ndarray,
) -> PlantedItem:
    k = int(rng.integers(5, 9))
    chosen = np.sort(rng.choice(len(geo.districts), size=k, replace=False, p=geo.district_weight))
    streets = np.flatnonzero(np.isin(geo.street_district, chosen))
    info = {"districts": [geo.districts[d] for d in chosen]}
    return PlantedItem(
        "persistent",
        theme,
        rows,
        np.ones(1),
        days[0],
        days[-1],
        streets,
        _area_weights(geo, cats, rows, streets),
        info=info,
    )


def _burst(
    rng: np.random.Generator, theme: Theme, geo: Geography, days: list[date], rows: np.ndarray
) -> PlantedItem:
    urban = np.flatnonzero(geo.street_class != RURAL)
    street = _weighted(rng, urban, geo.street_p[urban])
    first = int(geo.community_start[street])
    community = first + int(rng.integers(0, min(4, geo.community_count[street])))
    night_site = theme.hours == "night"
    site = (
        str(geo.street_stem[street]) + SITE_KINDS[int(rng.integers(0, len(SITE_KINDS)))]
        if night_site
        else str(geo.place_name[community])
    )
    span = len(days)
    offset = int((span - 7) * rng.uniform(0.3, 0.8)) if span >= 14 else 0
    start = days[0] + timedelta(days=offset)
    end = min(start + timedelta(days=6), days[-1])
    info = {"site": site}
    return PlantedItem(
        "burst",
        theme,
        rows,
        np.ones(1),
        start,
        end,
        np.array([street]),
        np.ones(1),
        site=site,
        community=-1 if night_site else community,
        info=info,
    )


def _treated_start(rng: np.random.Generator, days: list[date]) -> date:
    span = len(days)
    lo, hi = days[0] + timedelta(days=int(span * 0.35)), days[0] + timedelta(days=int(span * 0.65))
    months = [d for d in days if d.day == 1 and lo <= d <= hi]
    if span >= 90 and months:
        return months[int(rng.integers(0, len(months)))]
    return days[span // 2]


def plan_planted(seed: int, days: list[date], geo: Geography, cats: CategoryTable) -> tuple[PlantedItem, ...]:
    """The five planted items for a seed and a date range."""
    themes = {}
    for i, kind in enumerate(KINDS):
        pick = np.random.default_rng([seed, 8001, i])
        themes[kind] = CANDIDATES[kind][int(pick.integers(0, len(CANDIDATES[kind])))]
    rngs = {kind: np.random.default_rng([seed, 8002, i]) for i, kind in enumerate(KINDS)}

    def rows_of(theme: Theme) -> np.ndarray:
        return np.array([cats.index(*r) for r in theme.rows])

    every = np.arange(geo.n_streets)
    seasonal_rows = rows_of(themes["seasonal"])
    treated_rows = rows_of(themes["treated"])
    effect = float(rngs["treated"].uniform(0.4, 0.6))
    treated = PlantedItem(
        "treated",
        themes["treated"],
        treated_rows,
        np.ones(1),
        _treated_start(rngs["treated"], days),
        days[-1],
        every,
        _area_weights(geo, cats, treated_rows, every),
        ramp_days=14,
        effect=effect,
        info={"effect": round(effect, 3), "ramp_days": 14},
    )
    seasonal = PlantedItem(
        "seasonal",
        themes["seasonal"],
        seasonal_rows,
        np.array(themes["seasonal"].row_weights),
        days[0],
        days[-1],
        every,
        _area_weights(geo, cats, seasonal_rows, every),
    )
    return (
        _emerging(rngs["emerging"], themes["emerging"], geo, days, rows_of(themes["emerging"])),
        _persistent(rngs["persistent"], themes["persistent"], geo, cats, days, rows_of(themes["persistent"])),
        _burst(rngs["burst"], themes["burst"], geo, days, rows_of(themes["burst"])),
        seasonal,
        treated,
    )


def owned_rows(items: tuple[PlantedItem, ...]) -> np.ndarray:
    """Category rows whose whole volume comes from a planted item (no background)."""
    return np.concatenate([it.rows for it in items if it.kind in ("persistent", "seasonal", "treated")])


def item_rates(
    items: tuple[PlantedItem, ...],
    days: list[date],
    day_factor: np.ndarray,
    row_volume: np.ndarray,
    season: dict[str, np.ndarray],
    cats: CategoryTable,
    waves: list,
) -> np.ndarray:
    """Expected planted tickets per item and day at scale 1 (items × days).

    ``row_volume`` is the background volume a category row would have had each day (rows × days);
    treated topics keep it (with their season) and lose ``effect`` after the start.
    """
    out = np.zeros((len(items), len(days)))
    ordinal = np.array([d.toordinal() for d in days])
    for k, it in enumerate(items):
        inside = (ordinal >= it.start.toordinal()) & (ordinal <= it.end.toordinal())
        row_season = season[cats.season[it.rows[0]]]
        if it.kind == "emerging":
            per_day = [it.street_weights(d)[1].sum() for d in days]
            out[k] = it.theme.rate * np.array(per_day) * day_factor * inside
        elif it.kind == "persistent":
            out[k] = it.theme.rate * row_season * day_factor
        elif it.kind == "burst":
            out[k] = it.theme.rate * inside
        elif it.kind == "seasonal":
            out[k] = heating_curve(days, waves) * np.sqrt(day_factor)
        else:
            since = (ordinal - it.start.toordinal()) / it.ramp_days
            drop = it.effect * np.clip(since, 0, 1)
            out[k] = row_volume[it.rows].sum(axis=0) * (1 - drop)
    return out
