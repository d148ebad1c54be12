"""What a night's pages read, as typed bundles of polars frames (pure; no IO).

:mod:`reports.queries` fills these from the warehouse once per night; every page builder takes
them (and plain values) and returns its context, so a builder runs on hand-made frames in a test
as it does on the warehouse. Each field's comment names the columns the builders use.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl


@dataclass(frozen=True)
class VolumeFrames:
    """The daily_counts mart and the complaints behind the overview and the district pages."""

    #: One row: first_day, last_day, mart_batch_id, newest_batch_id.
    bounds: pl.DataFrame
    #: day, district and the 三率 measures, from a year before the trend window to the last day.
    daily: pl.DataFrame
    #: district, street, category_l1, the measures and complaints_last_year over the 30 days.
    places: pl.DataFrame
    #: district, received_at, street, category_l1, category_l2, status, content: the newest
    #: complaints of each district not marked resolved.
    open_complaints: pl.DataFrame


@dataclass(frozen=True)
class QualityFrames:
    """Batches, quarantine, the night's record and its validation run."""

    #: The newest batches: batch_id, file_name, profile, status, rows_*, started_at, message.
    batches: pl.DataFrame
    #: One row: batches, failed, rows_loaded, rows_quarantined (over every batch).
    batch_totals: pl.DataFrame
    #: reason, rows: quarantined rows of the newest batches.
    quarantine: pl.DataFrame
    #: The night's nightly_runs row, if any (status, reason, files, …, finished_at).
    night: pl.DataFrame
    #: The validation run shown, None when there is none.
    validation_run: str | None
    #: suite, expectation, column_name, success, observed, severity of that run.
    expectations: pl.DataFrame


@dataclass(frozen=True)
class AnalysisFrames:
    """The optional analyses a page shows: forecasts, early warnings and hotspots."""

    #: The newest forecast run on or before the night, if any: run_id, as_of.
    forecast_run: pl.DataFrame
    #: unique_id, day, yhat, lo80, hi80 of that run.
    forecasts: pl.DataFrame
    #: unique_id, window_days, basis, period_start, period_end, forecast, baseline, excess,
    #: ratio of that run, largest excess first.
    early_warnings: pl.DataFrame
    #: Every stored column of the newest hotspot day on or before the night, best first.
    hotspots: pl.DataFrame
    #: Whether any hotspot is stored at all.
    hotspots_stored: bool


@dataclass(frozen=True)
class TopicFrames:
    """The 每月一题 candidates of a month and their evidence."""

    #: theme_id, label: every theme.
    themes: pl.DataFrame
    #: The themes analysis's ranking of the month (``month_topics``), empty without themes.
    candidates: pl.DataFrame
    #: theme_id, month, complaints of each candidate before the night.
    theme_months: pl.DataFrame
    #: theme_id, received_at, district, street, category_l1, content: newest of each candidate.
    theme_samples: pl.DataFrame
    #: label, district, street, week, complaints, callers, expected: recent street-week bursts.
    bursts: pl.DataFrame = field(default_factory=pl.DataFrame)


@dataclass(frozen=True)
class PerformanceFrames:
    """What the nightly 三率 step stored for the newest night on or before the report's."""

    #: The performance_runs row, if any.
    run: pl.DataFrame
    #: unit_rankings rows of that night, every level.
    rankings: pl.DataFrame
    #: street_risk rows of that night, riskiest first.
    street_risk: pl.DataFrame
    #: topic_impacts rows of that night, oldest start first.
    impacts: pl.DataFrame
    #: theme_id, month, phase, complaints, expected, expected_lo, expected_hi of those impacts.
    impact_months: pl.DataFrame


@dataclass(frozen=True)
class NightData:
    """Everything one night's pages read."""

    volume: VolumeFrames
    quality: QualityFrames
    analyses: AnalysisFrames
    topics: TopicFrames
    performance: PerformanceFrames
