"""Offline HTML reports for analysts: the nightly overview, 每月一题 candidates, district pages,
三率 rankings, the street watch list and each chosen topic's impact.

Each page is data first: ``queries`` — the only module here that reads the warehouse — loads
the night's frames once (``frames``); pure builders turn them into frozen-dataclass contexts
(``overview``, ``district``, ``topics``, ``rankings``, ``risk``, ``impact``, ``site``, listed
together in ``pages``); plotly figures are built from those (``figures``) and a Jinja2 template
is rendered last (``render``). ``writer.write_reports`` writes a night's pages, the shared assets
(plotly.js once) and ``index.html``. The names below load on first use, so importing
``reports`` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reports.writer import ReportIndex, WrittenFile, write_reports

__all__ = ["ReportIndex", "WrittenFile", "write_reports"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from reports import writer

        return getattr(writer, name)
    raise AttributeError(f"module 'reports' has no attribute {name!r}")
