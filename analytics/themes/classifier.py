"""Category classifier for complaints that arrive without a category (≈ 3% in Beijing exports).

Character n-grams need no segmentation and survive the typos and dialect spellings of hotline
texts; TF-IDF plus a linear model trains in seconds on a capped sample and explains itself by its
weights. The model predicts the joint label ``l1 / l2`` so one fit gives both levels: the level-1
probability is the sum over its level-2 labels, and level 2 is kept only when it is clearly the
most likely inside the chosen level 1. The fitted model is pickled into ``classifier_models``
(see ``store.py``) so a night applies it without retraining.
"""

from __future__ import annotations

import pickle
import re
import warnings
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import polars as pl
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedKFold, train_test_split
from sklearn.pipeline import Pipeline, make_pipeline

from analytics import privacy
from analytics import vocabulary as v

SEPARATOR = " / "
#: Texts are cut here: the problem is stated early, and long letters slow n-gram extraction.
MAX_CHARS = 600
#: Level 2 is set only when it holds at least this share of its level 1's probability.
L2_MIN_SHARE = 0.5
_SPACE = re.compile(r"\s+")


@dataclass
class CategoryModel:
    """A fitted classifier, its label set and how well it did on held-out data."""

    pipeline: Pipeline
    labels: tuple[str, ...]  # joint labels "l1 / l2" (l2 may be empty)
    trained_at: datetime
    n_train: int
    metrics: dict[str, float] = field(default_factory=dict)
    version: int | None = None

    def to_bytes(self) -> bytes:
        return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def from_bytes(blob: bytes) -> CategoryModel:
        # Only blobs this module wrote into our own warehouse are ever unpickled.
        return pickle.loads(blob)


def clean_texts(texts: list[str | None]) -> list[str]:
    """Masked, whitespace-collapsed texts cut to ``MAX_CHARS``."""
    out = []
    for text in texts:
        text = _SPACE.sub(" ", privacy.mask_text(text or "") or "").strip()
        out.append(text[:MAX_CHARS])
    return out


def joint_labels() -> pl.Expr:
    """``l1 / l2`` per row (``l1 / `` when level 2 is missing)."""
    return (pl.col(v.CATEGORY_L1) + SEPARATOR + pl.col(v.CATEGORY_L2).fill_null("")).alias("label")


def training_sample(
    frame: pl.DataFrame, max_rows: int = 60_000, min_per_label: int = 5, seed: int = 0
) -> pl.DataFrame:
    """Labelled rows, newest first, capped per label so rare categories keep their examples.

    Labels seen fewer than ``min_per_label`` times are dropped: a linear model cannot learn them
    and a stratified split cannot hold them out.
    """
    if v.CATEGORY_L2 not in frame.columns:
        frame = frame.with_columns(pl.lit(None, pl.String).alias(v.CATEGORY_L2))
    labelled = frame.filter(
        pl.col(v.CATEGORY_L1).is_not_null() & ~pl.col(v.CATEGORY_DERIVED)
        if v.CATEGORY_DERIVED in frame.columns
        else pl.col(v.CATEGORY_L1).is_not_null()
    )
    labelled = labelled.with_columns(joint_labels())
    counts = labelled.group_by("label").len()
    keep = counts.filter(pl.col("len") >= min_per_label)["label"]
    labelled = labelled.filter(pl.col("label").is_in(keep.implode()))
    n_labels = max(1, keep.len())
    cap = max(min_per_label, max_rows // n_labels)
    order = [v.RECEIVED_AT] if v.RECEIVED_AT in labelled.columns else []
    if order:
        labelled = labelled.sort(order, descending=True)
    sample = labelled.with_columns(pl.int_range(pl.len()).over("label").alias("_rank"))
    sample = sample.filter(pl.col("_rank") < cap).drop("_rank")
    if sample.height > max_rows:
        sample = sample.sample(max_rows, seed=seed)
    return sample.select(v.CONTENT, "label")


def _pipeline(seed: int) -> Pipeline:
    return make_pipeline(
        TfidfVectorizer(
            analyzer="char_wb",
            ngram_range=(1, 2),
            min_df=2,
            max_features=2**15,
            sublinear_tf=True,
            dtype=np.float32,
        ),
        SGDClassifier(loss="log_loss", alpha=1e-5, max_iter=10, tol=1e-3, random_state=seed),
    )


def _fit(texts: list[str], labels: np.ndarray, seed: int) -> Pipeline:
    pipeline = _pipeline(seed)
    with warnings.catch_warnings():
        # Ten epochs are a deliberate budget; more change accuracy by < 0.5 point here.
        warnings.simplefilter("ignore", ConvergenceWarning)
        pipeline.fit(texts, labels)
    model = pipeline[-1]
    model.coef_ = model.coef_.astype(np.float32)  # halves the stored blob, same predictions
    return pipeline


def scores(truth: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Accuracy and macro-F1 at level 1 and on the joint label."""
    l1_true = np.array([t.split(SEPARATOR)[0] for t in truth])
    l1_pred = np.array([p.split(SEPARATOR)[0] for p in predicted])
    return {
        "accuracy": round(float(accuracy_score(l1_true, l1_pred)), 4),
        "macro_f1": round(float(f1_score(l1_true, l1_pred, average="macro")), 4),
        "accuracy_l2": round(float(accuracy_score(truth, predicted)), 4),
        "macro_f1_l2": round(float(f1_score(truth, predicted, average="macro")), 4),
    }


def train_category_model(
    frame: pl.DataFrame, max_rows: int = 60_000, test_share: float = 0.2, seed: int = 0
) -> CategoryModel:
    """Fit on a stratified share of the labelled history and score on the rest.

    The stored model is the one scored (no refit on all rows): its metrics are honest, and the
    lost fifth of a 60k sample costs almost nothing.
    """
    sample = training_sample(frame, max_rows=max_rows, seed=seed)
    labels = sample["label"].to_numpy()
    if len(set(labels)) < 2:
        raise ValueError("the classifier needs at least two labelled categories with 5+ rows each")
    texts = clean_texts(sample[v.CONTENT].to_list())
    idx = np.arange(len(labels))
    train, test = train_test_split(idx, test_size=test_share, random_state=seed, stratify=labels)
    pipeline = _fit([texts[i] for i in train], labels[train], seed)
    predicted = pipeline.predict([texts[i] for i in test])
    metrics = {**scores(labels[test], predicted), "n_test": len(test)}
    return CategoryModel(pipeline, tuple(pipeline.classes_), datetime.now(), len(train), metrics)


def cross_validate(frame: pl.DataFrame, folds: int = 5, seed: int = 0) -> dict[str, float]:
    """Stratified k-fold scores, pooled over folds (for small labelled sets like the real one)."""
    sample = training_sample(frame, max_rows=10**9, min_per_label=folds, seed=seed)
    labels = sample["label"].to_numpy()
    texts = np.array(clean_texts(sample[v.CONTENT].to_list()), dtype=object)
    predicted = np.empty(len(labels), dtype=object)
    splitter = StratifiedKFold(folds, shuffle=True, random_state=seed)
    for train, test in splitter.split(texts, labels):
        predicted[test] = _fit(list(texts[train]), labels[train], seed).predict(list(texts[test]))
    return {**scores(labels, predicted.astype(str)), "n": len(labels), "folds": folds}


def predict_categories(model: CategoryModel, frame: pl.DataFrame) -> pl.DataFrame:
    """``source, record_id, category_l1, category_l2, category_confidence`` for each row."""
    keys = frame.select(v.SOURCE, v.RECORD_ID)
    if frame.is_empty():
        return keys.with_columns(
            pl.lit(None, pl.String).alias(v.CATEGORY_L1),
            pl.lit(None, pl.String).alias(v.CATEGORY_L2),
            pl.lit(None, pl.Float64).alias(v.CATEGORY_CONFIDENCE),
        )
    proba = model.pipeline.predict_proba(clean_texts(frame[v.CONTENT].to_list()))
    classes = list(model.pipeline.classes_)
    l1_of = [c.split(SEPARATOR)[0] for c in classes]
    level1 = sorted(set(l1_of))
    member = np.zeros((len(classes), len(level1)))
    member[np.arange(len(classes)), [level1.index(x) for x in l1_of]] = 1.0
    l1_proba = proba @ member
    best_l1 = l1_proba.argmax(axis=1)
    inside = np.where(member[:, best_l1].T > 0, proba, -1.0)
    best_joint = inside.argmax(axis=1)
    share = proba[np.arange(len(proba)), best_joint] / np.maximum(l1_proba.max(axis=1), 1e-12)
    l2 = [
        classes[j].split(SEPARATOR, 1)[1] or None if s >= L2_MIN_SHARE else None
        for j, s in zip(best_joint, share, strict=True)
    ]
    return keys.with_columns(
        pl.Series(v.CATEGORY_L1, [level1[i] for i in best_l1], dtype=pl.String),
        pl.Series(v.CATEGORY_L2, l2, dtype=pl.String),
        pl.Series(v.CATEGORY_CONFIDENCE, np.round(l1_proba.max(axis=1), 4), dtype=pl.Float64),
    )
