"""Columns of the v5 performance tables: a night's frames are cast to these before they are stored,
so a table always gets the same types whatever a night held (an empty month, no topics).
"""

from __future__ import annotations

import polars as pl

from analytics import vocabulary as vocab

LEVEL = "level"

#: Columns of ``unit_rankings`` besides as_of, month and run_id, in table order.
RANKING_COLUMNS: dict[str, pl.DataType] = {
    LEVEL: pl.String(),
    vocab.DISTRICT: pl.String(),
    vocab.STREET: pl.String(),
    vocab.HANDLING_UNIT: pl.String(),
    **{
        c: pl.Int64()
        for c in (
            "complaints",
            "responded",
            "resolution_rated",
            "resolved_n",
            "satisfaction_rated",
            "satisfied_n",
            "dispatched",
            "dispatched_on_time",
            "closed",
            "closed_on_time",
        )
    },
    **{
        f"{rate}{suffix}": pl.Float64()
        for rate in ("response", "resolution", "satisfaction", "dispatch_on_time", "close_on_time")
        for suffix in ("", "_lo", "_hi")
    },
    "composite": pl.Float64(),
    **{
        c: pl.Int64()
        for c in (
            "rank",
            "rank_in_district",
            "previous_rank",
            "previous_rank_in_district",
            "rank_change",
            "rank_in_district_change",
        )
    },
    "new_entry": pl.Boolean(),
}
#: Columns of ``street_risk`` besides as_of, month and run_id.
RISK_COLUMNS: dict[str, pl.DataType] = {
    "window_start": pl.Date(),
    "window_end": pl.Date(),
    "risk_rank": pl.Int64(),
    "on_watch_list": pl.Boolean(),
    vocab.DISTRICT: pl.String(),
    vocab.STREET: pl.String(),
    "complaints": pl.Int64(),
    "repeats": pl.Int64(),
    "repeat_share": pl.Float64(),
    "concentration": pl.Float64(),
    "resolution_rated": pl.Int64(),
    "resolved_n": pl.Int64(),
    "resolution": pl.Float64(),
    "resolution_before": pl.Float64(),
    "resolution_change": pl.Float64(),
    "satisfaction_rated": pl.Int64(),
    "satisfied_n": pl.Int64(),
    "satisfaction": pl.Float64(),
    "unresolved_excess": pl.Float64(),
    "dissatisfied_excess": pl.Float64(),
    "problem_issue": pl.String(),
    "problem_score": pl.Float64(),
    "problem_bad": pl.Int64(),
    "issue_complaints": pl.Int64(),
    **{
        f"pct_{c}": pl.Float64()
        for c in (
            "problem_score",
            "concentration",
            "repeat_share",
            "unresolved_excess",
            "dissatisfied_excess",
            "resolution_fall",
        )
    },
    "risk_score": pl.Float64(),
    "reasons": pl.List(pl.String()),
}
_RATE_COUNTS = ("complaints", "resolution_rated", "resolved", "satisfaction_rated", "satisfied")
#: Columns of ``topic_impacts`` besides as_of and run_id.
IMPACT_COLUMNS: dict[str, pl.DataType] = {
    "theme_id": pl.String(),
    "label": pl.String(),
    "start": pl.Date(),
    "status": pl.String(),
    "note": pl.String(),
    "post_first": pl.Date(),
    "post_last": pl.Date(),
    "actual": pl.Int64(),
    **{
        c: pl.Float64()
        for c in (
            "expected",
            "expected_lo",
            "expected_hi",
            "relative_change",
            "relative_lo",
            "relative_hi",
            "p_value",
        )
    },
    "call": pl.String(),
    "pre_months": pl.Int64(),
    "trend": pl.Boolean(),
    "dispersion": pl.Float64(),
    "before_first": pl.Date(),
    "before_last": pl.Date(),
    **{f"{c}_{period}": pl.Int64() for period in ("before", "after") for c in _RATE_COUNTS},
}
#: Columns of ``topic_impact_months`` besides as_of.
IMPACT_MONTH_COLUMNS: dict[str, pl.DataType] = {
    "theme_id": pl.String(),
    "month": pl.Date(),
    "phase": pl.String(),
    "complaints": pl.Int64(),
    "expected": pl.Float64(),
    "expected_lo": pl.Float64(),
    "expected_hi": pl.Float64(),
}


def typed(frame: pl.DataFrame, columns: dict[str, pl.DataType]) -> pl.DataFrame:
    """``frame`` with exactly ``columns`` (absent ones null) in their types and order."""
    return frame.select(
        (pl.col(c) if c in frame.columns else pl.lit(None)).cast(t).alias(c) for c, t in columns.items()
    )
