"""Calendar features for daily complaint volume: Chinese holidays and Beijing's heating season.

Holidays come from the ``holidays`` package (CN), not ``chinesecalendar``, because the latter
stops at 2026 and a 30-day horizon crosses year ends. ``holidays`` also lists the weekend days
that are adjusted working days (调休上班), which the hotline treats as ordinary weekdays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

import numpy as np
import pandas as pd

from analytics.vocabulary import DS
from forecasts.config import HeatingSeason

DAY_OFF = "day_off"
ADJUSTED_WORKDAY = "adjusted_workday"
SPRING_FESTIVAL = "spring_festival"
HEATING = "heating"
HEATING_ONSET = "heating_onset"

_SPRING_FESTIVAL_NAME = "Chinese New Year (Spring Festival)"


@cache
def cn_calendar(years: tuple[int, ...]) -> tuple[dict[dt.date, str], frozenset[dt.date]]:
    """(official days off → name, weekend days that are adjusted working days) for ``years``."""
    import holidays

    calendar = holidays.country_holidays("CN", years=years, language="en_US")
    names = dict(calendar.items())
    # weekend_workdays also carries a few class-level dates from other years: keep ours.
    workdays = frozenset(d for d in calendar.weekend_workdays if d.year in years)
    return names, workdays


def holiday_frame(years: Iterable[int], spring_festival_window: tuple[int, int] = (-7, 14)) -> pd.DataFrame:
    """Prophet's ``holidays`` frame: days off, adjusted working days and a Spring Festival window.

    Every official day off shares one effect (like an extra Sunday); each adjusted working day
    shares another; Lunar New Year's day anchors a window with one effect per offset day.
    """
    names, workdays = cn_calendar(tuple(sorted(set(years))))
    lower, upper = spring_festival_window
    rows = [(DAY_OFF, d, 0, 0) for d in sorted(names)]
    rows += [(ADJUSTED_WORKDAY, d, 0, 0) for d in sorted(workdays)]
    new_years = lunar_new_years(names)
    rows += [(SPRING_FESTIVAL, d, lower, upper) for d in new_years]
    frame = pd.DataFrame(rows, columns=["holiday", DS, "lower_window", "upper_window"])
    frame[DS] = pd.to_datetime(frame[DS])
    return frame


def lunar_new_years(names: dict[dt.date, str]) -> list[dt.date]:
    """The first day named Spring Festival in each year (Lunar New Year's day)."""
    first: dict[int, dt.date] = {}
    for day in sorted(names):
        if _SPRING_FESTIVAL_NAME in names[day] and "observed" not in names[day]:
            first.setdefault(day.year, day)
    return sorted(first.values())


def heating_features(ds: pd.Series, season: HeatingSeason | None = None) -> pd.DataFrame:
    """``heating`` (1 inside 15 Nov – 15 Mar) and ``heating_onset`` (a decaying first-days peak)."""
    season = season or HeatingSeason()
    dates = pd.to_datetime(ds).reset_index(drop=True)
    month_day = dates.dt.month * 100 + dates.dt.day
    start = season.start[0] * 100 + season.start[1]
    end = season.end[0] * 100 + season.end[1]
    inside = (month_day >= start) | (month_day <= end)
    start_year = np.where(dates.dt.month >= season.start[0], dates.dt.year, dates.dt.year - 1)
    starts = pd.to_datetime(
        pd.DataFrame({"year": start_year, "month": season.start[0], "day": season.start[1]})
    )
    days_in = (dates - starts).dt.days.to_numpy()
    onset = np.where(
        (days_in >= 0) & (days_in < season.onset_days),
        np.exp(-np.clip(days_in, 0, None) / season.onset_decay_days),
        0.0,
    )
    return pd.DataFrame({HEATING: inside.astype(float).to_numpy(), HEATING_ONSET: onset})
