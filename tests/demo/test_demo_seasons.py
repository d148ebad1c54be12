"""Seasonal and weather shapes, handling times, and the rising resolution trend."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from analytics import vocabulary as vocab
from demo import demo_records
from tests.demo.conftest import Year


def _by_day(frame: pl.DataFrame, l2: str) -> dict[date, int]:
    sub = frame.filter(pl.col("demo_true_l2") == l2)
    return dict(sub.group_by(pl.col(vocab.RECEIVED_AT).dt.date()).len().rows())


def test_heating_season_shape(year: Year) -> None:
    heat = _by_day(year.frame, "供暖")
    early_nov = sum(heat.get(date(2024, 11, d), 0) for d in range(1, 8)) / 7
    first_day = heat[date(2024, 11, 15)]
    july = sum(heat.get(date(2024, 7, d), 0) for d in range(1, 32))
    december = sum(heat.get(date(2024, 12, d), 0) for d in range(1, 32))
    assert first_day > 3 * max(early_nov, 1)
    assert first_day == max(heat.get(date(2024, 11, d), 0) for d in range(15, 31))
    assert july <= 3
    assert december > 20 * max(july, 1)
    april = sum(heat.get(date(2024, 4, d), 0) for d in range(1, 31))
    assert april < 0.1 * december  # the season ends mid-March


def test_noise_rises_into_summer(year: Year) -> None:
    noise = year.frame.filter(pl.col("demo_true_l2") == "噪声")
    month = noise.group_by(pl.col(vocab.RECEIVED_AT).dt.month().alias("m")).len()
    counts = dict(month.rows())
    assert sum(counts[m] for m in (5, 6, 7, 8)) / 4 > 2 * sum(counts[m] for m in (1, 2)) / 2
    assert counts[5] > 1.5 * counts[4]


def test_storm_days_spike_rain_complaints(year: Year) -> None:
    storms = year.ctx.events["storms"]
    assert storms
    rain = year.frame.filter(pl.col("demo_true_l2").is_in(["房屋漏雨", "道路积水"]))
    daily = dict(rain.group_by(pl.col(vocab.RECEIVED_AT).dt.date()).len().rows())
    june = sorted(daily.get(date(2024, 6, d), 0) for d in range(1, 31))
    for storm in storms:
        assert daily.get(storm.start, 0) > 4 * max(june[15], 1)


def test_handling_times_are_minutes_hours_days(year: Year) -> None:
    f = year.frame.filter(pl.col(vocab.CLOSED_AT).is_not_null())
    dispatch = (f[vocab.DISPATCHED_AT] - f[vocab.RECEIVED_AT]).dt.total_seconds().median() / 60
    respond = (f[vocab.RESPONDED_AT] - f[vocab.DISPATCHED_AT]).dt.total_seconds().median() / 3600
    close = (f[vocab.CLOSED_AT] - f[vocab.RECEIVED_AT]).dt.total_seconds().median() / 86400
    assert 2 < dispatch < 10
    assert 0.3 < respond < 16
    assert 1 < close < 7


def test_recent_records_are_more_often_open(year: Year) -> None:
    f = year.frame.with_columns(pl.col(vocab.CLOSED_AT).is_null().alias("open"))
    december = f.filter(pl.col(vocab.RECEIVED_AT) >= pl.datetime(2024, 12, 25))["open"].mean()
    summer = f.filter(pl.col(vocab.RECEIVED_AT).dt.month() == 7)["open"].mean()
    assert december > 0.3 > 0.01 > summer


def test_hard_topics_resolve_worse(year: Year) -> None:
    closed = year.frame.filter(pl.col(vocab.RESOLVED).is_not_null())
    overall = closed[vocab.RESOLVED].mean()
    for l2 in ("物业管理", "停车管理"):
        assert closed.filter(pl.col("demo_true_l2") == l2)[vocab.RESOLVED].mean() < overall


def test_resolution_rises_over_the_years() -> None:
    rates = []
    for y in (2023, 2024, 2025):
        frame = demo_records(date(y, 4, 1), date(y, 4, 1) + timedelta(days=29), 0.004, 0)
        closed = frame.filter(pl.col(vocab.RECEIVED_AT) < pl.datetime(y, 4, 15))
        closed = closed.filter(pl.col(vocab.RESOLVED).is_not_null())
        rates.append(closed[vocab.RESOLVED].mean())
    assert rates[0] < rates[1] < rates[2]
    assert 0.86 < rates[0] < 0.94 and rates[2] > 0.95
