"""Calendar-month arithmetic shared by the performance modules (months are their first day)."""

from __future__ import annotations

from datetime import date


def add_months(month: date, k: int) -> date:
    """The first day of the month ``k`` months after ``month`` (negative ``k`` goes back)."""
    index = month.year * 12 + month.month - 1 + k
    return date(index // 12, index % 12 + 1, 1)


def month_end(month: date) -> date:
    """The last day of ``month``."""
    return date.fromordinal(add_months(month, 1).toordinal() - 1)


def month_range(first: date, last: date) -> list[date]:
    """First days of every month from ``first`` through ``last``."""
    out = [first.replace(day=1)]
    while out[-1] < last.replace(day=1):
        out.append(add_months(out[-1], 1))
    return out
