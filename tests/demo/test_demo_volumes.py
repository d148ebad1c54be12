"""Volumes and mixes of a generated year look like the real hotline (domain.md §1–4)."""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from analytics import vocabulary as vocab
from demo.timeline import spring_festival
from tests.demo.conftest import Year


def _daily(year: Year) -> pl.DataFrame:
    return year.frame.group_by(pl.col(vocab.RECEIVED_AT).dt.date().alias("d")).len().sort("d")


def test_volume_matches_the_scale(year: Year) -> None:
    per_day = year.frame.height / 366
    assert 0.8 * 64_000 * 0.005 < per_day < 1.25 * 64_000 * 0.005


def test_all_districts_with_real_skew(year: Year) -> None:
    order = year.frame.group_by(vocab.DISTRICT).len().sort("len", descending=True)[vocab.DISTRICT].to_list()
    assert len(order) == 16
    assert order[:3] == ["朝阳区", "海淀区", "丰台区"]
    assert "延庆区" in order[-3:]


def test_weekdays_busier_than_weekends(year: Year) -> None:
    daily = _daily(year).with_columns(pl.col("d").dt.weekday().alias("wd"))
    workday = daily.filter(pl.col("wd") <= 5)["len"].mean()
    weekend = daily.filter(pl.col("wd") >= 6)["len"].mean()
    assert workday > 1.2 * weekend


def test_intraday_peaks_morning_and_afternoon(year: Year) -> None:
    hours = (
        year.frame.group_by(pl.col(vocab.RECEIVED_AT).dt.hour().alias("h")).len().sort("h")["len"].to_list()
    )
    share = [h / sum(hours) for h in hours]
    assert max(share[9], share[10]) > max(share[8], share[12], share[17])
    assert max(share[14], share[15]) > max(share[12], share[18])
    assert all(share[h] < 0.01 for h in range(1, 6))


def test_appeal_type_and_channel_mix(year: Year) -> None:
    types = dict(year.frame[vocab.APPEAL_TYPE].value_counts(normalize=True).rows())
    assert types["求助"] + types["投诉"] > 0.6
    assert 0.08 < types["咨询"] < 0.25
    assert all(types[t] < 0.1 for t in ("举报", "建议", "表扬"))
    phone = (year.frame[vocab.CHANNEL] == "电话").mean()
    assert 0.85 <= phone <= 0.9


def test_about_three_percent_unclassified(year: Year) -> None:
    blank = year.frame.filter(pl.col(vocab.CATEGORY_L1).is_null())
    assert 0.02 < blank.height / year.frame.height < 0.04
    assert blank[vocab.CATEGORY_L2].null_count() == blank.height
    assert blank["demo_true_l1"].null_count() == 0


def test_spring_festival_and_golden_week_dips(year: Year) -> None:
    daily = dict(_daily(year).rows())
    lny = spring_festival(2024)
    before = [daily[lny - timedelta(days=k)] for k in range(15, 22)]
    festival = [daily[lny + timedelta(days=k)] for k in range(-1, 4)]
    assert max(festival) < 0.6 * (sum(before) / len(before))
    golden = [daily[date(2024, 10, k)] for k in range(1, 8)]
    late_oct = [daily[date(2024, 10, k)] for k in range(14, 26)]
    assert sum(golden) / 7 < 0.75 * sum(late_oct) / len(late_oct)


def test_streets_stay_inside_their_district(year: Year) -> None:
    pairs = {(s.district, s.name) for s in vocab.streets()}
    seen = set(year.frame.select(vocab.DISTRICT, vocab.STREET).unique().rows())
    assert seen <= pairs
