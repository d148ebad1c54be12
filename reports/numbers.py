"""Numbers for people: 万/亿 in Chinese labels, thousands separators in tables, rates as percents.

These are the Jinja2 filters of the report templates; None (nothing to show) renders as ``—``.
"""

from __future__ import annotations

import datetime as dt
import math

MISSING = "—"


def _finite(value: float | None) -> float | None:
    """``value`` when there is a number to show, else None (missing, NaN or infinite)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return None
    return value


def thousands(value: float | None, decimals: int = 0) -> str:
    """``12345`` → ``12,345``; with ``decimals`` for non-integers."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{number:,.{decimals}f}"


def zh_count(value: float | None) -> str:
    """A count for a Chinese label: ``9,876``, ``1.2万``, ``1,103.9万``, ``1.41亿``."""
    number = _finite(value)
    if number is None:
        return MISSING
    size = abs(number)
    if size >= 100_000_000:
        return f"{number / 100_000_000:,.2f}亿"
    if size >= 10_000:
        return f"{number / 10_000:,.1f}万"
    return thousands(number)


def percent(value: float | None, decimals: int = 1) -> str:
    """``0.9734`` → ``97.3%``."""
    number = _finite(value)
    if number is None:
        return MISSING
    return f"{number * 100:.{decimals}f}%"


def signed_percent(value: float | None, decimals: int = 1) -> str:
    """A change: ``+12.3%``, ``−4.0%`` (a true minus sign), ``±0.0%``."""
    number = _finite(value)
    if number is None:
        return MISSING
    text = f"{abs(number) * 100:.{decimals}f}%"
    if text == f"{0:.{decimals}f}%":
        return f"±{text}"
    return f"+{text}" if number > 0 else f"−{text}"


def signed_points(value: float | None, decimals: int = 1) -> str:
    """A change of a rate in percentage points: ``−3.2 个百分点`` for −0.032."""
    number = _finite(value)
    if number is None:
        return MISSING
    text = f"{abs(number) * 100:.{decimals}f}"
    sign = "±" if float(text) == 0 else ("+" if number > 0 else "−")
    return f"{sign}{text} 个百分点"


def p_value(value: float | None) -> str:
    """``p = 0.0312`` (three significant digits); ``p < 0.0001`` below that."""
    number = _finite(value)
    if number is None:
        return f"p = {MISSING}"
    return "p < 0.0001" if number < 0.0001 else f"p = {number:.3g}"


def month(value: dt.date | None) -> str:
    """``2026-11`` for any day in the month."""
    return MISSING if value is None else f"{value:%Y-%m}"


def sort_key(value: float | None) -> str:
    """A ``data-sort`` attribute value: the number, or empty (sorted last) when missing."""
    number = _finite(value)
    if number is None:
        return ""
    return repr(float(number))


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return MISSING
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


FILTERS = {
    "thousands": thousands,
    "zh_count": zh_count,
    "percent": percent,
    "signed_percent": signed_percent,
    "signed_points": signed_points,
    "p_value": p_value,
    "month": month,
    "sort_key": sort_key,
    "day": day,
}
