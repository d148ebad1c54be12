"""Bottom-up reconciliation: aggregates equal the sums of their children, intervals stay ordered."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from forecasts.reconcile import BOTTOM_UP, bottom_up, coherence_gap
from forecasts.series import series_id

DISTRICTS, CATEGORIES = ("朝阳区", "海淀区", "延庆区"), ("住房", "教育")
DAYS = pd.date_range("2025-01-01", periods=3)


def _bottom(values: np.ndarray, spread: float = 2.0) -> pd.DataFrame:
    ids = [series_id(d, c) for d in DISTRICTS for c in CATEGORIES]
    rows = [(uid, day, values[i, j]) for i, uid in enumerate(ids) for j, day in enumerate(DAYS)]
    frame = pd.DataFrame(rows, columns=["unique_id", "ds", "yhat"]).assign(model="snaive")
    return frame.assign(
        lo80=(frame["yhat"] - spread).clip(lower=0),
        hi80=frame["yhat"] + spread,
        lo95=(frame["yhat"] - 2 * spread).clip(lower=0),
        hi95=frame["yhat"] + 2 * spread,
    )


@settings(max_examples=25, deadline=None)
@given(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=18, max_size=18))
def test_aggregates_are_exact_sums_of_the_bottom(values: list[float]) -> None:
    bottom = _bottom(np.array(values).reshape(6, 3))
    out = bottom_up(bottom)
    assert coherence_gap(out) == 0.0
    city = out[out["unique_id"] == "city"]["yhat"].to_numpy()
    assert np.allclose(city, bottom.groupby("ds")["yhat"].sum().to_numpy(), rtol=1e-12, atol=0)
    districts = out[out["unique_id"].str.match(r"^district=[^|]+$")]
    assert np.allclose(districts.groupby("ds")["yhat"].sum().to_numpy(), city, rtol=1e-12, atol=0)
    ordered = out[["lo95", "lo80", "yhat", "hi80", "hi95"]].to_numpy()
    assert (np.diff(ordered, axis=1) >= 0).all() and (ordered >= 0).all()


def test_all_levels_are_produced_and_labelled() -> None:
    out = bottom_up(_bottom(np.full((6, 3), 10.0)))
    assert out["unique_id"].nunique() == 6 + 3 + 2 + 1
    assert set(out.loc[out["unique_id"] == "city", "model"]) == {BOTTOM_UP}
    assert out.loc[out["unique_id"] == "category=住房", "yhat"].tolist() == [30.0, 30.0, 30.0]


def test_aggregates_keep_their_own_spread_when_given() -> None:
    bottom = _bottom(np.full((6, 3), 10.0))
    base = pd.DataFrame(
        {
            "unique_id": "city",
            "ds": DAYS,
            "model": "prophet",
            "yhat": 50.0,
            "lo80": 45.0,
            "hi80": 58.0,
            "lo95": 40.0,
            "hi95": 70.0,
        }
    )
    city = bottom_up(bottom, base=base).query("unique_id == 'city'")
    assert city["yhat"].tolist() == [60.0] * 3  # the bottom's sum
    assert city[["lo80", "hi80", "lo95", "hi95"]].iloc[0].tolist() == [55.0, 68.0, 50.0, 80.0]
    district = bottom_up(bottom, base=base).query("unique_id == 'district=朝阳区'")
    assert district["hi80"].iloc[0] == 20.0 + np.sqrt(2 * 2.0**2)  # independent spread
