"""The reports folder's ``index.html``: every night written, newest first, with its pages.

Each night folder holds a ``manifest.json`` written with its pages (file, title, kind, size);
the index is built from those manifests, so a night written by an older run is still listed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reports import layout
from reports.model import Link, PageMeta

MANIFEST = "manifest.json"
OVERVIEW, TOPICS, DISTRICT = "overview", "topics", "district"
RANKINGS, RISK, IMPACT = "rankings", "risk", "impact"


@dataclass(frozen=True)
class PageEntry:
    """One written page as its night's manifest lists it."""

    file: str
    title: str
    kind: str
    bytes: int


@dataclass(frozen=True)
class NightEntry:
    day: str
    overview: Link | None
    topics: tuple[Link, ...]
    districts: tuple[Link, ...]
    performance: tuple[Link, ...]
    impacts: tuple[Link, ...]
    pages: int
    bytes: int


@dataclass(frozen=True)
class IndexPage:
    meta: PageMeta
    nights: tuple[NightEntry, ...]
    assets_bytes: int


def night_entry(day: str, pages: Sequence[PageEntry]) -> NightEntry:
    def links(kind: str) -> tuple[Link, ...]:
        return tuple(Link(p.title, f"{day}/{p.file}") for p in pages if p.kind == kind)

    overview = links(OVERVIEW)
    return NightEntry(
        day=day,
        overview=overview[0] if overview else None,
        topics=links(TOPICS),
        districts=links(DISTRICT),
        performance=links(RANKINGS) + links(RISK),
        impacts=links(IMPACT),
        pages=len(pages),
        bytes=sum(p.bytes for p in pages),
    )


def index_page(
    manifests: Mapping[str, Sequence[PageEntry]], as_of: dt.date, generated_at: dt.datetime, assets_bytes: int
) -> IndexPage:
    """The index context from each night's manifest (night folder name → its pages)."""
    nights = tuple(
        night_entry(day, manifests[day])
        for day in sorted(manifests, reverse=True)
        if layout.NIGHT_PATTERN.match(day)
    )
    meta = PageMeta(
        title="Weisu 报告",
        as_of=as_of,
        data_through=as_of - dt.timedelta(days=1),
        generated_at=generated_at,
        up="",
        nav=(),
    )
    return IndexPage(meta=meta, nights=nights, assets_bytes=assets_bytes)
