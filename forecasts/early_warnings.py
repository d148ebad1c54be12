"""Early warnings: series whose coming 7 / 30 days look clearly heavier than a baseline.

For each series and window (the first 7 and 30 forecast days) the forecast total is compared with
two baselines:

* ``last_year``: the same days 52 weeks earlier (364 days, so weekdays line up), when the history
  covers them;
* ``recent``: the mean of the last 28 days of history times the window length.

A warning fires when the forecast total exceeds the baseline by at least ``margin`` (default
25%, see :class:`forecasts.config.WarningRule`) *and* the interval's lower bound (80%) is clear
of the baseline too, so noise around a flat series
does not fire. The lower bound of a total is taken as the sum of the daily lower bounds — the
bound if the days moved together, hence conservative. ``min_volume`` keeps a jump from 2 to 4
complaints out of the list. Sizes: ``excess`` (complaints above baseline) and ``ratio`` (NaN when
the baseline is 0).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analytics.vocabulary import DS, UNIQUE_ID, Y
from forecasts.config import WarningRule
from forecasts.models import MODEL, YHAT

LAST_YEAR = "last_year"
RECENT = "recent"
WARNING_COLUMNS = (
    UNIQUE_ID,
    MODEL,
    "window_days",
    "basis",
    "period_start",
    "period_end",
    "forecast",
    "lower",
    "baseline",
    "excess",
    "ratio",
)
_YEAR_LAG = pd.Timedelta(days=364)


def _baselines(
    history: pd.Series, start: pd.Timestamp, end: pd.Timestamp, days: int, recent_days: int
) -> dict[str, float]:
    """Baseline totals for one series; a basis whose history is incomplete is left out."""
    out: dict[str, float] = {}
    last_year = history.loc[start - _YEAR_LAG : end - _YEAR_LAG]
    if len(last_year) == days:
        out[LAST_YEAR] = float(last_year.sum())
    recent = history.iloc[-recent_days:]
    if len(recent) == recent_days:
        out[RECENT] = float(recent.mean() * days)
    return out


def early_warnings(
    forecasts: pd.DataFrame, history: pd.DataFrame, rule: WarningRule | None = None
) -> pd.DataFrame:
    """One row per series × window × basis that fires, largest excess first."""
    rule = rule or WarningRule()
    lower_col = f"lo{rule.interval}"
    histories = {uid: g.set_index(DS)[Y].sort_index() for uid, g in history.groupby(UNIQUE_ID)}
    rows = []
    for uid, fc in forecasts.sort_values(DS).groupby(UNIQUE_ID, sort=True):
        if uid not in histories:
            continue
        for days in rule.windows:
            window = fc.iloc[:days]
            if len(window) < days:
                continue
            start, end = window[DS].iloc[0], window[DS].iloc[-1]
            total, lower = float(window[YHAT].sum()), float(window[lower_col].sum())
            for basis, baseline in _baselines(histories[uid], start, end, days, rule.recent_days).items():
                if total >= rule.min_volume and total >= baseline * (1 + rule.margin) and lower > baseline:
                    ratio = total / baseline if baseline > 0 else np.nan  # new series: no ratio
                    rows.append(
                        (
                            uid,
                            window[MODEL].iloc[0],
                            days,
                            basis,
                            start,
                            end,
                            total,
                            lower,
                            baseline,
                            total - baseline,
                            ratio,
                        )
                    )
    out = pd.DataFrame(rows, columns=list(WARNING_COLUMNS))
    return out.sort_values("excess", ascending=False, ignore_index=True)
