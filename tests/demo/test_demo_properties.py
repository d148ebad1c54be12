"""Invariants of demo records for arbitrary small ranges, seeds and zone settings (Hypothesis)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics import vocabulary as vocab
from demo import demo_records


@settings(max_examples=8, deadline=None)
@given(
    offset=st.integers(0, 3 * 365), length=st.integers(1, 6), seed=st.integers(0, 10_000), zone=st.booleans()
)
def test_records_obey_the_contract(offset: int, length: int, seed: int, zone: bool) -> None:
    start = date(2023, 1, 1) + timedelta(days=offset)
    end = start + timedelta(days=length - 1)
    f = demo_records(start, end, scale=0.003, seed=seed, include_zone=zone)
    assert f.height > 0
    assert f[vocab.RECORD_ID].n_unique() == f.height
    assert f[vocab.RECORD_ID].str.contains(r"^BJ\d{13,}$").all()
    last = datetime.combine(end, datetime.max.time())
    received = f[vocab.RECEIVED_AT]
    assert received.min() >= datetime.combine(start, datetime.min.time()) and received.max() <= last
    for later in (vocab.DISPATCHED_AT, vocab.RESPONDED_AT, vocab.CLOSED_AT):
        ok = f[later].is_null() | ((f[later] >= received) & (f[later] <= last))
        assert ok.all(), later
    open_ = f.filter(pl.col(vocab.CLOSED_AT).is_null())
    assert open_[vocab.RESOLVED].null_count() == open_[vocab.SATISFIED].null_count() == open_.height
    streets = {(s.district, s.name) for s in vocab.streets(only_343=not zone)}
    zone_units = {"荣华街道", "博兴街道", "北京经济技术开发区"}
    pairs = set(f.select(vocab.DISTRICT, vocab.STREET).unique().rows())
    assert all(p in streets or (zone and p[1] in zone_units) for p in pairs)
    assert set(f[vocab.DISTRICT].unique()) <= set(vocab.districts(include_zone=zone))


def test_same_arguments_same_records() -> None:
    a = demo_records(date(2024, 5, 1), date(2024, 5, 3), scale=0.005, seed=11)
    b = demo_records(date(2024, 5, 1), date(2024, 5, 3), scale=0.005, seed=11)
    assert a.equals(b)
    c = demo_records(date(2024, 5, 1), date(2024, 5, 3), scale=0.005, seed=12)
    assert not a.equals(c)
