"""The data-quality section of the nightly overview: batches, quarantine, expectations, the night.

Batches and quarantine are shown as the warehouse holds them when the report is written (the
newest batches); expectations are those of the night's validation run, else the newest run
checked on or before the report date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb

from analytics import warehouse as wh
from analytics.privacy import mask_text
from reports import catalog as cat
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


def _batches(con: duckdb.DuckDBPyConnection) -> tuple[BatchRow, ...]:
    frame = wh.frame(con, "reports/report_batches", {"limit": RECENT_BATCHES})
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


def _quarantine(con: duckdb.DuckDBPyConnection, batches: tuple[BatchRow, ...]) -> tuple[ReasonCount, ...]:
    if not batches:
        return ()
    first = min(b.batch_id for b in batches)
    frame = wh.frame(con, "reports/report_quarantine_reasons", {"min_batch_id": first})
    return tuple(ReasonCount(r["reason"], r["rows"]) for r in frame.iter_rows(named=True))


def _night(con: duckdb.DuckDBPyConnection, catalog: cat.Catalog, as_of: dt.date) -> NightRow | None:
    if not catalog.has(cat.NIGHTLY_RUNS):
        return None
    frame = wh.frame(con, "reports/report_night", {"as_of": as_of})
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


def _expectations(
    con: duckdb.DuckDBPyConnection, catalog: cat.Catalog, as_of: dt.date
) -> tuple[str | None, tuple[ExpectationRow, ...]]:
    if not catalog.has(cat.VALIDATION_RESULTS) or not catalog.has(cat.NIGHTLY_RUNS):
        return None, ()
    run_id = wh.frame(con, "reports/report_validation_run", {"as_of": as_of}).item()
    if run_id is None:
        return None, ()
    frame = wh.frame(con, "reports/report_validation_results", {"run_id": run_id})
    return run_id, tuple(
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


def data_quality(
    con: duckdb.DuckDBPyConnection,
    catalog: cat.Catalog,
    as_of: dt.date,
    mart: MartState,
    data_docs_href: str | None,
) -> DataQuality:
    """The section; ``data_docs_href`` is the link to GX Data Docs when the folder exists."""
    batches = _batches(con)
    totals = BatchTotals(*wh.frame(con, "reports/report_batch_totals").row(0))
    run_id, expectations = _expectations(con, catalog, as_of)
    note = None if run_id else "尚无校验结果 (no validation run on or before this date)"
    return DataQuality(
        mart=mart,
        night=_night(con, catalog, as_of),
        totals=totals,
        batches=batches,
        quarantine=_quarantine(con, batches),
        validation_note=note,
        validation_run=run_id,
        expectations=expectations,
        failed_expectations=sum(not e.success for e in expectations),
        data_docs_href=data_docs_href,
    )
