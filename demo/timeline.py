"""Day-level shape of demo volumes: growth, weekdays, holidays, seasons and weather events.

Everything here is a pure function of dates (and the seed for weather), vectorised over a day
range, so a year costs microseconds. Calibration comes from domain.md §4 and hotline_stats.csv.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays
import numpy as np
from lunardate import LunarDate

#: Mean dispatched tickets per day at scale 1.0 (user brief: ~50k in 2023, 60–70k in 2024–25;
#: 2019–2020 from 252万 / 450万 dispatched a year).
_VOLUME_ANCHORS = {
    2018: 4_000,
    2019: 7_000,
    2020: 12_500,
    2021: 25_000,
    2022: 38_000,
    2023: 50_000,
    2024: 61_000,
    2025: 68_000,
    2026: 72_000,
}
_LATE_GROWTH = 0.04  # per year after the last anchor

#: 解决率 / 满意率 anchors (domain.md §4.1; the brief asks ≈90% → 97% over 2023–2026).
_RESOLVED = (
    (date(2019, 1, 15), 0.53),
    (date(2019, 7, 1), 0.75),
    (date(2020, 7, 1), 0.84),
    (date(2021, 7, 1), 0.88),
    (date(2023, 1, 15), 0.90),
    (date(2024, 1, 15), 0.935),
    (date(2024, 9, 15), 0.965),
    (date(2024, 12, 15), 0.97),
    (date(2025, 12, 15), 0.973),
    (date(2026, 12, 15), 0.976),
)
_SATISFIED = (
    (date(2019, 1, 15), 0.646),
    (date(2019, 7, 1), 0.87),
    (date(2020, 7, 1), 0.89),
    (date(2023, 1, 15), 0.92),
    (date(2024, 1, 15), 0.95),
    (date(2024, 9, 15), 0.969),
    (date(2024, 12, 15), 0.973),
    (date(2025, 12, 15), 0.977),
    (date(2026, 12, 15), 0.98),
)
#: Minutes from call to dispatch (5–6 min in 2024, 3.7 min in 2025).
_DISPATCH_MINUTES = (
    (date(2019, 1, 1), 20.0),
    (date(2023, 1, 1), 7.0),
    (date(2024, 6, 1), 5.5),
    (date(2025, 6, 1), 3.7),
)

#: Intraday call shape: peaks 09–11 and 14–16, little at night.
HOURS_DEFAULT = np.array(
    [
        0.25,
        0.15,
        0.1,
        0.08,
        0.08,
        0.15,
        0.4,
        1.0,
        2.6,
        4.2,
        4.4,
        3.6,
        2.3,
        2.8,
        3.9,
        4.0,
        3.5,
        2.7,
        2.0,
        1.9,
        1.8,
        1.5,
        1.0,
        0.5,
    ]
)
#: Noise is reported in the evening; a night-work burst at night.
HOURS_EVENING = np.array(
    [
        0.9,
        0.5,
        0.3,
        0.2,
        0.1,
        0.2,
        0.5,
        1.0,
        1.6,
        2.2,
        2.2,
        1.9,
        1.7,
        1.8,
        2.0,
        2.0,
        1.9,
        1.8,
        2.0,
        2.8,
        3.6,
        4.0,
        3.6,
        2.0,
    ]
)
HOURS_NIGHT = np.array(
    [
        4.0,
        3.5,
        2.5,
        1.2,
        0.5,
        0.3,
        0.5,
        0.6,
        0.8,
        0.8,
        0.7,
        0.6,
        0.5,
        0.5,
        0.5,
        0.5,
        0.5,
        0.6,
        0.8,
        1.0,
        1.5,
        2.5,
        4.0,
        4.5,
    ]
)
HOUR_PROFILES = {"default": HOURS_DEFAULT, "evening": HOURS_EVENING, "night": HOURS_NIGHT}

#: Month multipliers (Jan..Dec) per seasonal profile of a category.
_MONTHLY = {
    "flat": (1,) * 12,
    "noise": (0.55, 0.55, 0.7, 0.8, 1.6, 1.85, 1.9, 1.8, 1.35, 1.0, 0.7, 0.55),
    "rain": (0.25, 0.25, 0.35, 0.5, 0.8, 1.4, 2.6, 2.4, 1.2, 0.6, 0.35, 0.25),
    "summer": (0.8, 0.8, 0.9, 1.0, 1.15, 1.3, 1.35, 1.3, 1.1, 1.0, 0.9, 0.85),
    "dust": (0.8, 0.9, 1.5, 1.7, 1.4, 1.0, 0.8, 0.8, 0.9, 1.0, 1.0, 0.9),
    "school": (0.6, 0.7, 0.9, 1.6, 1.9, 1.9, 1.7, 1.5, 1.4, 0.7, 0.6, 0.6),
    "outdoor": (0.7, 0.7, 0.9, 1.2, 1.35, 1.35, 1.3, 1.3, 1.2, 1.1, 0.8, 0.7),
    "wages": (1.9, 1.5, 0.9, 0.8, 0.8, 0.85, 0.85, 0.85, 0.9, 0.95, 1.2, 1.8),
    "shopping": (1.0, 0.9, 0.9, 0.9, 1.0, 1.25, 1.0, 0.95, 0.95, 1.0, 1.45, 1.1),
    "travel": (0.9, 1.1, 0.8, 0.9, 1.1, 0.9, 1.3, 1.4, 0.9, 1.5, 0.8, 0.8),
}
SEASONS = tuple(_MONTHLY)


def date_range(start: date, end: date) -> list[date]:
    """Inclusive list of days."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


@cache
def _cn_holidays(year: int) -> holidays.HolidayBase:
    return holidays.China(years=[year])


def spring_festival(year: int) -> date:
    """Lunar new year's day of ``year``."""
    return LunarDate(year, 1, 1).to_solar_date()


def day_factor(day: date) -> float:
    """Relative call volume of a day: workdays 1, weekends lower, holidays and Spring Festival lowest."""
    hol = _cn_holidays(day.year)
    lunar = (day - spring_festival(day.year)).days
    if lunar < -20:  # late January days belong to the previous lunar year's holiday
        lunar = (day - spring_festival(day.year - 1)).days
    festival = {-1: 0.45, 0: 0.38, 1: 0.42, 2: 0.45, 3: 0.5, 4: 0.55, 5: 0.6, 6: 0.65}
    if lunar in festival:
        return festival[lunar]
    if day.month == 10 and day.day <= 7:  # National Day Golden Week
        return 0.6
    base = (
        0.62
        if day in hol
        else (0.95 if day in hol.weekend_workdays else (0.72 if day.weekday() >= 5 else 1.0))
    )
    if 7 <= lunar <= 14:  # the city comes back slowly after the festival
        base *= 0.8 + 0.025 * (lunar - 7)
    return base


def day_factors(days: list[date]) -> np.ndarray:
    return np.array([day_factor(d) for d in days])


def _interp(days: list[date], anchors: tuple[tuple[date, float], ...]) -> np.ndarray:
    x = np.array([d.toordinal() for d in days], dtype=float)
    ax = np.array([a[0].toordinal() for a in anchors], dtype=float)
    return np.interp(x, ax, np.array([a[1] for a in anchors]))


def base_volume(days: list[date]) -> np.ndarray:
    """Mean tickets per day at scale 1 before weekday/holiday effects (log-linear between years)."""
    years = sorted(_VOLUME_ANCHORS)
    ax = np.array([date(y, 7, 2).toordinal() for y in years], dtype=float)
    ay = np.log([_VOLUME_ANCHORS[y] for y in years])
    x = np.array([d.toordinal() for d in days], dtype=float)
    out = np.interp(x, ax, ay)
    late = x > ax[-1]
    out[late] = ay[-1] + _LATE_GROWTH * (x[late] - ax[-1]) / 365.25
    return np.exp(out) / 0.9  # day factors average about 0.9 over a year


def resolved_rate(days: list[date]) -> np.ndarray:
    return _interp(days, _RESOLVED)


def satisfied_rate(days: list[date]) -> np.ndarray:
    return _interp(days, _SATISFIED)


def dispatch_minutes(days: list[date]) -> np.ndarray:
    return _interp(days, _DISPATCH_MINUTES)


def season_matrix(days: list[date]) -> dict[str, np.ndarray]:
    """Per seasonal profile, a smooth multiplier per day (months interpolated at mid-month)."""
    doy = np.array([d.timetuple().tm_yday for d in days], dtype=float)
    mid = np.array([15.5 + 30.44 * m for m in range(-1, 13)])
    out = {}
    for name, months in _MONTHLY.items():
        vals = np.array((months[-1], *months, months[0]), dtype=float)
        out[name] = np.interp(doy, mid, vals)
    return out


def epidemic_factor(days: list[date]) -> np.ndarray:
    """疫情防控 share multiplier: large through 2022, fading to a trickle by spring 2023."""
    anchors = (
        (date(2019, 12, 31), 0.0),
        (date(2020, 2, 1), 40.0),
        (date(2020, 7, 1), 12.0),
        (date(2021, 7, 1), 8.0),
        (date(2022, 5, 1), 30.0),
        (date(2022, 12, 15), 25.0),
        (date(2023, 1, 15), 6.0),
        (date(2023, 3, 1), 0.6),
        (date(2023, 6, 1), 0.2),
    )
    return _interp(days, anchors)


@dataclass(frozen=True)
class WeatherEvent:
    kind: str  # "storm" or "cold_wave"
    start: date
    days: int
    strength: float


def storms(seed: int, year: int) -> list[WeatherEvent]:
    """Seeded rainstorms between late July and mid August (RAIN2023: 72 h of 3.3万 calls)."""
    rng = np.random.default_rng([seed, 7101, year])
    n = int(rng.integers(2, 4))
    offsets = np.sort(rng.choice(np.arange(0, 27), size=n, replace=False))
    starts = [date(year, 7, 18) + timedelta(days=int(o)) for o in offsets]
    out, last = [], date.min
    for s in starts:
        if s <= last:
            continue
        length = int(rng.integers(1, 3))
        out.append(WeatherEvent("storm", s, length, float(rng.uniform(12, 28))))
        last = s + timedelta(days=length + 1)
    return out


def cold_waves(seed: int, winter: int) -> list[WeatherEvent]:
    """Seeded cold waves of the heating season starting in November of ``winter``."""
    rng = np.random.default_rng([seed, 7102, winter])
    n = int(rng.integers(2, 5))
    window = date(winter + 1, 2, 20) - date(winter, 12, 1)
    offsets = np.sort(rng.choice(np.arange(0, window.days, 9), size=n, replace=False))
    return [
        WeatherEvent(
            "cold_wave",
            date(winter, 12, 1) + timedelta(days=int(o)),
            int(rng.integers(3, 6)),
            float(rng.uniform(1.5, 2.2)),
        )
        for o in offsets
    ]


def storm_factor(days: list[date], events: list[WeatherEvent]) -> np.ndarray:
    """Multiplier for rain categories: the storm days, then a two-day tail of leaks and water."""
    out = np.ones(len(days))
    index = {d: i for i, d in enumerate(days)}
    for ev in events:
        for k in range(ev.days + 2):
            i = index.get(ev.start + timedelta(days=k))
            if i is not None:
                tail = 1.0 if k < ev.days else (0.35 if k == ev.days else 0.12)
                out[i] = max(out[i], 1 + (ev.strength - 1) * tail)
    return out


def heating_curve(days: list[date], waves: list[WeatherEvent]) -> np.ndarray:
    """Heating complaints at scale 1: trickle off-season, trial firing, Nov 15 peak, waves, mid-March end."""
    out = np.empty(len(days))
    for i, d in enumerate(days):
        start = date(d.year, 11, 15) if d.month >= 7 else date(d.year - 1, 11, 15)
        since = (d - start).days
        end = date(start.year + 1, 3, 15)
        if since < -14:
            rate = 4.0
        elif since < 0:  # trial firing from early November
            rate = 40.0 + 35.0 * (since + 14)
        elif d <= end:
            rate = 850.0 + 4200.0 * np.exp(-since / 1.6)
        else:
            rate = 4.0 + 600.0 * np.exp(-(d - end).days / 5.0)
        out[i] = rate
    return out * storm_factor(days, waves)


def events_in(days: list[date], seed: int) -> tuple[list[WeatherEvent], list[WeatherEvent]]:
    """Storms and cold waves touching a range of days (cold waves of every winter it overlaps)."""
    if not days:
        return [], []
    years = range(days[0].year, days[-1].year + 1)
    storm_list = [e for y in years for e in storms(seed, y)]
    waves = [e for y in range(days[0].year - 1, days[-1].year + 1) for e in cold_waves(seed, y)]
    lo, hi = days[0], days[-1]
    keep = [e for e in storm_list if e.start <= hi and e.start + timedelta(days=e.days + 2) >= lo]
    keep_w = [e for e in waves if e.start <= hi and e.start + timedelta(days=e.days) >= lo]
    return keep, keep_w
