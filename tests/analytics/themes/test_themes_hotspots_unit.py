"""Hotspots on tiny hand-made count frames: each pattern where it should be, bursts, periods."""

from __future__ import annotations

from datetime import date, datetime

import numpy as np
import polars as pl
import pytest

from analytics.themes.hotspots import (
    HotspotParams,
    area_period_counts,
    area_period_totals,
    bursts,
    fdr,
    hotspots,
    period_end,
    period_range,
    period_start,
)

PARAMS = HotspotParams(window=12, history=6)
MONTHS = period_range(date(2024, 12, 1), "month", 18)
AREAS = [f"A{i}" for i in range(10)]


def _frames(series: dict[str, list[int]]) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Counts of one key in the areas given (18 months each) over 10 equal areas of 1,000."""
    rows = [
        {"key": "k", "district": area, "area": area, "period": month, "n": n}
        for area, values in series.items()
        for month, n in zip(MONTHS, values, strict=True)
    ]
    totals = [{"district": a, "area": a, "period": m, "total": 1000} for a in AREAS for m in MONTHS]
    return pl.DataFrame(rows), pl.DataFrame(totals)


BACKGROUND = [2] * 18  # each quiet area: 2 a month


@pytest.mark.parametrize(
    ("values", "pattern"),
    [
        ([2] * 17 + [30], "new"),  # hot only in the final month
        ([2] * 14 + [20, 25, 30, 30], "consecutive"),  # a run at the end, nothing before
        ([20] * 18, "persistent"),  # always ~10x its share, flat
        ([10 + 3 * i for i in range(18)], "intensifying"),  # always hot and rising
        ([70 - 3 * i for i in range(18)], "diminishing"),  # always hot and falling
        ([20] * 17 + [0], "historical"),  # was always hot, not now
        ([2, 2, 2, 2, 2, 2, 20, 20, 20, 2, 2, 2, 2, 2, 2, 20, 20, 20], "sporadic"),  # on and off
        (BACKGROUND, ""),  # nothing special
    ],
)
def test_patterns(values: list[int], pattern: str) -> None:
    counts, totals = _frames({"A0": values, **{a: BACKGROUND for a in AREAS[1:]}})
    found = hotspots(counts, totals, date(2024, 12, 1), "month", PARAMS)
    row = found.filter(pl.col("area") == "A0").row(0, named=True)
    assert row["pattern"] == pattern, row


def test_oscillating_needs_a_cold_spell() -> None:
    # Hot, then far below its share for months (cold), then hot again.
    base = [40] * 18
    values = [40] * 6 + [200, 40, 0, 0, 0, 0, 40, 40, 40, 40, 40, 200]
    counts, totals = _frames({"A0": values, **{a: base for a in AREAS[1:]}})
    row = (
        hotspots(counts, totals, date(2024, 12, 1), "month", PARAMS)
        .filter(pl.col("area") == "A0")
        .row(0, named=True)
    )
    assert row["pattern"] == "oscillating"


def test_excess_and_significance_against_own_history() -> None:
    counts, totals = _frames({"A0": [4] * 17 + [16], **{a: [4] * 18 for a in AREAS[1:]}})
    row = (
        hotspots(counts, totals, date(2024, 12, 1), "month", PARAMS)
        .filter(pl.col("area") == "A0")
        .row(0, named=True)
    )
    assert row["observed"] == 16 and row["expected"] == pytest.approx(4.0, rel=0.05)
    assert row["excess"] == pytest.approx(12, abs=0.3) and row["score"] > 4
    assert row["counts"] == [4] * 11 + [16]


def test_burst_needs_a_quiet_past_and_a_strict_tail() -> None:
    weeks = period_range(date(2024, 6, 3), "week", 18)
    rows = [
        {"key": "k", "district": "D", "area": "S", "period": w, "n": 8 if i == 15 else 0}
        for i, w in enumerate(weeks)
    ]
    rows += [{"key": "k", "district": "D", "area": "T", "period": w, "n": 1} for w in weeks]
    totals = pl.DataFrame(
        [{"district": "D", "area": a, "period": w, "total": 500} for a in ("S", "T") for w in weeks]
    )
    found = bursts(pl.DataFrame(rows), totals, date(2024, 6, 3), "week", PARAMS)
    assert found.select("area", "period").rows() == [("S", weeks[15])]


def test_period_helpers() -> None:
    assert period_start(date(2024, 3, 27), "week") == date(2024, 3, 25)
    assert period_start(date(2024, 3, 27), "month") == date(2024, 3, 1)
    assert period_end(date(2024, 12, 1), "month") == date(2025, 1, 1)
    assert period_range(date(2024, 3, 15), "month", 3) == [
        date(2024, 1, 1),
        date(2024, 2, 1),
        date(2024, 3, 1),
    ]


def test_counts_from_complaint_rows_for_any_key() -> None:
    # 311-style rows: the key is a complaint type, no text model involved.
    rows = pl.DataFrame(
        {
            "received_at": [datetime(2024, 1, 3, 10), datetime(2024, 1, 4, 11), datetime(2024, 2, 1, 9)],
            "district": ["QUEENS", "QUEENS", "BRONX"],
            "street": ["01", "02", None],
            "category_l1": ["Noise", "Noise", "Rodent"],
        }
    )
    counts = area_period_counts(rows, "category_l1", "district", "month")
    assert sorted(counts.select("key", "area", "n").rows()) == [
        ("Noise", "QUEENS", 2),
        ("Rodent", "BRONX", 1),
    ]
    totals = area_period_totals(rows, "street", "month")
    assert totals["total"].sum() == 2  # the row without a street has no street to count in


def test_no_planted_problem_gives_few_hotspots_after_fdr() -> None:
    # 40 themes × 12 districts of pure Poisson background over 30 months, flat and seasonal.
    rng = np.random.default_rng(7)
    months = period_range(date(2024, 12, 1), "month", 30)
    districts = [f"D{i}" for i in range(12)]
    size = rng.uniform(0.5, 2.0, len(districts))
    rows, totals = [], []
    for k in range(40):
        rate = rng.uniform(1, 30)
        for d, weight in zip(districts, size, strict=True):
            season = [1 + (0.8 if k % 4 == 0 and m.month in (11, 12, 1) else 0) for m in months]
            counts = rng.poisson(rate * weight * np.array(season))
            rows += [
                {"key": f"k{k}", "district": d, "area": d, "period": m, "n": int(n)}
                for m, n in zip(months, counts, strict=True)
                if n
            ]
    for d, weight in zip(districts, size, strict=True):
        totals += [{"district": d, "area": d, "period": m, "total": int(4000 * weight)} for m in months]
    found = hotspots(pl.DataFrame(rows), pl.DataFrame(totals), date(2024, 12, 1), "month", PARAMS)
    reported = found.filter(pl.col("pattern") != "")
    assert reported.height <= 0.05 * found.height, reported
    assert (found["expected_from"] == "same season last year").all()
    assert found["q_value"].drop_nulls().min() > 0


def test_months_before_the_first_record_are_not_history() -> None:
    # A source that starts 4 months before the final month: no invented zeros before it.
    months = period_range(date(2024, 12, 1), "month", 4)
    rows = [{"key": "k", "district": a, "area": a, "period": m, "n": 5} for a in AREAS for m in months]
    totals = [{"district": a, "area": a, "period": m, "total": 1000} for a in AREAS for m in months]
    found = hotspots(pl.DataFrame(rows), pl.DataFrame(totals), date(2024, 12, 1), "month", PARAMS)
    assert (found["pattern"] == "").all() and not found["hot"].any()
    assert found["expected"].to_list() == pytest.approx([5.0] * len(AREAS), rel=0.01)
    assert (found["expected_from"] == "recent periods (under a year of history)").all()


def test_seasonal_theme_is_expected_in_its_season() -> None:
    # Heating: 40 every November-January, 2 otherwise; last year's season sets the expectation.
    months = period_range(date(2024, 11, 1), "month", 30)
    values = [40 if m.month in (11, 12, 1) else 2 for m in months]
    rows = [
        {"key": "heat", "district": "A0", "area": "A0", "period": m, "n": n}
        for m, n in zip(months, values, strict=True)
    ]
    totals = [{"district": "A0", "area": "A0", "period": m, "total": 1000} for m in months]
    row = hotspots(pl.DataFrame(rows), pl.DataFrame(totals), date(2024, 11, 1), "month", PARAMS).row(
        0, named=True
    )
    assert row["expected"] > 20 and row["pattern"] != "new"


def test_fdr_is_benjamini_hochberg() -> None:
    p = np.array([0.01, 0.04, 0.03, np.nan, 0.2])
    q = fdr(p)
    assert np.isnan(q[3])
    assert q[[0, 1, 2, 4]] == pytest.approx([0.04, 0.0533333, 0.0533333, 0.2], rel=1e-4)
