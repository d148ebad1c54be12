"""Demo data for the performance tests: two years at scale 0.004, built once per session (~8 s).

The demo frame carries ``caller_id``; the warehouse would store its keyed hash, and equality is
all the repeat rule needs, so the tests use the id itself as ``caller_hash``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl
import pytest

START, END, SCALE, SEED = date(2023, 1, 1), date(2024, 12, 31), 0.004, 0


@dataclass(frozen=True)
class DemoTruth:
    kind: str
    theme: str
    categories: tuple[tuple[str, str, str], ...]
    start: date
    effect: float
    expected: np.ndarray  # expected planted tickets per day (as generated)
    untreated: np.ndarray  # treated: expected per day without the treatment
    days: tuple[date, ...]


def _truths() -> dict[str, DemoTruth]:
    from demo.generate import build_context

    ctx = build_context(START, END, SCALE, SEED, False)
    ordinal = np.array([d.toordinal() for d in ctx.days])
    out = {}
    for k, it in enumerate(ctx.items):
        drop = it.effect * np.clip((ordinal - it.start.toordinal()) / it.ramp_days, 0, 1)
        rows = tuple(ctx.cats.rows[r] for r in it.rows)
        out[it.kind] = DemoTruth(
            it.kind,
            it.theme.theme,
            rows,
            it.start,
            it.effect,
            ctx.rates[k],
            ctx.rates[k] / (1 - drop),
            tuple(ctx.days),
        )
    return out


@pytest.fixture(scope="session")
def demo() -> pl.DataFrame:
    from demo import demo_records

    frame = demo_records(START, END, scale=SCALE, seed=SEED)
    return frame.with_columns(pl.col("caller_id").alias("caller_hash"), pl.lit("demo").alias("source"))


@pytest.fixture(scope="session")
def truth() -> dict[str, DemoTruth]:
    return _truths()
