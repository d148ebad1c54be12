"""三率, on-time rates, Wilson intervals and the composite on hand-computed cases."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.performance.rates import CompositeWeights, unit_rates, wilson_columns, wilson_interval

T0 = datetime(2024, 3, 4, 9, 0)  # a Monday


def rec(
    district="东城区",
    street="东华门街道",
    unit="东城区东华门街道办事处",
    l1="住房",
    l2="物业管理",
    received=T0,
    dispatch_h=0.5,
    respond_h=2.0,
    close_h=48.0,
    resolved=True,
    satisfied=True,
):
    def at(hours: float | None) -> datetime | None:
        return None if hours is None else received + timedelta(hours=hours)

    return {
        "district": district,
        "street": street,
        "handling_unit": unit,
        "category_l1": l1,
        "category_l2": l2,
        "received_at": received,
        "dispatched_at": at(dispatch_h),
        "responded_at": at(respond_h),
        "closed_at": at(close_h),
        "resolved": resolved,
        "satisfied": satisfied,
    }


def frame(rows: list[dict]) -> pl.DataFrame:
    schema = {
        "district": pl.String,
        "street": pl.String,
        "handling_unit": pl.String,
        "category_l1": pl.String,
        "category_l2": pl.String,
        "received_at": pl.Datetime,
        "dispatched_at": pl.Datetime,
        "responded_at": pl.Datetime,
        "closed_at": pl.Datetime,
        "resolved": pl.Boolean,
        "satisfied": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema)


def test_wilson_hand_values():
    lo, hi = wilson_interval(8, 10)
    assert lo == pytest.approx(0.4902, abs=1e-4) and hi == pytest.approx(0.9433, abs=1e-4)
    lo, hi = wilson_interval(0, 5)  # no successes: lower bound exactly 0
    assert lo == 0.0 and hi == pytest.approx(0.4345, abs=1e-4)
    lo, hi = wilson_interval(5, 5)  # all successes: upper bound exactly 1
    assert hi == 1.0 and lo == pytest.approx(0.5655, abs=1e-4)
    assert wilson_interval(0, 0) is None  # zero denominator: no interval
    with pytest.raises(ValueError):
        wilson_interval(6, 5)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=1, max_size=20))
def test_wilson_columns_match_scalar_and_bracket_rate(pairs):
    data = pl.DataFrame({"k": [min(a, b) for a, b in pairs], "n": [max(a, b) for a, b in pairs]})
    out = data.with_columns(wilson_columns("k", "n", "r"))
    for k, n, r, lo, hi in out.iter_rows():
        if n == 0:
            assert r is None and lo is None and hi is None
        else:
            assert (lo, hi) == pytest.approx(wilson_interval(k, n))
            assert lo <= r <= hi


def test_three_rates_counts_and_exclusions():
    rows = [
        rec(),  # closed, resolved, satisfied
        rec(resolved=False, satisfied=False),  # closed, rated negatively
        rec(close_h=None, resolved=True, satisfied=True),  # still open: out of both denominators
        rec(resolved=None, satisfied=True),  # closed, resolution not rated
        rec(respond_h=None, close_h=None, resolved=None, satisfied=None),  # open, never answered
    ]
    out = unit_rates(frame(rows), "street", "month").row(0, named=True)
    assert out["period"] == date(2024, 3, 1)
    assert (out["complaints"], out["responded"]) == (5, 4)
    assert (out["resolved_n"], out["resolution_rated"]) == (1, 2)
    assert (out["satisfied_n"], out["satisfaction_rated"]) == (2, 3)
    assert out["response"] == pytest.approx(0.8)
    assert out["resolution"] == pytest.approx(0.5)
    assert out["satisfaction"] == pytest.approx(2 / 3)
    assert (out["resolution_lo"], out["resolution_hi"]) == pytest.approx(wilson_interval(1, 2))
    assert out["composite"] == pytest.approx(100 * (0.8 + 0.5 + 2 / 3) / 3, abs=1e-5)


def test_closed_record_counts_as_responded_and_zero_denominators_give_null():
    rows = [rec(respond_h=None, resolved=None, satisfied=None)]  # closed without responded_at, unrated
    out = unit_rates(frame(rows), "district", "month").row(0, named=True)
    assert out["response"] == 1.0
    assert out["resolution_rated"] == 0 and out["resolution"] is None and out["resolution_lo"] is None
    assert out["composite"] is None  # a rate is missing: no composite, so the unit is not ranked


def test_on_time_by_limit_class():
    rows = [
        rec(l1="疫情防控", l2=None, dispatch_h=1.5, close_h=1.0),  # emergency: 1 h dispatch late; close ok
        rec(l1="公共服务", l2="供暖", dispatch_h=1.5, close_h=30),  # utility: 2 h ok, 24 h close late
        rec(dispatch_h=23.0, close_h=7 * 24),  # ordinary: 24 h ok, 7 d close ok (edge)
        rec(dispatch_h=None, close_h=None, resolved=None, satisfied=None),  # not dispatched: not counted
    ]
    out = unit_rates(frame(rows), "district", "month").row(0, named=True)
    assert (out["dispatched_on_time"], out["dispatched"]) == (2, 3)
    assert (out["closed_on_time"], out["closed"]) == (2, 3)


def test_levels_periods_and_weights():
    rows = [
        rec(),
        rec(street="景山街道", unit="U2", resolved=False),
        rec(received=T0 + timedelta(days=7), satisfied=False),  # next ISO week, same month
        rec(received=T0 - timedelta(days=1)),
    ]  # Sunday: previous ISO week
    weekly = unit_rates(frame(rows), "district", "week")
    assert weekly["period"].to_list() == [date(2024, 2, 26), date(2024, 3, 4), date(2024, 3, 11)]
    assert weekly["complaints"].to_list() == [1, 2, 1]
    streets = unit_rates(frame(rows), "street", "month")
    assert streets.select("street", "complaints").rows() == [("东华门街道", 3), ("景山街道", 1)]
    units = unit_rates(frame(rows), "unit", "month")
    assert units["handling_unit"].to_list() == ["U2", "东城区东华门街道办事处"]
    county = unit_rates(frame(rows), "district", "month", CompositeWeights(0.30, 0.35, 0.35))
    r = county.row(0, named=True)
    expected = 100 * (0.30 * r["response"] + 0.35 * r["resolution"] + 0.35 * r["satisfaction"])
    assert r["composite"] == pytest.approx(expected, abs=1e-5)
    with pytest.raises(ValueError):
        CompositeWeights(-1, 1, 1).normalised()


def test_input_frame_not_mutated():
    data = frame([rec()])
    before = data.clone()
    unit_rates(data, "street", "week")
    assert data.equals(before)


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["东城区", "西城区"]),
            st.sampled_from(["a", "b", "c"]),
            st.booleans(),
            st.booleans(),
            st.booleans(),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_street_counts_sum_to_district_counts(items):
    rows = [
        rec(district=d, street=s, close_h=48 if c else None, resolved=r, satisfied=v)
        for d, s, c, r, v in items
    ]
    data = frame(rows)
    cols = ["complaints", "responded", "resolution_rated", "resolved_n", "satisfaction_rated", "satisfied_n"]
    by_street = unit_rates(data, "street").group_by("district").agg(pl.col(cols).sum()).sort("district")
    by_district = unit_rates(data, "district").select("district", *cols).sort("district")
    assert by_street.equals(by_district)
