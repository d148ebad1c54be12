"""Dirty rows and legal variation in export files, both counted exactly.

A dirty row is an *extra* row with exactly one defect, copied from a clean record: an unknown
district spelling, an impossible call time, an exact duplicate, or a missing required field.
Clean records therefore never change with ``dirty_rate``. Legal variation (``朝阳`` or
``北京市朝阳区`` for 朝阳区) is not dirt: the ingest normalises it.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import polars as pl

from demo.truth import DIRTY_KINDS

ID, DISTRICT, RECEIVED, CONTENT = "工单编号", "区", "来电时间", "诉求内容"
BAD_DISTRICTS = (
    "朝阳新区",
    "北京市外",
    "Chaoyang",
    "Haidian",
    "海定区",
    "河北省廊坊市",
    "外省市",
    "未知区域",
)
VARIANT_SHARE = 0.003


def bad_timestamps(year: int) -> tuple[str, ...]:
    """Call times no parser should accept."""
    return (
        f"{year}-13-45 25:61:00",
        "昨天下午",
        "0000-00-00 00:00:00",
        f"{year}/02/30 10:00",
        "待定",
        f"{year}-00-10 08:00:00",
        "25:61",
    )


def district_variants(
    rng: np.random.Generator, frame: pl.DataFrame, eligible: np.ndarray, zone: str
) -> tuple[pl.DataFrame, np.ndarray]:
    """Rewrite a few district names as short (朝阳) or prefixed (北京市朝阳区) forms."""
    district = frame[DISTRICT].to_numpy().astype(object)
    pick = eligible & (rng.random(len(district)) < VARIANT_SHARE) & (district != zone)
    short = rng.random(len(district)) < 0.5
    changed = np.where(short, np.array([d[:-1] for d in district], dtype=object), "北京市" + district)
    district = np.where(pick, changed, district)
    return frame.with_columns(pl.Series(DISTRICT, district.tolist(), dtype=pl.String)), pick


def _defect(rng: np.random.Generator, row: dict, kind: str, new_id: str, year: int) -> dict:
    out = dict(row)
    if kind != "duplicate":
        out[ID] = new_id
    if kind == "unknown_district":
        out[DISTRICT] = BAD_DISTRICTS[int(rng.integers(0, len(BAD_DISTRICTS)))]
    elif kind == "bad_timestamp":
        bad = bad_timestamps(year)
        out[RECEIVED] = bad[int(rng.integers(0, len(bad)))]
    elif kind == "missing_required":
        out[ID if rng.random() < 0.5 else CONTENT] = None
    return out


def inject_dirty(
    rng: np.random.Generator,
    frame: pl.DataFrame,
    dirty_rate: float,
    eligible: np.ndarray,
    next_id: Iterator[str],
    year: int,
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Insert dirty rows at random places; returns the file frame and counts per kind.

    ``next_id`` supplies fresh record ids (they continue the day's sequence, so clean ids never
    depend on the dirty rate).
    """
    counts = dict.fromkeys(DIRTY_KINDS, 0)
    pool = np.flatnonzero(eligible)
    k = int(rng.binomial(len(pool), dirty_rate)) if len(pool) and dirty_rate > 0 else 0
    if k == 0:
        return frame, counts
    src = np.sort(rng.choice(pool, size=k, replace=False))
    kinds = [DIRTY_KINDS[int(j)] for j in rng.integers(0, len(DIRTY_KINDS), k)]
    rows = frame[src.tolist()].to_dicts()
    dirty = []
    for row, kind in zip(rows, kinds, strict=True):
        dirty.append(_defect(rng, row, kind, next(next_id) if kind != "duplicate" else "", year))
        counts[kind] += 1
    n = frame.height
    keys = np.arange(n, dtype=float)
    lo = np.where(np.array(kinds) == "duplicate", src + 1, 0)
    dirty_keys = rng.integers(lo, n + 1) - 0.5 + np.arange(k) * 1e-6
    merged = pl.concat([frame, pl.DataFrame(dirty, schema=frame.schema)])
    order = np.argsort(np.concatenate([keys, dirty_keys]), kind="stable")
    return merged[order.tolist()], counts
