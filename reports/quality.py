"""The data-quality section of the nightly overview: batches, quarantine, expectations, the night.

Batches and quarantine are shown as the warehouse holds them when the report is written (the
newest batches); expectations are those of the night's validation run, else the newest run
checked on or before the report date (pure: built from the night's frames).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from analytics.privacy import mask_text
from reports.frames import QualityFrames
from reports.volume import MartState

RECENT_BATCHES = 10


@dataclass(frozen=True)
class BatchRow:
    batch_id: int
    file_name: str
    profile: str
    status: str
    rows_read: int
    rows_loaded: int
    rows_updated: int
    rows_duplicate: int
    rows_quarantined: int
    started_at: dt.datetime
    message: str


@dataclass(frozen=True)
class BatchTotals:
    batches: int
    failed: int
    rows_loaded: int
    rows_quarantined: int


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    rows: int


@dataclass(frozen=True)
class ExpectationRow:
    suite: str
    expectation: str
    column: str
    success: bool
    observed: str
    severity: str


@dataclass(frozen=True)
class NightRow:
    status: str
    reason: str
    files: int
    files_failed: int
    rows_new: int
    rows_quarantined: int
    finished_at: dt.datetime


@dataclass(frozen=True)
class DataQuality:
    mart: MartState
    night: NightRow | None
    totals: BatchTotals
    batches: tuple[BatchRow, ...]
    quarantine: tuple[ReasonCount, ...]
    validation_note: str | None
    validation_run: str | None
    expectations: tuple[ExpectationRow, ...]
    failed_expectations: int
    data_docs_href: str | None


def _batches(frame: pl.DataFrame) -> tuple[BatchRow, ...]:
    return tuple(
        BatchRow(
            r["batch_id"],
            r["file_name"],
            r["profile"],
            r["status"],
            r["rows_read"],
            r["rows_loaded"],
            r["rows_updated"],
            r["rows_duplicate"],
            r["rows_quarantined"],
            r["started_at"],
            mask_text(r["message"]) or "",
        )
        for r in frame.iter_rows(named=True)
    )


def _quarantine(frame: pl.DataFrame) -> tuple[ReasonCount, ...]:
    return tuple(ReasonCount(r["reason"], r["rows"]) for r in frame.iter_rows(named=True))


def _night(frame: pl.DataFrame) -> NightRow | None:
    if frame.is_empty():
        return None
    r = frame.row(0, named=True)
    return NightRow(
        r["status"],
        mask_text(r["reason"]) or "",
        r["files"],
        r["files_failed"],
        r["rows_new"],
        r["rows_quarantined"],
        r["finished_at"],
    )


def _expectations(frame: pl.DataFrame) -> tuple[ExpectationRow, ...]:
    return tuple(
        ExpectationRow(
            r["suite"],
            r["expectation"],
            r["column_name"],
            r["success"],
            mask_text(r["observed"]) or "",
            r["severity"],
        )
        for r in frame.iter_rows(named=True)
    )


def data_quality(frames: QualityFrames, mart: MartState, data_docs_href: str | None) -> DataQuality:
    """The section; ``data_docs_href`` is the link to GX Data Docs when the folder exists."""
    run_id = frames.validation_run
    expectations = _expectations(frames.expectations) if run_id else ()
    batches = _batches(frames.batches)
    return DataQuality(
        mart=mart,
        night=_night(frames.night),
        totals=BatchTotals(*frames.batch_totals.row(0)),
        batches=batches,
        quarantine=_quarantine(frames.quarantine) if batches else (),
        validation_note=None if run_id else "尚无校验结果 (no validation run on or before this date)",
        validation_run=run_id,
        expectations=expectations,
        failed_expectations=sum(not e.success for e in expectations),
        data_docs_href=data_docs_href,
    )
