"""What a run did, why it failed, and its markdown summary — pure code, no IO.

The flows build these values from task results; the rules that make a night fail loudly live
here so they can be tested without Prefect. The markdown (a file beside the reports, and a
Prefect artifact rendered in its UI) quotes data — file names, reasons, notes — as text: one
line each, markdown punctuation escaped, HTML's special characters as entities.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analytics.errors import WeisuError
from analytics.ingest.load import BatchResult
from analytics.marts import MartRefresh
from analytics.validation import Outcome, SuiteResult

if TYPE_CHECKING:
    from prefect.states import State


class RunFailed(Exception):
    """A run that must end Failed; ``str(err)`` is the one-line reason."""


def error_line(err: BaseException) -> str:
    """An error in one line: a Weisu error's own message, else its type and message."""
    message = " ".join(str(err).split())
    if isinstance(err, WeisuError) and message:
        return message
    return f"{type(err).__name__}: {message}" if message else type(err).__name__


def failed(reason: str) -> State:
    """The Failed final state of a run: the one-line reason as its message, and
    :class:`RunFailed` raised to a Python caller that calls the flow directly."""
    from prefect.states import Failed

    return Failed(message=reason, data=RunFailed(reason))


@dataclass(frozen=True)
class IngestReport:
    """The files one ingest run saw and what each did."""

    inbox: Path | None
    results: tuple[BatchResult, ...] = ()
    archived: tuple[Path, ...] = ()
    #: Why loading stopped before the last file (the warehouse could not be written).
    error: str | None = None

    @property
    def failed(self) -> tuple[BatchResult, ...]:
        return tuple(r for r in self.results if r.status == "failed")

    @property
    def new_files(self) -> tuple[BatchResult, ...]:
        """Files with new bytes that loaded as a batch (not failed, not unchanged)."""
        return tuple(r for r in self.results if r.status == "ok")

    @property
    def batch_ids(self) -> tuple[int, ...]:
        return tuple(r.batch_id for r in self.new_files if r.batch_id is not None)

    @property
    def rows_new(self) -> int:
        return sum(r.rows_loaded + r.rows_updated for r in self.new_files)

    @property
    def rows_quarantined(self) -> int:
        return sum(r.rows_quarantined for r in self.new_files)


def failed_files_reason(report: IngestReport) -> str | None:
    if not report.failed:
        return None
    names = ", ".join(r.message or r.file.name for r in report.failed)
    return f"{len(report.failed)} of {len(report.results)} files failed: {names}"


def ingest_reasons(report: IngestReport, empty_nights: int = 0, max_empty_nights: int = 1) -> list[str]:
    """Why the ingest part of a night fails: failed files, 0 new rows, a long-empty inbox.

    ``empty_nights`` counts this night too when its inbox was empty.
    """
    reasons = [report.error] if report.error else []
    failed = failed_files_reason(report)
    if failed:
        reasons.append(failed)
    if report.new_files and report.rows_new == 0:
        reasons.append(
            f"0 new rows from {len(report.new_files)} new file(s) ({report.rows_quarantined} quarantined)"
        )
    if not report.results and empty_nights >= max_empty_nights:
        reasons.append(f"inbox {report.inbox} empty for {empty_nights} night(s) in a row")
    return reasons


def _value(outcome: Outcome) -> object:
    return json.loads(outcome.observed).get("value")


def describe(outcome: Outcome) -> str:
    """A failed expectation in words (stale data and volume get their own phrasing)."""
    if outcome.column == "days_since_newest":
        return f"stale data: newest complaint is {_value(outcome)} days before as_of"
    if outcome.column == "newest_received_at":
        return "stale data: the warehouse has no complaints"
    if outcome.column == "volume_ratio":
        value = _value(outcome)
        shown = f"{value:.0%}" if isinstance(value, float) else value
        return f"volume: the day before as_of has {shown} of its same-weekday median"
    column = f"({outcome.column})" if outcome.column else ""
    return f"{outcome.suite}: {outcome.expectation}{column} failed {outcome.observed}"


def validation_reasons(results: tuple[SuiteResult, ...]) -> list[str]:
    return [describe(o) for r in results for o in r.critical_failures]


@dataclass(frozen=True)
class AnalysisReport:
    """What the analysis steps after validation produced (or why one was skipped)."""

    forecast_run: str | None = None
    early_warnings: int = 0
    report_index: Path | None = None
    summary_file: Path | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class NightlySummary:
    """Everything the nightly artifact shows; ``reasons`` empty means the night passed."""

    run_id: str
    as_of: dt.date
    ingest: IngestReport
    refresh: MartRefresh | None = None
    validation: tuple[SuiteResult, ...] = ()
    reasons: tuple[str, ...] = field(default_factory=tuple)
    analysis: AnalysisReport = field(default_factory=AnalysisReport)

    @property
    def status(self) -> str:
        return "failed" if self.reasons else "ok"

    @property
    def reason(self) -> str:
        return "; ".join(self.reasons)

    @property
    def warnings(self) -> tuple[Outcome, ...]:
        return tuple(o for r in self.validation for o in r.warnings)

    @property
    def docs_index(self) -> Path | None:
        return next((r.docs_index for r in self.validation if r.docs_index), None)


def one_line(summary: NightlySummary) -> str:
    """The night in one line, for terminals and logs."""
    ingest = summary.ingest
    return (
        f"nightly {summary.as_of}: {summary.status} — {len(ingest.results)} files, "
        f"{ingest.rows_new} new rows, {ingest.rows_quarantined} quarantined, "
        f"{len(summary.warnings)} warning(s), "
        f"{summary.analysis.early_warnings} early warning(s)"
    )


def where_lines(summary: NightlySummary) -> list[str]:
    """Where the night's outputs are, one per line, for the CLI."""
    analysis = summary.analysis
    found = [
        ("summary", analysis.summary_file),
        ("report", analysis.report_index),
        ("data docs", summary.docs_index),
    ]
    return [f"{name}: {path}" for name, path in found if path] + [f"note: {note}" for note in analysis.notes]


#: Characters that start markdown markup inline (links, images, emphasis, code, tables); an
#: underscore inside a word (``as_of``, ``12345_export``) starts nothing and stays as it is.
_MARKDOWN = re.compile(r"([\\`*\[\]|~]|(?<!\w)_|_(?!\w))")
#: Line breaks and other control characters: quoted data stays on its line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")


def text(value: object) -> str:
    """Data quoted in markdown, shown as the text it is: a file named
    ``<img src=x onerror=…>.csv`` or ``[x](javascript:…).csv`` stays a name, never markup."""
    flat = _MARKDOWN.sub(r"\\\1", _CONTROL.sub(" ", str(value)))
    return flat.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def code(value: object) -> str:
    """A path or an id as inline code: shown verbatim (HTML included), on one line."""
    flat = _CONTROL.sub(" ", str(value)).replace("|", "\\|")
    fence = "`" * (max((len(run) for run in re.findall("`+", flat)), default=0) + 1)
    pad = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{pad}{flat}{pad}{fence}"


def _file_rows(report: IngestReport) -> list[str]:
    rows = [
        "| file | status | read | loaded | updated | duplicate | quarantined | note |",
        "|---|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in report.results:
        rows.append(
            f"| {text(r.file.name)} | {r.status} | {r.rows_read} | {r.rows_loaded} | "
            f"{r.rows_updated} | {r.rows_duplicate} | {r.rows_quarantined} | {text(r.message or '')} |"
        )
    return rows


def nightly_markdown(summary: NightlySummary) -> str:
    """The run's markdown artifact."""
    ingest = summary.ingest
    lines = [f"# Weisu nightly {summary.as_of} — {summary.status.upper()}", ""]
    if summary.reasons:
        lines += [f"**Failed:** {text(summary.reason)}", ""]
    lines += [
        f"- files: {len(ingest.results)} ({len(ingest.failed)} failed, {len(ingest.archived)} archived)",
        f"- new rows: {ingest.rows_new}; quarantined: {ingest.rows_quarantined}",
    ]
    refresh = summary.refresh
    if refresh is not None and refresh.upto_batch_id > refresh.after_batch_id:
        lines.append(
            f"- daily_counts refreshed: {refresh.day_range} "
            f"(batches {refresh.after_batch_id + 1}…{refresh.upto_batch_id})"
        )
    elif refresh is not None:
        lines.append("- daily_counts: no new batches")
    checks = [o for r in summary.validation for o in r.outcomes]
    lines.append(
        f"- expectations: {sum(o.success for o in checks)}/{len(checks)} passed, "
        f"{len(summary.warnings)} warning(s)"
    )
    if summary.docs_index:
        lines.append(f"- Data Docs: {code(summary.docs_index)} (pages load CSS/JS from CDNs)")
    analysis = summary.analysis
    if analysis.forecast_run:
        lines.append(
            f"- forecasts: run {code(analysis.forecast_run)}, {analysis.early_warnings} early warning(s)"
        )
    if analysis.report_index:
        lines.append(f"- report: {code(analysis.report_index)}")
    lines += [f"- note: {text(note)}" for note in analysis.notes]
    lines.append("")
    if ingest.results:
        lines += ["## Files", "", *_file_rows(ingest), ""]
    if summary.warnings:
        lines += ["## Warnings", "", *(f"- {text(describe(o))}" for o in summary.warnings), ""]
    return "\n".join(lines)


def backfill_markdown(
    start: dt.date, end: dt.date, refresh: MartRefresh, result: SuiteResult, reasons: list[str]
) -> str:
    """The backfill run's markdown artifact."""
    status = "FAILED" if reasons else "OK"
    lines = [f"# Weisu backfill {start} … {end} — {status}", ""]
    if reasons:
        lines += [f"**Failed:** {text('; '.join(reasons))}", ""]
    passed = sum(o.success for o in result.outcomes)
    lines += [
        f"- daily_counts recomputed: {refresh.day_range}",
        f"- expectations: {passed}/{len(result.outcomes)} passed",
    ]
    if result.docs_index:
        lines.append(f"- Data Docs: {code(result.docs_index)} (pages load CSS/JS from CDNs)")
    return "\n".join(lines) + "\n"
