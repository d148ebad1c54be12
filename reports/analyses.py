"""Sections from the optional analyses: forecasts and early warnings, and hotspots (pure).

Each section says which of three states it is in: the analysis has not run (no run on or before
the report date), it ran and found nothing, or it has rows to show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from forecasts.series import CITY, parse_series_id, series_id
from reports.frames import AnalysisFrames
from reports.generic import generic_table
from reports.model import NOT_COMPUTED, ForecastPoint, GenericTable

BASIS_LABELS = {"last_year": "去年同期", "recent": "近28天均值"}


@dataclass(frozen=True)
class ForecastRun:
    run_id: str
    as_of: dt.date


@dataclass(frozen=True)
class EarlyWarningRow:
    series: str
    window_days: int
    basis: str
    period_start: dt.date
    period_end: dt.date
    forecast: float
    baseline: float
    excess: float
    ratio: float | None


@dataclass(frozen=True)
class EarlyWarnings:
    """``note`` says why there are no rows (None when there are)."""

    note: str | None
    run_id: str | None
    rows: tuple[EarlyWarningRow, ...]


@dataclass(frozen=True)
class Hotspots:
    note: str | None
    table: GenericTable


def forecast_run(frames: AnalysisFrames) -> ForecastRun | None:
    """The newest forecast run made on or before the night, if any."""
    if frames.forecast_run.is_empty():
        return None
    run_id, as_of = frames.forecast_run.select("run_id", "as_of").row(0)
    return ForecastRun(run_id, as_of)


def forecast_points(frames: AnalysisFrames, district: str | None = None) -> tuple[ForecastPoint, ...]:
    """The city's (or a district's) forecast of the run with its 80% interval."""
    uid = series_id(district=district) if district else CITY
    series = frames.forecasts.filter(pl.col("unique_id") == uid).sort("day", maintain_order=True)
    return tuple(
        ForecastPoint(r["day"], r["yhat"], r["lo80"], r["hi80"]) for r in series.iter_rows(named=True)
    )


def series_label(unique_id: str) -> str:
    """``district=朝阳区|category=住房`` → ``朝阳区 · 住房``; the city total → ``全市``."""
    keys = parse_series_id(unique_id)
    return " · ".join(keys[k] for k in ("district", "category") if k in keys) or "全市"


def early_warnings(frames: AnalysisFrames, district: str | None = None, limit: int = 15) -> EarlyWarnings:
    """The run's warnings (only the district's when given), largest excess first."""
    run = forecast_run(frames)
    if run is None:
        return EarlyWarnings(NOT_COMPUTED, None, ())
    frame = frames.early_warnings
    if district is not None:
        keep = [parse_series_id(u).get("district") == district for u in frame["unique_id"]]
        frame = frame.filter(pl.Series(keep, dtype=pl.Boolean))
    rows = tuple(
        EarlyWarningRow(
            series=series_label(r["unique_id"]),
            window_days=r["window_days"],
            basis=BASIS_LABELS.get(r["basis"], r["basis"]),
            period_start=r["period_start"],
            period_end=r["period_end"],
            forecast=r["forecast"],
            baseline=r["baseline"],
            excess=r["excess"],
            ratio=r["ratio"],
        )
        for r in frame.head(limit).iter_rows(named=True)
    )
    note = None if rows else f"预测运行 {run.as_of} 未触发预警 (no early warning fired)"
    return EarlyWarnings(note, run.run_id, rows)


def hotspots(
    frames: AnalysisFrames, as_of: dt.date, district: str | None = None, limit: int = 10
) -> Hotspots:
    """The newest hotspots on or before ``as_of`` (the district's when given), top ``limit``."""
    empty = GenericTable((), ())
    if not frames.hotspots_stored:
        return Hotspots(NOT_COMPUTED, empty)
    frame = frames.hotspots
    if district is not None:
        frame = frame.filter(pl.col("district") == district)
    if frame.is_empty():
        return Hotspots(f"{as_of} 前没有热点记录 (no hotspots on or before this date)", empty)
    return Hotspots(None, generic_table(frame, limit))
