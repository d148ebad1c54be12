"""A night's pages: every context built from the night's frames, then rendered (pure; no IO).

:func:`night_contexts` is where the pages of a night are listed — overview, the month's
每月一题 candidates, one page per district, 三率 rankings, the street watch list and one impact
page per chosen topic; :func:`night_pages` renders them with their charts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go

from analytics import vocabulary as vocab
from reports import figures, layout, site
from reports.district import DistrictPage, district_page
from reports.frames import NightData
from reports.impact import ImpactPage, impact_pages
from reports.overview import NightlyOverview, nightly_overview
from reports.rankings import RankingsPage, rankings_page
from reports.render import render
from reports.risk import RiskPage, risk_page
from reports.topics import TopicPage, topic_page
from reports.volume import report_districts


@dataclass(frozen=True)
class NightContexts:
    """The context of every page of one night."""

    overview: NightlyOverview
    topics: TopicPage
    districts: tuple[DistrictPage, ...]
    rankings: RankingsPage
    risk: RiskPage
    impacts: tuple[ImpactPage, ...]


@dataclass(frozen=True)
class Page:
    """One rendered page: its file in the night folder, kind and title for the manifest."""

    file: str
    kind: str
    title: str
    html: str


def night_contexts(
    night: NightData,
    as_of: dt.date,
    month: vocab.Month,
    generated_at: dt.datetime,
    data_docs_href: str | None = None,
) -> NightContexts:
    """Every page context of the night ``as_of`` (``month``: the 每月一题 month)."""
    districts = report_districts(night.volume)
    return NightContexts(
        overview=nightly_overview(night, as_of, month, generated_at, data_docs_href),
        topics=topic_page(night.topics, month, as_of, generated_at),
        districts=tuple(
            district_page(night.volume, night.analyses, d, as_of, month, generated_at) for d in districts
        ),
        rankings=rankings_page(night.performance, districts, as_of, month, generated_at),
        risk=risk_page(night.performance, night.topics.themes, districts, as_of, month, generated_at),
        impacts=impact_pages(night.performance, as_of, month, generated_at),
    )


#: The chart builder of each kind of page (a page's kind names its template too).
CHARTS: dict[str, Callable[[Any], Mapping[str, go.Figure]]] = {
    site.OVERVIEW: figures.overview_charts,
    site.TOPICS: figures.topic_charts,
    site.DISTRICT: figures.district_charts,
    site.RANKINGS: figures.rankings_charts,
    site.RISK: figures.risk_charts,
    site.IMPACT: figures.impact_charts,
}


def _page(file: str, kind: str, title: str, context: Any) -> Page:
    return Page(file, kind, title, render(kind, context, CHARTS[kind](context)))


def night_pages(contexts: NightContexts) -> tuple[Page, ...]:
    """Every page of a night, rendered, in the order the manifest lists them."""
    c = contexts
    month = c.topics.month
    return (
        _page(layout.OVERVIEW, site.OVERVIEW, "夜间总览", c.overview),
        _page(layout.topics_file(month), site.TOPICS, f"每月一题候选 {month:%Y-%m}", c.topics),
        *(_page(layout.district_file(d.district), site.DISTRICT, d.district, d) for d in c.districts),
        _page(layout.RANKINGS, site.RANKINGS, "三率与排名", c.rankings),
        _page(layout.RISK, site.RISK, "街乡风险清单", c.risk),
        *(_page(layout.impact_file(i.theme_id), site.IMPACT, i.label, i) for i in c.impacts),
    )
