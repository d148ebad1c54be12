"""Ranking rules: competition ranks with ties, unranked units, movement, per-capita volume."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl
import pytest

from analytics.performance.rankings import monthly_rankings

MAY, JUNE = datetime(2024, 5, 10, 9), datetime(2024, 6, 10, 9)


def tickets(district: str, street: str, when: datetime, resolved: list[bool | None]) -> list[dict]:
    """One closed, responded, satisfied ticket per entry; ``None`` = closed but unrated."""
    return [
        {
            "district": district,
            "street": street,
            "handling_unit": f"{street}办事处",
            "category_l1": "住房",
            "category_l2": "物业管理",
            "received_at": when,
            "dispatched_at": when,
            "responded_at": when,
            "closed_at": when + timedelta(days=1),
            "resolved": r,
            "satisfied": r,
        }
        for r in resolved
    ]


def data(rows: list[list[dict]]) -> pl.DataFrame:
    return pl.DataFrame([r for group in rows for r in group])


@pytest.fixture
def records() -> pl.DataFrame:
    return data(
        [
            # June: A and B tie (all resolved) → both rank 1, C is rank 3 (1-1-3), D has nothing rated
            tickets("东城区", "A", JUNE, [True, True]),
            tickets("东城区", "B", JUNE, [True]),
            tickets("西城区", "C", JUNE, [True, False]),
            tickets("西城区", "D", JUNE, [None]),
            tickets("西城区", "E", JUNE, [True, True, True, False]),
            # May: C was first, A second, B absent (new entry in June)
            tickets("西城区", "C", MAY, [True]),
            tickets("东城区", "A", MAY, [True, False, True]),
        ]
    )


def test_ties_share_rank_and_unrated_unit_is_unranked(records):
    out = monthly_rankings(records, date(2024, 6, 1), "street")
    ranks = dict(zip(out["street"], out["rank"], strict=True))
    assert ranks == {"A": 1, "B": 1, "E": 3, "C": 4, "D": None}
    assert out["street"].to_list()[-1] == "D"  # unranked listed last
    in_district = dict(zip(out["street"], out["rank_in_district"], strict=True))
    assert in_district == {"A": 1, "B": 1, "E": 1, "C": 2, "D": None}


def test_movement_since_last_month(records):
    out = monthly_rankings(records, date(2024, 6, 15), "street").select(
        "street", "previous_rank", "rank_change", "new_entry"
    )
    rows = {r[0]: r[1:] for r in out.rows()}
    assert rows["A"] == (2, 1, False)  # May rank 2 → June rank 1: up one
    assert rows["C"] == (1, -3, False)  # May rank 1 → June rank 4: down three
    assert rows["B"] == (None, None, True)
    assert rows["D"] == (None, None, False)  # not ranked now: not an entry


def test_district_and_unit_levels_and_population(records):
    pop = pl.DataFrame({"district": ["东城区", "西城区"], "population": [700_000, 1_100_000]})
    out = monthly_rankings(records, date(2024, 6, 1), "district", population=pop)
    assert out["district"].to_list() == ["东城区", "西城区"]
    assert out["rank"].to_list() == [1, 2]
    assert out["per_10k"].to_list() == pytest.approx([3 / 70, 7 / 110])
    units = monthly_rankings(records, date(2024, 6, 1), "unit")
    assert set(units["handling_unit"]) == {"A办事处", "B办事处", "C办事处", "D办事处", "E办事处"}
    assert units.filter(pl.col("handling_unit") == "A办事处")["rank"].item() == 1
