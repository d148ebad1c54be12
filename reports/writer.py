"""The HTML writer: one night's pages, the shared assets and the index, under the reports folder.

:func:`write_reports` is the entry point the nightly flow calls. Pages are built in memory from
a read-only warehouse connection first and written afterwards, each file atomically, so a
failure while building leaves the previous files as they were.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import asdict, dataclass
from importlib import resources
from pathlib import Path

import duckdb

from analytics import warehouse as wh
from analytics.settings import settings
from reports import figures, layout, site
from reports.district import district_page, report_districts
from reports.impact import impact_pages
from reports.overview import nightly_overview
from reports.rankings import rankings_page
from reports.render import render
from reports.risk import risk_page
from reports.topics import topic_page

ASSET_FILES = ("weisu.css", "weisu.js")
PLOTLY_JS = "plotly.min.js"


@dataclass(frozen=True)
class Page:
    file: str
    kind: str
    title: str
    html: str


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


def night_pages(
    con: duckdb.DuckDBPyConnection,
    as_of: dt.date,
    month: str,
    generated_at: dt.datetime,
    data_docs_href: str | None = None,
) -> tuple[Page, ...]:
    """Every page of the night ``as_of``, rendered (reads the warehouse, writes nothing)."""
    overview = nightly_overview(con, as_of, month, generated_at, data_docs_href)
    topics = topic_page(con, month, as_of, generated_at)
    pages = [
        Page(
            layout.OVERVIEW,
            site.OVERVIEW,
            "夜间总览",
            render("overview", overview, figures.overview_charts(overview)),
        ),
        Page(
            layout.topics_file(month),
            site.TOPICS,
            f"每月一题候选 {month}",
            render("topics", topics, figures.topic_charts(topics)),
        ),
    ]
    for district in report_districts(con, as_of):
        page = district_page(con, district, as_of, month, generated_at)
        pages.append(
            Page(
                layout.district_file(district),
                site.DISTRICT,
                district,
                render("district", page, figures.district_charts(page)),
            )
        )
    return (*pages, *performance_pages(con, as_of, month, generated_at))


def performance_pages(
    con: duckdb.DuckDBPyConnection, as_of: dt.date, month: str, generated_at: dt.datetime
) -> tuple[Page, ...]:
    """三率 and rankings, the street watch list, and one page per chosen topic's impact."""
    rankings = rankings_page(con, as_of, month, generated_at)
    risk = risk_page(con, as_of, month, generated_at)
    pages = [
        Page(
            layout.RANKINGS,
            site.RANKINGS,
            "三率与排名",
            render("rankings", rankings, figures.rankings_charts(rankings)),
        ),
        Page(layout.RISK, site.RISK, "街乡风险清单", render("risk", risk, figures.risk_charts(risk))),
    ]
    for impact in impact_pages(con, as_of, month, generated_at):
        pages.append(
            Page(
                layout.impact_file(impact.theme_id),
                site.IMPACT,
                impact.label,
                render("impact", impact, figures.impact_charts(impact)),
            )
        )
    return tuple(pages)


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
    db: str | Path | None,
    out_dir: str | Path | None,
    as_of: dt.date,
    month: str | None = None,
    generated_at: dt.datetime | None = None,
) -> ReportIndex:
    """Write the night ``as_of`` (overview, 每月一题 candidates of ``month`` — default the month of
    ``as_of`` —, one page per district, 三率 rankings, the street watch list and one impact page
    per chosen topic), the shared assets and ``index.html``.

    ``out_dir`` defaults to ``<WEISU_DATA_DIR>/reports``.
    """
    out = Path(out_dir) if out_dir is not None else settings(db).reports
    month = layout.parse_month(month) if month else layout.month_of(as_of)
    generated_at = generated_at or dt.datetime.now().replace(microsecond=0)
    docs = layout.UP + layout.DATA_DOCS_INDEX if (out / layout.DATA_DOCS_INDEX).exists() else None
    with wh.read_only(db) as con:
        pages = night_pages(con, as_of, month, generated_at, docs)
    assets = write_assets(out)
    night = out / layout.night_dir(as_of)
    written = _write_night(night, pages)
    index = write_index(out, as_of, generated_at, sum(a.bytes for a in assets))
    return ReportIndex(index=index.path, night_dir=night, pages=written, assets=assets)


def default_as_of(db: str | Path | None) -> dt.date:
    """The night after the newest day in the daily_counts mart (today when the mart is empty)."""
    from reports.catalog import catalog
    from reports.volume import mart_state

    with wh.read_only(db) as con:
        state = mart_state(con, catalog(con))
    return state.last_day + dt.timedelta(days=1) if state.last_day else dt.date.today()
