"""Numbers for people: 万/亿 in Chinese labels, separators in tables, percents, missing values."""

from __future__ import annotations

import datetime as dt
import math

import pytest

from reports import numbers


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0, "0"),
        (9_999, "9,999"),  # below 万: thousands separators
        (10_000, "1.0万"),
        (12_345, "1.2万"),
        (11_039_400, "1,103.9万"),  # 2020's contacts, as the annual report writes them
        (141_000_000, "1.41亿"),
        (-25_000, "-2.5万"),
        (None, "—"),
        (math.nan, "—"),
    ],
)
def test_zh_count(value, text) -> None:
    assert numbers.zh_count(value) == text


def test_thousands_and_percent() -> None:
    assert numbers.thousands(1234567) == "1,234,567"
    assert numbers.thousands(1234.5678, 2) == "1,234.57"
    assert numbers.percent(0.97345) == "97.3%"
    assert numbers.percent(None) == "—"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.123, "+12.3%"),
        (-0.04, "−4.0%"),
        (0.0, "±0.0%"),
        (0.00001, "±0.0%"),
        (None, "—"),
    ],
)
def test_signed_percent(value, text) -> None:
    assert numbers.signed_percent(value) == text


def test_sort_key_is_numeric_or_blank() -> None:
    assert float(numbers.sort_key(12)) == 12.0
    assert numbers.sort_key(None) == ""
    assert numbers.sort_key(math.inf) == ""


def test_day() -> None:
    assert numbers.day(dt.date(2024, 6, 1)) == "2024-06-01"
    assert numbers.day(dt.datetime(2024, 6, 1, 9, 5, 7)) == "2024-06-01 09:05"
    assert numbers.day(None) == "—"
