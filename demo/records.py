"""Demo tickets as a typed polars frame with canonical column names, without touching files.

``demo_records`` is what tests and later modules use: the clean records exactly as the export
files carry them (dirty rows are extra rows in files, never a replacement of a record), plus a
few ``demo_*`` columns holding the truth a pipeline should recover.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import numpy as np
import polars as pl

from analytics import vocabulary as vocab
from demo.generate import Cols, Context, build_context, generate_day
from demo.handling import SATISFACTION_NAMES, STATUS_NAMES
from demo.taxonomy import APPEAL_TYPES

#: Extra columns: satisfaction level as written, planted kind, first record of a repeat call,
#: the true category of unclassified records, and which private data the text carries.
DEMO_SATISFACTION = "demo_satisfaction"
DEMO_PLANTED = "demo_planted"
DEMO_REPEAT_OF = "demo_repeat_of"
DEMO_TRUE_L1, DEMO_TRUE_L2, DEMO_TRUE_L3 = "demo_true_l1", "demo_true_l2", "demo_true_l3"
DEMO_PII = "demo_pii"
PII_NAMES = ("", "mobile", "landline", "id_number")

#: Canonical fields the demo export carries, in canonical order.
FIELDS: tuple[str, ...] = (
    vocab.RECORD_ID,
    vocab.RECEIVED_AT,
    vocab.DISTRICT,
    vocab.STREET,
    vocab.COMMUNITY,
    vocab.CATEGORY_L1,
    vocab.CATEGORY_L2,
    vocab.CATEGORY_L3,
    vocab.APPEAL_TYPE,
    vocab.CHANNEL,
    vocab.CONTENT,
    vocab.HANDLING_UNIT,
    vocab.DISPATCHED_AT,
    vocab.RESPONDED_AT,
    vocab.CLOSED_AT,
    vocab.RESOLVED,
    vocab.SATISFIED,
    vocab.STATUS,
    vocab.CALLER_ID,
    vocab.ADDRESS,
    vocab.LONGITUDE,
    vocab.LATITUDE,
)
_CHANNELS = tuple(c.value for c in vocab.Channel)


def iter_days(ctx: Context) -> Iterator[tuple[int, Cols]]:
    """Generate the run day by day, carrying scheduled repeat calls forward."""
    pending: dict[int, list[Cols]] = {}
    for i in range(len(ctx.days)):
        yield i, generate_day(ctx, i, pending)


def _gather(values: tuple[str, ...] | list[str] | np.ndarray, idx: np.ndarray) -> pl.Series:
    return pl.Series(values=list(values), dtype=pl.String).gather(np.asarray(idx, dtype=np.int64))


def _epoch(name: str) -> pl.Expr:
    return pl.from_epoch(pl.when(pl.col(name) >= 0).then(pl.col(name)), time_unit="s")


def _raw_frame(ctx: Context, cols: Cols) -> pl.DataFrame:
    """Day columns as a frame: names looked up, times still epoch seconds, codes still ints."""
    geo, cats = ctx.geo, ctx.cats
    street, cat = cols["street"], cols["cat"]
    rows = np.array(cats.rows, dtype=object)
    return pl.DataFrame(
        {
            vocab.RECORD_ID: pl.Series(cols["record_id"].tolist(), dtype=pl.String),
            "_received": cols["received"],
            "_dispatch": cols["dispatch"],
            "_respond": cols["respond"],
            "_close": cols["close"],
            vocab.DISTRICT: _gather(geo.districts, geo.street_district[street]),
            vocab.STREET: _gather(geo.street_name, street),
            vocab.COMMUNITY: _gather(geo.community_name, cols["community"]),
            DEMO_TRUE_L1: _gather(rows[:, 0], cat),
            DEMO_TRUE_L2: _gather(rows[:, 1], cat),
            DEMO_TRUE_L3: _gather(rows[:, 2], cat),
            vocab.APPEAL_TYPE: _gather(APPEAL_TYPES, cols["appeal"]),
            vocab.CHANNEL: _gather(_CHANNELS, cols["channel"]),
            vocab.CONTENT: pl.Series(cols["content"].tolist(), dtype=pl.String),
            vocab.HANDLING_UNIT: pl.Series(cols["unit"].tolist(), dtype=pl.String),
            "_resolved": cols["resolved"],
            "_satisfaction": cols["satisfaction"],
            vocab.STATUS: _gather(STATUS_NAMES, cols["status"]),
            vocab.CALLER_ID: pl.Series(cols["caller"].tolist(), dtype=pl.String),
            vocab.ADDRESS: pl.Series(cols["address"].tolist(), dtype=pl.String),
            vocab.LONGITUDE: np.round(cols["lon"], 6),
            vocab.LATITUDE: np.round(cols["lat"], 6),
            "_blank": cols["blank"],
            "_planted": cols["planted"].astype(np.int64),
            DEMO_REPEAT_OF: pl.Series(cols["root"].tolist(), dtype=pl.String),
            DEMO_PII: _gather(PII_NAMES, cols["pii"]),
        }
    )


def _lookup(values: list[str] | tuple[str, ...], code: str) -> pl.Expr:
    """Name of a non-negative integer code; null where the code is negative."""
    names = pl.lit(pl.Series(list(values), dtype=pl.String))
    return pl.when(pl.col(code) >= 0).then(names.gather(pl.col(code).clip(0)))


def day_frame(ctx: Context, cols: Cols) -> pl.DataFrame:
    """Typed canonical frame of one generated day (nulls where a value is absent)."""
    empty_to_null = [vocab.ADDRESS, DEMO_REPEAT_OF, DEMO_PII, DEMO_TRUE_L3]
    categories = (
        (vocab.CATEGORY_L1, DEMO_TRUE_L1),
        (vocab.CATEGORY_L2, DEMO_TRUE_L2),
        (vocab.CATEGORY_L3, DEMO_TRUE_L3),
    )
    return (
        _raw_frame(ctx, cols)
        .with_columns(
            _epoch("_received").alias(vocab.RECEIVED_AT),
            _epoch("_dispatch").alias(vocab.DISPATCHED_AT),
            _epoch("_respond").alias(vocab.RESPONDED_AT),
            _epoch("_close").alias(vocab.CLOSED_AT),
            *[pl.when(~pl.col("_blank") & (pl.col(t) != "")).then(pl.col(t)).alias(c) for c, t in categories],
            pl.when(pl.col("_resolved") >= 0).then(pl.col("_resolved") == 1).alias(vocab.RESOLVED),
            pl.when(pl.col("_satisfaction") >= 0).then(pl.col("_satisfaction") < 2).alias(vocab.SATISFIED),
            _lookup(SATISFACTION_NAMES, "_satisfaction").alias(DEMO_SATISFACTION),
            _lookup([it.kind for it in ctx.items], "_planted").alias(DEMO_PLANTED),
            *[pl.when(pl.col(c) != "").then(pl.col(c)).alias(c) for c in empty_to_null],
            pl.col(vocab.LONGITUDE).fill_nan(None),
            pl.col(vocab.LATITUDE).fill_nan(None),
        )
        .select(
            *FIELDS,
            DEMO_SATISFACTION,
            DEMO_PLANTED,
            DEMO_REPEAT_OF,
            DEMO_TRUE_L1,
            DEMO_TRUE_L2,
            DEMO_TRUE_L3,
            DEMO_PII,
        )
    )


def demo_records(
    start: date = date(2023, 1, 1),
    end: date | None = None,
    scale: float = 0.01,
    seed: int = 0,
    include_zone: bool = False,
) -> pl.DataFrame:
    """All clean demo records of a date range (same records ``write_demo`` writes for the args)."""
    ctx = build_context(start, end or date.today() - timedelta(days=1), scale, seed, include_zone)
    frames = [day_frame(ctx, cols) for _, cols in iter_days(ctx)]
    return pl.concat(frames, how="vertical") if frames else pl.DataFrame()
