"""Discovery of fine-grained recurring themes inside each category, from complaint words.

A theme is a *profile*: up to ``profile_terms`` keyphrases (words and word pairs) with weights
summing to one. Profiles come from clustering TF-IDF vectors of one category's complaints
(spherical k-means) and reading each cluster's class-based TF-IDF (c-TF-IDF, as in BERTopic):
phrases frequent in the cluster and rare in the category's other clusters. A profile needs no
fitted vocabulary, so it is stored as two lists and scores new complaints night after night
unchanged (``assign.py``); its id is a hash of its category and top phrases, so rebuilding a
warehouse gives the same ids. Places and cross-category background are no features
(``features``); clusters sharing a core phrase are folded into one (``merge``). Clusters too
small, too loose or duplicating a known profile are dropped; what they held stays unassigned
until enough of it shares phrases.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import polars as pl
from scipy import sparse
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform
from sklearn.cluster import KMeans
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize
from threadpoolctl import threadpool_limits

from analytics.themes import assign, features, merge
from analytics.themes import labels as naming

THEME_ID = "theme_id"
PARTITION = "partition"
LABEL = "label"
TERMS = "terms"
WEIGHTS = "weights"
SIZE = "size"
THRESHOLD = "threshold"
TERMS_COLUMN = "terms"  # per complaint: its words and word pairs
RECEIVED_AT = "received_at"
THEME_COLUMNS = (THEME_ID, PARTITION, LABEL, TERMS, WEIGHTS, THRESHOLD, SIZE)


@dataclass(frozen=True)
class ThemeParams:
    """Knobs of discovery and assignment; defaults suit a day of 70k Beijing complaints."""

    min_size: int = 30  # complaints a cluster needs to become a theme
    cluster_scale: float = 0.5  # k-means gets cluster_scale·√n clusters (20k → 71) ...
    max_clusters: int = 120  # ... at most this many (fragments are folded together after)
    svd_components: int = 30  # LSA dimensions: few, so variants of a problem meet
    min_df: int = 3  # a phrase must occur this often to be a feature
    max_df_share: float = 1.0  # within-category cap (background is judged across categories)
    background_share: float = 0.01  # a phrase in this share of every category's complaints ...
    background_lift: float = 3.0  # ... and not this many times more common in one is background
    solo_background_share: float = 0.4  # one category only: phrases in more of it are background
    profile_terms: int = 20
    assign_floor: float = 0.1  # a complaint covers at least this share of a profile ...
    member_quantile: float = 0.05  # ... and what all but 5% of the theme's founders covered
    merge_similarity: float = 0.5  # cosine of two profiles above which they are one theme
    min_coherence: float = 0.7  # share of members holding one of the top 3 phrases
    max_anchor_share: float = 0.4  # an anchor phrase is in at most this share of a category
    min_specificity: float = 0.6  # ... and this share of its complaints are in the category
    merge_core_similarity: float = 0.7  # cosine of shared core phrases that merges clusters
    max_time_distance: float = 0.15  # monthly-share distance above which clusters stay apart
    fold_overlap: float = 0.5  # clusters sharing a top phrase held by this share of each are one
    n_init: int = 3  # k-means restarts (the best of them is kept)
    seed: int = 0


def term_lists(tokens: Sequence[Sequence[str]], pairs: bool = False) -> list[list[str]]:
    """Distinct words of each complaint, optionally with adjacent word pairs as phrases.

    Pairs sharpen clusters of template-like texts but make labels of odd fragments
    ("施工方积极"); the dictionary already keeps real compounds (飞线充电) whole, so words
    alone are the default.
    """
    out = []
    for words in tokens:
        extra = [_pair(a, b) for a, b in pairwise(words) if a != b] if pairs else []
        out.append(list(dict.fromkeys([*words, *extra])))
    return out


def _pair(a: str, b: str) -> str:
    return f"{a} {b}" if a.isascii() and b.isascii() else a + b


def theme_id(partition: str, terms: Sequence[str]) -> str:
    """Stable id: the category and the five strongest phrases at birth."""
    key = partition + "|" + "|".join(sorted(terms[:5]))
    return "T" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:9]


def theme_label(terms: Sequence[str], n: int = 3) -> str:
    """Top phrases without places, filler or repeats (see ``labels.theme_label``)."""
    return naming.theme_label(terms, n)


def _cluster(
    docs: list[list[str]], params: ThemeParams
) -> tuple[np.ndarray, sparse.csr_matrix, np.ndarray] | None:
    """Cluster labels, binary doc-phrase matrix and its vocabulary for one category (None when
    no phrase is frequent enough to cluster on)."""
    n = len(docs)
    vectorizer = TfidfVectorizer(
        analyzer=_identity,
        min_df=min(params.min_df, n),
        max_df=params.max_df_share if n >= 50 else 1.0,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectorizer.fit_transform(docs)
    except ValueError:  # no phrase frequent enough (e.g. every complaint says the same words)
        return None
    vocabulary = vectorizer.get_feature_names_out()
    k = int(np.clip(round(params.cluster_scale * np.sqrt(n)), 1, params.max_clusters))
    if k == 1 or matrix.shape[1] == 0:
        return np.zeros(n, dtype=int), (matrix > 0).astype(np.float32).tocsr(), vocabulary
    dims = min(params.svd_components, matrix.shape[1] - 1, n - 1)
    points = matrix
    # One thread for BLAS and OpenMP: parallel sums round differently, and k-means must give
    # the same clusters whatever the machine's core count.
    with threadpool_limits(limits=1):
        if dims >= 2:
            points = normalize(TruncatedSVD(dims, random_state=params.seed).fit_transform(matrix))
        kmeans = KMeans(n_clusters=k, random_state=params.seed, n_init=params.n_init, max_iter=100)
        labels = kmeans.fit_predict(points)
    return labels, (matrix > 0).astype(np.float32).tocsr(), vocabulary


def _identity(doc: list[str]) -> list[str]:
    return doc


def _core_terms(
    counts: np.ndarray,
    sizes: np.ndarray,
    doc_freq: np.ndarray,
    n_docs: int,
    specificity: np.ndarray,
    params: ThemeParams,
) -> np.ndarray:
    """Phrases that name each fine cluster's problem.

    A core phrase is held by half the cluster, is not background of the category (at most
    ``max_anchor_share`` of its complaints) and lives mostly in this category (specificity: the
    share of the phrase's complaints that are in the category).
    """
    share = counts / np.maximum(sizes[:, None], 1)
    ok = (share >= 0.5) & (doc_freq[None, :] <= params.max_anchor_share * n_docs)
    ok &= specificity[None, :] >= params.min_specificity
    return ok


def _merged(
    labels: np.ndarray,
    binary: sparse.csr_matrix,
    specificity: np.ndarray,
    params: ThemeParams,
    periods: np.ndarray | None = None,
) -> np.ndarray:
    """Fine clusters merged when their shared core phrases agree and they move together.

    K-means splits one problem told in several ways ("物业费 涨价", "物业费 捆绑停车费") into
    clusters; they meet again on the core phrases they share (average linkage on cosine, only
    phrases core to two clusters or more, weighted by rarity in the category). Clusters whose
    courses over time clearly differ stay apart: a new problem sharing words with an old one
    ("快递驿站 占道" rising since May vs "快递驿站 取件收费" flat) is a theme of its own.
    """
    k = int(labels.max()) + 1
    if k < 2:
        return labels
    counts = _cluster_counts(labels, binary, k)
    sizes = np.bincount(labels, minlength=k)
    doc_freq = np.asarray(binary.sum(axis=0)).ravel()
    core = _core_terms(counts, sizes, doc_freq, len(labels), specificity, params)
    shared = core.sum(axis=0) >= 2
    vectors = np.where(core[:, shared], counts[:, shared] / np.maximum(sizes[:, None], 1), 0.0)
    vectors *= np.log(len(labels) / np.maximum(doc_freq[shared], 1))[None, :]
    has = np.flatnonzero(vectors.sum(axis=1) > 0)
    groups = np.arange(k)
    if len(has) >= 2:
        unit = vectors[has] / np.linalg.norm(vectors[has], axis=1, keepdims=True)
        distance = np.clip(1 - unit @ unit.T, 0, 1)
        if periods is not None:
            distance[merge.apart_in_time(labels, periods, k, params.max_time_distance)[np.ix_(has, has)]] = (
                1.0
            )
        np.fill_diagonal(distance, 0)
        tree = hierarchy.linkage(squareform(distance, checks=False), method="average")
        found = hierarchy.fcluster(tree, t=1 - params.merge_core_similarity, criterion="distance")
        groups[has] = k + found  # merged ids after the solo ones
    _, mapping = np.unique(groups, return_inverse=True)
    return mapping[labels]


def _cluster_counts(labels: np.ndarray, binary: sparse.csr_matrix, k: int) -> np.ndarray:
    member = sparse.csr_matrix(
        (np.ones(len(labels)), (labels, np.arange(len(labels)))), shape=(k, len(labels))
    )
    return np.asarray((member @ binary).todense())


Profile = tuple[list[str], list[float], int, float, int, np.ndarray]


def _profiles(
    binary: sparse.csr_matrix, labels: np.ndarray, vocabulary: np.ndarray, params: ThemeParams
) -> list[Profile]:
    """c-TF-IDF profile of each cluster: p(phrase | cluster) · log(1 + A / f(phrase))."""
    k = int(labels.max()) + 1
    _, sizes, ctfidf = _ctfidf(binary, labels)
    out = []
    for c in range(k):
        top = np.argsort(-ctfidf[c], kind="stable")[: params.profile_terms]
        top = top[ctfidf[c, top] > 0]
        if sizes[c] < params.min_size or len(top) == 0:
            continue
        members = binary[labels == c]
        if (members[:, top[:3]].sum(axis=1) > 0).mean() < params.min_coherence:
            continue
        weights = ctfidf[c, top] / ctfidf[c, top].sum()
        member_scores = np.asarray(members[:, top] @ weights).ravel()
        threshold = max(params.assign_floor, float(np.quantile(member_scores, params.member_quantile)))
        out.append(
            (
                [str(t) for t in vocabulary[top]],
                [float(w) for w in weights],
                int(sizes[c]),
                float(np.floor(threshold * 1e4) / 1e4),  # down: the founders must still reach it
                c,
                top,
            )
        )
    return out


def _ctfidf(binary: sparse.csr_matrix, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per cluster: phrase counts, size and c-TF-IDF, p(phrase | cluster) · log(1 + A / f)."""
    k = int(labels.max()) + 1
    counts = _cluster_counts(labels, binary, k)
    sizes = np.bincount(labels, minlength=k)
    total = counts.sum(axis=0) + 1.0
    ctfidf = counts / np.maximum(sizes[:, None], 1) * np.log1p(counts.sum() / k / total)
    return counts, sizes, ctfidf


def _folded(
    binary: sparse.csr_matrix, labels: np.ndarray, params: ThemeParams, periods: np.ndarray | None
) -> np.ndarray:
    """Cluster labels after folding fragments of one problem into its largest cluster.

    Every cluster takes part, also those too small or too loose to become a theme alone: a
    variant of a problem told in its own words is then counted with the problem.
    """
    k = int(labels.max()) + 1
    if k < 2 or params.fold_overlap >= 1:
        return labels
    counts, sizes, ctfidf = _ctfidf(binary, labels)
    order = [int(c) for c in np.lexsort((np.arange(k), -sizes)) if sizes[c] > 0]
    tops = [np.argsort(-ctfidf[c], kind="stable")[: merge.TOP_PHRASES] for c in order]
    share = counts[order] / np.maximum(sizes[order, None], 1)
    joined = merge.shared_core(share, tops, params.fold_overlap)
    apart = merge.apart_in_time(labels, periods, k, params.max_time_distance) if periods is not None else None
    folded = merge.fold(labels, order, joined, apart)
    _, mapping = np.unique(folded, return_inverse=True)
    return mapping


def _similar(
    profile: tuple[list[str], list[float]], others: list[tuple[list[str], list[float]]], limit: float
) -> bool:
    mine = dict(zip(*profile, strict=True))
    norm = np.sqrt(sum(w * w for w in mine.values()))
    for terms, weights in others:
        other = dict(zip(terms, weights, strict=True))
        dot = sum(w * other.get(t, 0.0) for t, w in mine.items())
        if dot / (norm * np.sqrt(sum(w * w for w in other.values())) + 1e-12) >= limit:
            return True
    return False


def discover_partition(
    partition: str,
    docs: list[list[str]],
    params: ThemeParams,
    known: Sequence[tuple[list[str], list[float]]] = (),
    global_freq: dict[str, int] | None = None,
    periods: np.ndarray | None = None,
) -> list[dict]:
    """New themes of one category: clusters that hold together, minus known profiles.

    ``global_freq`` (complaints per phrase over all categories) lets core phrases be those
    specific to this category; without it every phrase counts as specific. ``periods`` (month
    index per complaint) keeps clusters with different courses over time apart.
    """
    if len(docs) < params.min_size:
        return []
    clustered = _cluster(docs, params)
    if clustered is None:
        return []
    labels, binary, vocabulary = clustered
    doc_freq = np.asarray(binary.sum(axis=0)).ravel()
    if global_freq is None:
        specificity = np.ones(len(vocabulary))
    else:
        everywhere = np.array([global_freq.get(str(t), 0) for t in vocabulary], dtype=float)
        specificity = doc_freq / np.maximum(everywhere, doc_freq)
    if params.merge_core_similarity < 1:
        labels = _merged(labels, binary, specificity, params, periods)
    labels = _folded(binary, labels, params, periods)
    found = sorted(_profiles(binary, labels, vocabulary, params), key=lambda p: (-p[2], p[4]))
    kept: list[tuple[list[str], list[float]]] = []
    rows = []
    for terms, weights, size, threshold, _, _ in found:
        if _similar((terms, weights), [*known, *kept], params.merge_similarity):
            continue
        kept.append((terms, weights))
        rows.append(
            {
                THEME_ID: theme_id(partition, terms),
                PARTITION: partition,
                LABEL: theme_label(terms),
                TERMS: terms,
                WEIGHTS: weights,
                THRESHOLD: threshold,
                SIZE: size,
            }
        )
    return rows


def _month_index(docs: pl.DataFrame) -> np.ndarray | None:
    if RECEIVED_AT not in docs.columns:
        return None
    month = docs[RECEIVED_AT].dt.year() * 12 + docs[RECEIVED_AT].dt.month()
    return (month - month.min()).to_numpy().astype(int)


def empty_themes() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            THEME_ID: pl.String,
            PARTITION: pl.String,
            LABEL: pl.String,
            TERMS: pl.List(pl.String),
            WEIGHTS: pl.List(pl.Float64),
            THRESHOLD: pl.Float64,
            SIZE: pl.Int64,
        }
    )


def discover_themes(
    docs: pl.DataFrame, params: ThemeParams = ThemeParams(), known: pl.DataFrame | None = None
) -> pl.DataFrame:
    """New themes from complaints (``partition``, ``terms`` columns), one category at a time.

    ``known`` themes are not found again: a cluster whose profile is close to a known one of the
    same category is dropped, so nightly discovery on the unassigned rest only adds new themes.
    Sizes count the complaints that the final profiles assign, not the raw clusters.
    """
    known = known if known is not None else empty_themes()
    global_freq = Counter(t for terms in docs[TERMS_COLUMN].to_list() for t in terms)
    rows: list[dict] = []
    # k-means depends on row order: fix it, so the same complaints give the same themes.
    order = [c for c in (PARTITION, RECEIVED_AT, "source", "record_id") if c in docs.columns]
    parts = {p: frame for (p,), frame in docs.sort(order).group_by(PARTITION, maintain_order=True)}
    dropped = features.background(
        {p: frame[TERMS_COLUMN].to_list() for p, frame in parts.items()}, global_freq, params
    )
    for partition, part in parts.items():
        mine = known.filter(pl.col(PARTITION) == partition)
        prior = list(zip(mine[TERMS].to_list(), mine[WEIGHTS].to_list(), strict=True))
        skip = dropped[partition]
        terms = [[t for t in doc if t not in skip] for doc in part[TERMS_COLUMN].to_list()]
        rows += discover_partition(partition, terms, params, prior, global_freq, _month_index(part))
    if not rows:
        return empty_themes()
    themes = pl.DataFrame(rows, schema=empty_themes().schema)
    themes = themes.unique(THEME_ID, keep="first", maintain_order=True)
    sizes = assign.assign_themes(docs, themes)[THEME_ID].value_counts()
    themes = themes.drop(SIZE).join(sizes.rename({"count": SIZE}), on=THEME_ID, how="left")
    themes = themes.with_columns(pl.col(SIZE).fill_null(0).cast(pl.Int64))
    return themes.filter(pl.col(SIZE) >= params.min_size).select(THEME_COLUMNS)
