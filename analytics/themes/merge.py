"""Folding fragments of one problem: clusters that share a core phrase are one theme.

K-means cuts a dominant problem into pieces told in different words ("物业费 每平米" and
"物业费 捆绑停车费"). When a phrase among one piece's strongest is held by most complaints of
both pieces, the smaller piece is folded into the larger one, so one problem is one theme with
its variants as members, unless their courses over time clearly differ (a new problem sharing
words with an old one stays apart).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.stats import chi2

#: How many of a profile's strongest phrases may be the shared one.
TOP_PHRASES = 3


def shared_core(share: np.ndarray, tops: Sequence[np.ndarray], min_share: float) -> np.ndarray:
    """k × k (profile order): True where two clusters share a phrase that both hold in at least
    ``min_share`` of their complaints and that is among the strongest phrases of one of them.

    ``share`` is clusters × phrases (share of each profile's cluster holding the phrase), rows in
    profile order; ``tops`` the phrase columns of each profile, strongest first.
    """
    k = len(tops)
    held = share >= min_share
    out = np.zeros((k, k), dtype=bool)
    for a in range(k):
        core = tops[a][:TOP_PHRASES]
        hits = held[:, core].any(axis=1) & held[a, core].any()
        hits &= (held[:, core] & held[a, core][None, :]).any(axis=1)
        out[a] |= hits
        out[:, a] |= hits
    np.fill_diagonal(out, False)
    return out


def fold(
    labels: np.ndarray,
    clusters: Sequence[int],
    joined: np.ndarray,
    apart: np.ndarray | None,
) -> np.ndarray:
    """Labels with each cluster folded into the largest one it is ``joined`` to.

    ``clusters`` are the cluster ids behind the rows of ``joined``, largest first; ``apart``
    (k × k, by cluster id) vetoes folds of clusters that move differently in time.
    """
    target = {c: c for c in clusters}
    for j, small in enumerate(clusters):
        for i in range(j):
            big = clusters[i]
            if joined[i, j] and not (apart is not None and apart[big, small]):
                target[small] = target[big]
                break
    out = labels.copy()
    for small, big in target.items():
        out[labels == small] = big
    return out


def apart_in_time(labels: np.ndarray, periods: np.ndarray, k: int, max_distance: float) -> np.ndarray:
    """k × k: True where two clusters clearly follow different courses over time.

    Both a chi-square test of their monthly counts (p < 0.001) and an effect size (total
    variation distance of the monthly shares above ``max_distance``) must say so: small
    clusters of one problem differ by chance, big ones by seasonal nuance only.
    """
    table = np.zeros((k, int(periods.max()) + 1))
    np.add.at(table, (labels, periods), 1)
    sizes = table.sum(axis=1)
    shares = table / np.maximum(sizes[:, None], 1)
    apart = np.zeros((k, k), dtype=bool)
    for a in range(k):
        for b in range(a + 1, k):
            if sizes[a] == 0 or sizes[b] == 0:
                continue
            both = table[a] + table[b]
            used = both > 0
            expected_a = both[used] * sizes[a] / (sizes[a] + sizes[b])
            expected_b = both[used] - expected_a
            stat = ((table[a, used] - expected_a) ** 2 / expected_a).sum() + (
                (table[b, used] - expected_b) ** 2 / expected_b
            ).sum()
            p = chi2.sf(stat, max(int(used.sum()) - 1, 1))
            distance = 0.5 * np.abs(shares[a] - shares[b]).sum()
            apart[a, b] = apart[b, a] = p < 1e-3 and distance > max_distance
    return apart
