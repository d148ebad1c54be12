"""The HTML writer: one night's pages, the shared assets and the index, under the reports folder.

:func:`write_reports` is the entry point the nightly flow calls. The night's frames are read
once (:mod:`reports.queries`), every page is built and rendered in memory, and only then are
the files written, each atomically, so a failure while building leaves the previous files as
they were.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import duckdb

from analytics import vocabulary as vocab
from analytics.themes.candidates import CandidateWeights
from reports import figures, layout, queries, site
from reports.pages import Page, night_contexts, night_pages
from reports.render import render
from reports.volume import mart_state

ASSET_FILES = ("weisu.css", "weisu.js")
PLOTLY_JS = "plotly.min.js"


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    bytes: int


@dataclass(frozen=True)
class ReportIndex:
    """What one call wrote: the index, this night's pages and the shared assets, with sizes."""

    index: Path
    night_dir: Path
    pages: tuple[WrittenFile, ...]
    assets: tuple[WrittenFile, ...]

    @property
    def overview(self) -> Path:
        return self.night_dir / layout.OVERVIEW

    @property
    def pages_bytes(self) -> int:
        return sum(f.bytes for f in self.pages)

    @property
    def assets_bytes(self) -> int:
        return sum(f.bytes for f in self.assets)

    def summary(self) -> str:
        return (
            f"{len(self.pages)} pages, {self.pages_bytes / 1024:,.0f} KB "
            f"(+ shared assets {self.assets_bytes / 1048576:,.1f} MB) in {self.night_dir}"
        )


def _write(path: Path, data: bytes) -> WrittenFile:
    """Write atomically (a temporary file renamed over the target)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return WrittenFile(path, len(data))


def write_assets(out: Path) -> tuple[WrittenFile, ...]:
    """plotly.js (once, rewritten only when plotly changes), the stylesheet and the script."""
    from plotly.offline import get_plotlyjs

    folder = out / layout.ASSETS
    wanted = {PLOTLY_JS: get_plotlyjs().encode("utf-8")}
    package = resources.files("reports").joinpath("assets")
    wanted |= {name: package.joinpath(name).read_bytes() for name in ASSET_FILES}
    written = []
    for name, data in wanted.items():
        path = folder / name
        same = path.exists() and path.stat().st_size == len(data) and path.read_bytes() == data
        written.append(WrittenFile(path, len(data)) if same else _write(path, data))
    return tuple(written)


def _read_manifest(night: Path) -> list[site.PageEntry]:
    try:
        rows = json.loads((night / site.MANIFEST).read_text(encoding="utf-8"))
        return [site.PageEntry(**row) for row in rows]
    except (OSError, ValueError, TypeError):
        return []


def _write_night(night: Path, pages: tuple[Page, ...]) -> tuple[WrittenFile, ...]:
    """The pages, a manifest, and the removal of pages an earlier run of this night left behind
    (topic pages of other months are kept: each month is asked for separately)."""
    written = tuple(_write(night / p.file, p.html.encode("utf-8")) for p in pages)
    entries = [site.PageEntry(p.file, p.title, p.kind, w.bytes) for p, w in zip(pages, written, strict=True)]
    names = {e.file for e in entries}
    for old in _read_manifest(night):
        if old.file in names:
            continue
        if old.kind == site.TOPICS and (night / old.file).exists():
            entries.append(old)
        else:
            (night / old.file).unlink(missing_ok=True)
    _write(
        night / site.MANIFEST,
        json.dumps([asdict(e) for e in entries], ensure_ascii=False, indent=1).encode("utf-8"),
    )
    return written


def write_index(out: Path, as_of: dt.date, generated_at: dt.datetime, assets_bytes: int) -> WrittenFile:
    """``index.html`` over every night folder that holds a manifest."""
    manifests = {
        d.name: _read_manifest(d)
        for d in sorted(out.iterdir())
        if d.is_dir() and layout.NIGHT_PATTERN.match(d.name) and (d / site.MANIFEST).exists()
    }
    page = site.index_page(manifests, as_of, generated_at, assets_bytes)
    return _write(out / layout.INDEX, render("index", page, figures.index_charts(page)).encode("utf-8"))


def write_reports(
    con: duckdb.DuckDBPyConnection,
    out_dir: str | Path,
    as_of: dt.date,
    month: vocab.Month | None = None,
    generated_at: dt.datetime | None = None,
    weights: CandidateWeights | None = None,
) -> ReportIndex:
    """Write the night ``as_of`` (overview, 每月一题 candidates of ``month`` — default the month of
    ``as_of`` —, one page per district, 三率 rankings, the street watch list and one impact page
    per chosen topic), the shared assets and ``index.html`` under ``out_dir``.

    The warehouse is read once, through ``con`` (read-only is enough), before any file is written.
    ``weights`` rank the candidates (default: :class:`CandidateWeights`' defaults).
    """
    out = Path(out_dir)
    month = month or vocab.month_of(as_of)
    generated_at = generated_at or dt.datetime.now().replace(microsecond=0)
    docs = layout.UP + layout.DATA_DOCS_INDEX if (out / layout.DATA_DOCS_INDEX).exists() else None
    night = queries.night_data(con, as_of, month, weights)
    pages = night_pages(night_contexts(night, as_of, month, generated_at, docs))
    assets = write_assets(out)
    night_dir = out / layout.night_dir(as_of)
    written = _write_night(night_dir, pages)
    index = write_index(out, as_of, generated_at, sum(a.bytes for a in assets))
    return ReportIndex(index=index.path, night_dir=night_dir, pages=written, assets=assets)


def default_as_of(con: duckdb.DuckDBPyConnection) -> dt.date:
    """The night after the newest day in the daily_counts mart (today when the mart is empty)."""
    state = mart_state(queries.mart_bounds(con))
    return state.last_day + dt.timedelta(days=1) if state.last_day else dt.date.today()
