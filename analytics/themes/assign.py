"""Assignment of complaints to theme profiles: the same rule at discovery and every night.

A complaint's score for a theme is the share of the theme's phrase weight that the complaint
contains (0-1). It takes the best theme of its own category whose threshold it reaches and
whose top phrases it holds at least one of;
a complaint without a category ("" partition) may join a theme of any category. Scoring is one
sparse product per category, so a night of 70k complaints costs about a second.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import sparse

THEME_ID = "theme_id"
THEME_SCORE = "theme_score"
PARTITION = "partition"
TERMS = "terms"
WEIGHTS = "weights"
THRESHOLD = "threshold"
#: A complaint must hold one of a theme's strongest phrases, not only its long tail.
TOP_PHRASES = 3


def _profile_matrix(themes: pl.DataFrame) -> tuple[dict[str, int], sparse.csr_matrix, sparse.csr_matrix]:
    """Phrase index, the phrases × themes weight matrix and its top-phrase indicator."""
    index: dict[str, int] = {}
    rows, cols, values, top = [], [], [], []
    for col, (terms, weights) in enumerate(
        zip(themes[TERMS].to_list(), themes[WEIGHTS].to_list(), strict=True)
    ):
        for rank, (term, weight) in enumerate(zip(terms, weights, strict=True)):
            rows.append(index.setdefault(term, len(index)))
            cols.append(col)
            values.append(weight)
            top.append(1.0 if rank < TOP_PHRASES else 0.0)
    shape = (len(index), themes.height)
    return (
        index,
        sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float64),
        sparse.csr_matrix((top, (rows, cols)), shape=shape, dtype=np.float64),
    )


def _doc_matrix(docs: list[list[str]], index: dict[str, int]) -> sparse.csr_matrix:
    indptr: list[int] = [0]
    indices: list[int] = []
    for terms in docs:
        hits = {index[t] for t in terms if t in index}
        indices.extend(hits)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(docs), len(index)))


def _best(docs: list[list[str]], themes: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Index of the best theme each doc reaches the threshold of (-1 for none) and its score."""
    if themes.is_empty() or not docs:
        return np.full(len(docs), -1), np.zeros(len(docs))
    index, weights, top = _profile_matrix(themes)
    matrix = _doc_matrix(docs, index)
    scores = (matrix @ weights).toarray()
    scores[scores < themes[THRESHOLD].to_numpy()[None, :]] = 0.0
    scores[(matrix @ top).toarray() == 0] = 0.0  # a member names the theme's problem
    best = scores.argmax(axis=1)
    score = scores[np.arange(len(docs)), best]
    return np.where(score > 0, best, -1), score


def assign_themes(docs: pl.DataFrame, themes: pl.DataFrame) -> pl.DataFrame:
    """``docs`` (with ``partition`` and ``terms``) minus ``terms``, plus theme id and score.

    Each theme carries its own threshold (what its founding complaints covered, see
    discovery); a complaint reaching none keeps a null theme. Themes are tried in id order so
    ties resolve the same way every night.
    """
    themes = themes.sort(THEME_ID)
    ids = np.full(docs.height, None, dtype=object)
    best_scores = np.zeros(docs.height)
    parts = docs[PARTITION].to_numpy()
    terms = docs[TERMS].to_list()
    for partition in np.unique(parts):
        rows = np.flatnonzero(parts == partition)
        mine = themes if partition == "" else themes.filter(pl.col(PARTITION) == partition)
        best, score = _best([terms[i] for i in rows], mine)
        hit = best >= 0
        theme_ids = np.array(mine[THEME_ID].to_list() or [None], dtype=object)
        ids[rows[hit]] = theme_ids[best[hit]]
        best_scores[rows] = np.where(hit, score, 0.0)
    return docs.drop(TERMS).with_columns(
        pl.Series(THEME_ID, ids.tolist(), dtype=pl.String),
        pl.Series(THEME_SCORE, np.round(best_scores, 4), dtype=pl.Float64),
    )
