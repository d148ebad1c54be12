"""Numbers for people: 万/亿 in Chinese labels, thousands separators in tables, rates as percents.

These are the Jinja2 filters of the report templates; None (nothing to show) renders as ``—``.
"""

from __future__ import annotations

import datetime as dt
import math

MISSING = "—"


def _finite(value: float | None) -> bool:
    return value is not None and not (isinstance(value, float) and not math.isfinite(value))


def thousands(value: float | None, decimals: int = 0) -> str:
    """``12345`` → ``12,345``; with ``decimals`` for non-integers."""
    if not _finite(value):
        return MISSING
    return f"{value:,.{decimals}f}"


def zh_count(value: float | None) -> str:
    """A count for a Chinese label: ``9,876``, ``1.2万``, ``1,103.9万``, ``1.41亿``."""
    if not _finite(value):
        return MISSING
    size = abs(value)
    if size >= 100_000_000:
        return f"{value / 100_000_000:,.2f}亿"
    if size >= 10_000:
        return f"{value / 10_000:,.1f}万"
    return thousands(value)


def percent(value: float | None, decimals: int = 1) -> str:
    """``0.9734`` → ``97.3%``."""
    if not _finite(value):
        return MISSING
    return f"{value * 100:.{decimals}f}%"


def signed_percent(value: float | None, decimals: int = 1) -> str:
    """A change: ``+12.3%``, ``−4.0%`` (a true minus sign), ``±0.0%``."""
    if not _finite(value):
        return MISSING
    text = f"{abs(value) * 100:.{decimals}f}%"
    if text == f"{0:.{decimals}f}%":
        return f"±{text}"
    return f"+{text}" if value > 0 else f"−{text}"


def signed_points(value: float | None, decimals: int = 1) -> str:
    """A change of a rate in percentage points: ``−3.2 个百分点`` for −0.032."""
    if not _finite(value):
        return MISSING
    text = f"{abs(value) * 100:.{decimals}f}"
    sign = "±" if float(text) == 0 else ("+" if value > 0 else "−")
    return f"{sign}{text} 个百分点"


def p_value(value: float | None) -> str:
    """``p = 0.0312`` (three significant digits); ``p < 0.0001`` below that."""
    if not _finite(value):
        return f"p = {MISSING}"
    return "p < 0.0001" if value < 0.0001 else f"p = {value:.3g}"


def month(value: dt.date | None) -> str:
    """``2026-11`` for any day in the month."""
    return MISSING if value is None else f"{value:%Y-%m}"


def sort_key(value: float | None) -> str:
    """A ``data-sort`` attribute value: the number, or empty (sorted last) when missing."""
    if not _finite(value):
        return ""
    return repr(float(value))


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
