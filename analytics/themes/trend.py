"""Mann-Kendall trend test and Sen's slope, vectorised over many short series.

Emerging-hot-spot patterns and topic trends both ask "is this series going up or down, beyond
noise?" for thousands of 8-24 point series at once. Mann-Kendall is rank-based (no normality,
robust to the small counts of a street-week) and short to write, so it lives here instead of a
dependency (pymannkendall is not installed).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import norm


def _tie_term(row: np.ndarray) -> float:
    _, counts = np.unique(row, return_counts=True)
    return float(np.sum(counts * (counts - 1) * (2 * counts + 5)))


def mann_kendall(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Kendall's tau, two-sided p-value and Sen's slope per row of ``values`` (series × time).

    Uses the normal approximation with the tie correction and continuity correction of the
    original test; a series with fewer than 3 points or all ties gets tau 0 and p 1.
    """
    x = np.atleast_2d(np.asarray(values, dtype=float))
    n_series, n = x.shape
    if n < 3:
        return np.zeros(n_series), np.ones(n_series), np.zeros(n_series)
    i, j = np.triu_indices(n, k=1)
    diffs = x[:, j] - x[:, i]
    s = np.sign(diffs).sum(axis=1)
    ties = np.array([_tie_term(row) for row in x])
    var = (n * (n - 1) * (2 * n + 5) - ties) / 18.0
    z = np.where(var > 0, (s - np.sign(s)) / np.sqrt(np.maximum(var, 1e-12)), 0.0)
    p = np.where(var > 0, 2 * norm.sf(np.abs(z)), 1.0)
    tau = s / (n * (n - 1) / 2)
    slope = np.median(diffs / (j - i), axis=1)
    return tau, p, slope
