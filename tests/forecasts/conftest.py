"""Fixtures for forecast tests: small seeded hierarchies and a warehouse loaded with them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics import warehouse as wh
from forecasts.series import daily_series
from forecasts.synthetic import synthetic_counts

START, END = dt.date(2023, 1, 1), dt.date(2024, 6, 30)


@pytest.fixture(scope="session")
def small_counts() -> pd.DataFrame:
    """2 districts × 3 categories (one of them unclassified) over 18 months."""
    return synthetic_counts(START, END, ["朝阳区", "延庆区"], ["住房", "公共服务", ""], 300.0, seed=3)


@pytest.fixture(scope="session")
def small_daily(small_counts: pd.DataFrame) -> pd.DataFrame:
    return daily_series(small_counts)


def load_counts(db: Path, counts: pd.DataFrame) -> None:
    """One complaint row per counted complaint, through the warehouse connection."""
    with wh.connect(db) as con:
        con.register("_test_counts", counts)
        con.execute("""
            INSERT INTO complaints (source, record_id, received_at, district, category_l1, content,
                                    row_hash, first_batch_id, batch_id)
            SELECT 'test', concat_ws('-', day, district, category_l1, i), CAST(day AS TIMESTAMP)
                   + INTERVAL 9 HOUR, district, nullif(category_l1, ''), 'x', 0, 1, 1
            FROM (SELECT *, unnest(range(complaints)) AS i FROM _test_counts)""")
        con.unregister("_test_counts")


@pytest.fixture
def loaded_db(db: Path, small_counts: pd.DataFrame) -> Path:
    load_counts(db, small_counts)
    return db
