"""The reports in a real browser: headless Chromium (the system binary) opens each page from
disk, with no console error, every chart drawn, hostile text shown as text, tables sorting."""

from __future__ import annotations

from pathlib import Path

import pytest

from reports import layout
from reports.writer import ReportIndex
from tests.reports.warehouses import INJECTED_DISTRICT, SCRIPT_TEXT, TOPIC_ID

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def browser():
    from reports.browser import BrowserMissing, chromium

    try:
        with chromium() as b:
            yield b
    except BrowserMissing as err:
        pytest.fail(f"{err}")


def _pages(index: ReportIndex) -> list[Path]:
    return [f.path for f in index.pages] + [index.index]


def test_every_page_opens_clean_with_charts_drawn(browser, written: ReportIndex) -> None:
    from reports.browser import check_page

    for path in _pages(written):
        seen = check_page(browser, path)
        assert seen.ok, (path.name, seen)
        if path.name != "index.html":
            assert seen.charts >= 2, path.name


def test_pages_without_optional_analyses_open_clean(browser, written_bare: ReportIndex) -> None:
    from reports.browser import check_page

    for path in (
        written_bare.overview,
        written_bare.night_dir / "topics-2024-06.html",
        written_bare.night_dir / layout.district_file(INJECTED_DISTRICT),
        written_bare.night_dir / layout.RANKINGS,
        written_bare.night_dir / layout.RISK,
    ):
        seen = check_page(browser, path)
        assert seen.ok, (path.name, seen)


def test_rankings_risk_and_impact_pages_draw_their_charts(browser, perf_written: ReportIndex) -> None:
    from reports.browser import check_page

    night = perf_written.night_dir
    for name in (layout.RANKINGS, layout.RISK, layout.impact_file(TOPIC_ID)):
        seen = check_page(browser, night / name)
        assert seen.ok, (name, seen)
        assert seen.charts == 2, name


def test_injected_script_shows_as_text(browser, written: ReportIndex) -> None:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto((written.night_dir / layout.district_file(INJECTED_DISTRICT)).as_uri())
    texts = page.locator("table.complaints td.text").all_inner_texts()
    assert SCRIPT_TEXT in texts
    assert dialogs == [] and page.locator("table.complaints script").count() == 0
    page.close()


def test_tables_sort_on_header_click(browser, written: ReportIndex) -> None:
    page = browser.new_page()
    page.goto(written.overview.as_uri())
    table = page.locator("table.sortable").nth(1)  # the district ranking (after the 三率 detail)
    header = table.locator("thead th", has_text="近30天")

    def volumes() -> list[int]:
        cells = table.locator("tbody tr td:nth-child(3)").all_inner_texts()
        return [int(c.replace(",", "")) for c in cells]

    header.click()
    assert volumes() == sorted(volumes()) and len(volumes()) == 16
    header.click()
    assert volumes() == sorted(volumes(), reverse=True)
    page.close()


def test_policy_blocks_an_inline_script_that_slipped_through(
    browser, written: ReportIndex, tmp_path: Path
) -> None:
    """Defence in depth: the pages' Content-Security-Policy refuses inline scripts."""
    night = written.night_dir
    leaked = night / "leaked-test.html"
    html = written.overview.read_text("utf-8").replace("<main>", "<main><script>alert(3)</script>", 1)
    leaked.write_text(html, encoding="utf-8")
    try:
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(leaked.as_uri(), wait_until="load")
        assert dialogs == []
        page.close()
    finally:
        leaked.unlink()
