"""The rules that fail a night, and the markdown summary — pure, no Prefect run."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from analytics.ingest.load import BatchResult
from analytics.marts import MartRefresh
from analytics.validation import CRITICAL, WARNING, Outcome, SuiteResult
from flows.summary import (
    AnalysisReport,
    IngestReport,
    NightlySummary,
    describe,
    ingest_reasons,
    nightly_markdown,
    validation_reasons,
)

INBOX = Path("/data/inbox")


def _result(
    name: str, status: str = "ok", loaded: int = 10, quarantined: int = 0, message: str = ""
) -> BatchResult:
    return BatchResult(
        file=INBOX / name,
        profile="beijing12345",
        status=status,
        batch_id=1,
        rows_read=loaded + quarantined,
        rows_loaded=loaded,
        rows_quarantined=quarantined,
        message=message,
    )


def _report(*results: BatchResult) -> IngestReport:
    return IngestReport(inbox=INBOX, results=results)


def _outcome(column: str, value: object, severity: str = CRITICAL) -> Outcome:
    return Outcome(
        "warehouse",
        "expect_column_values_to_be_between",
        column,
        False,
        json.dumps({"value": value}),
        severity,
    )


def test_a_good_night_has_no_reasons():
    assert ingest_reasons(_report(_result("a.csv"))) == []
    # Re-delivered files (unchanged) are not "0 new rows when rows were expected".
    assert ingest_reasons(_report(_result("a.csv", status="unchanged", loaded=0))) == []


def test_failed_files_are_named():
    report = _report(_result("a.csv"), _result("b.csv", "failed", 0, message="b.csv: empty"))
    assert ingest_reasons(report) == ["1 of 2 files failed: b.csv: empty"]


def test_zero_new_rows_from_new_files():
    assert ingest_reasons(_report(_result("a.csv", loaded=0, quarantined=4))) == [
        "0 new rows from 1 new file(s) (4 quarantined)"
    ]


def test_empty_inbox_fails_only_after_the_configured_nights():
    assert ingest_reasons(_report(), empty_nights=1, max_empty_nights=2) == []
    assert ingest_reasons(_report(), empty_nights=2, max_empty_nights=2) == [
        f"inbox {INBOX} empty for 2 night(s) in a row"
    ]


def test_critical_failures_in_words_warnings_not_reasons():
    suite = SuiteResult(
        "warehouse",
        (
            _outcome("days_since_newest", 9),
            _outcome("volume_ratio", 0.2),
            _outcome("closed_at", None, WARNING),
        ),
    )
    assert validation_reasons((suite,)) == [
        "stale data: newest complaint is 9 days before as_of",
        "volume: the day before as_of has 20% of its same-weekday median",
    ]
    assert describe(_outcome("response_rate", None)).startswith(
        "warehouse: expect_column_values_to_be_between(response_rate) failed"
    )


def test_markdown_shows_reason_files_warnings_and_docs():
    suite = SuiteResult(
        "warehouse", (_outcome("closed_at", None, WARNING),), Path("/data/reports/data_docs/index.html")
    )
    summary = NightlySummary(
        "r1",
        dt.date(2026, 11, 2),
        _report(_result("12345_export_2026-11-01.csv", loaded=7, quarantined=1)),
        MartRefresh("daily_counts", 0, 1, (dt.date(2026, 11, 1),)),
        (suite,),
        ("stale data: newest complaint is 9 days before as_of",),
    )
    text = nightly_markdown(summary)
    assert text.startswith("# Weisu nightly 2026-11-02 — FAILED")
    assert "**Failed:** stale data" in text
    assert "- new rows: 7; quarantined: 1" in text
    assert "| 12345_export_2026-11-01.csv | ok | 8 | 7 | 0 | 0 | 1 |  |" in text
    assert "`/data/reports/data_docs/index.html` (pages load CSS/JS from CDNs)" in text
    assert "## Warnings" in text


def test_markdown_quotes_names_and_reasons_as_text_never_markup() -> None:
    """Issue 15, item 7: the summary (a file, and an artifact Prefect's UI renders) showed file
    names and reasons as raw HTML and markdown."""
    from markdown_it import MarkdownIt

    name = "<img src=x onerror=alert(1)>[home](javascript:alert(2))|*b*`c`.csv"
    reason = f"{name}: <script>alert(3)</script>\nsecond line | ![i](http://tracker.example/p.png)"
    summary = NightlySummary(
        "r1",
        dt.date(2026, 11, 2),
        _report(_result(name, status="failed", loaded=0, message=reason), _result("12345_export_a.csv")),
        reasons=(f"1 of 2 files failed: {reason}",),
        analysis=AnalysisReport(report_index=Path("/r/`x`/<b>index.html"), notes=("themes: <i>1</i> new",)),
    )
    text = nightly_markdown(summary)
    html = MarkdownIt("commonmark").enable("table").render(text)
    for raw in (
        "<img",
        "<script",
        "<a ",
        "<i>",
        "<b>",
        "<em>",
        'javascript:alert(2)"',
        "<code>c",
    ):
        assert raw not in html, raw
    assert "&lt;img src=x onerror=alert(1)&gt;[home](javascript:alert(2))|*b*`c`.csv" in html
    assert "&lt;script&gt;alert(3)&lt;/script&gt; second line | ![i](http://tracker.example/p.png)" in html
    assert "<code>/r/`x`/&lt;b&gt;index.html</code>" in html
    assert html.count("<strong>") == 1  # **Failed:** is ours; the quoted *b* is no emphasis
    assert "12345_export_a.csv" in text  # plain names read as they are
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert len(rows) == 3 and all(row.count(" | ") == 7 for row in rows[1:])  # one row a file
