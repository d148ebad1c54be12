"""Headless Chromium (the system binary, through Playwright) to check and photograph reports.

An optional adapter: Playwright is imported here only, and Chromium is Debian's package
(``scripts/install-browser.sh``), never ``playwright install``. ``WEISU_CHROMIUM`` overrides the
binary. ``python -m reports.browser page.html shot.png`` takes a full-page screenshot.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from analytics.errors import WeisuError

CHROMIUM = "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
#: Chart containers whose plotly SVG is not yet drawn (or has no size).
_UNDRAWN = """() => Array.from(document.querySelectorAll('div.chart')).filter(el => {
  const svg = el.querySelector('.plotly .main-svg'); if (!svg) return true;
  const box = svg.getBoundingClientRect(); return !(box.width > 0 && box.height > 0);
}).map(el => el.id)"""


class BrowserMissing(WeisuError):
    """Chromium or Playwright is not installed."""


@dataclass(frozen=True)
class PageCheck:
    """What a browser saw opening one report."""

    url: str
    console_errors: tuple[str, ...]
    page_errors: tuple[str, ...]
    dialogs: tuple[str, ...]
    requests_outside: tuple[str, ...]
    charts: int
    undrawn: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (
            self.console_errors or self.page_errors or self.dialogs or self.requests_outside or self.undrawn
        )


def chromium_path() -> str:
    path = os.environ.get("WEISU_CHROMIUM", CHROMIUM)
    if not Path(path).exists():
        raise BrowserMissing(
            f"no Chromium at {path}: run scripts/install-browser.sh (Debian's "
            "chromium package), or set WEISU_CHROMIUM"
        )
    return path


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright ``Browser``), closed on exit."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise BrowserMissing("Playwright is not installed: `uv sync --extra dev`") from None
    path = chromium_path()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, headless=True, args=list(FLAGS))
        try:
            yield browser
        finally:
            browser.close()


def check_page(browser: Any, html: Path, timeout_ms: int = 20_000) -> PageCheck:
    """Open ``html`` from disk; collect errors, dialogs, non-file requests and undrawn charts."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    console: list[str] = []
    errors: list[str] = []
    dialogs: list[str] = []
    outside: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error":
            console.append(message.text)

    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request: Any) -> None:
        if not request.url.startswith(("file:", "data:", "blob:")):
            outside.append(request.url)

    page.on("console", on_console)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("dialog", on_dialog)
    page.on("request", on_request)
    url = html.resolve().as_uri()
    try:
        page.goto(url, wait_until="load", timeout=timeout_ms)
        charts = page.locator("div.chart").count()
        if charts:
            with contextlib.suppress(Exception):  # reported below as undrawn charts
                page.wait_for_function(f"({_UNDRAWN})().length === 0", timeout=timeout_ms)
        undrawn = tuple(page.evaluate(_UNDRAWN))
    finally:
        page.close()
    return PageCheck(url, tuple(console), tuple(errors), tuple(dialogs), tuple(outside), charts, undrawn)


def screenshot(html: Path, png: Path, width: int = 1280, full_page: bool = True) -> Path:
    """A screenshot of ``html`` once its charts are drawn."""
    with chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
        page.goto(html.resolve().as_uri(), wait_until="load")
        if page.locator("div.chart").count():
            page.wait_for_function(f"({_UNDRAWN})().length === 0", timeout=20_000)
        png.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(png), full_page=full_page)
    return png


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2:
        print("usage: python -m reports.browser PAGE.html SHOT.png", file=sys.stderr)
        return 2
    try:
        print(screenshot(Path(args[0]), Path(args[1])))
    except WeisuError as err:
        print(f"screenshot failed: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
