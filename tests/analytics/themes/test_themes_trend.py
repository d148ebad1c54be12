"""Mann-Kendall: agrees with Kendall's tau against time, signs and p-values behave."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import kendalltau

from analytics.themes.trend import mann_kendall


def test_monotone_series_are_significant_with_sen_slope() -> None:
    tau, p, slope = mann_kendall(
        np.array([[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [20, 18, 16, 14, 12, 10, 8, 6, 4, 2]])
    )
    assert tau.tolist() == [1.0, -1.0]
    assert (p < 0.001).all()
    assert slope.tolist() == [1.0, -2.0]


def test_flat_and_short_series_have_no_trend() -> None:
    tau, p, _ = mann_kendall(np.array([[5, 5, 5, 5, 5, 5]]))
    assert tau[0] == 0 and p[0] == 1
    tau, p, _ = mann_kendall(np.array([[1, 2]]))
    assert tau[0] == 0 and p[0] == 1


def test_known_value() -> None:
    # tau is S over the 28 pairs of 8 points
    x = np.array([[3, 1, 4, 1, 5, 9, 2, 6]])
    tau, p, _ = mann_kendall(x)
    s = sum(np.sign(x[0, j] - x[0, i]) for i in range(8) for j in range(i + 1, 8))
    assert tau[0] == s / 28
    assert 0 < p[0] < 1


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=4, max_size=24))
def test_tau_matches_kendall_and_flips_on_reversal(values: list[int]) -> None:
    x = np.array([values], dtype=float)
    tau, p, _ = mann_kendall(x)
    back, p_back, _ = mann_kendall(x[:, ::-1])
    assert np.isclose(tau[0], -back[0]) and np.isclose(p[0], p_back[0])
    assert 0 <= p[0] <= 1
    if len(set(values)) == len(values):  # without ties tau-a equals scipy's tau-b
        assert np.isclose(tau[0], kendalltau(np.arange(len(values)), values).statistic)
