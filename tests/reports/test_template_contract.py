"""Each template against its context: every field it reads exists, every field is shown (or is
declared chart-only), and the charts it places are exactly those its builder makes."""

from __future__ import annotations

import dataclasses
import datetime as dt

import jinja2
import pytest

from reports import figures
from reports.district import DistrictPage
from reports.impact import ImpactPage
from reports.overview import NightlyOverview
from reports.rankings import RankingsPage
from reports.render import TEMPLATES, environment
from reports.risk import RiskPage
from reports.site import IndexPage
from reports.topics import TopicPage
from tests.reports.template_contract import chart_only_fields, check, reachable_fields

PAGES = {
    "overview": (NightlyOverview, figures.overview_charts),
    "district": (DistrictPage, figures.district_charts),
    "topics": (TopicPage, figures.topic_charts),
    "index": (IndexPage, figures.index_charts),
    "rankings": (RankingsPage, figures.rankings_charts),
    "risk": (RiskPage, figures.risk_charts),
    "impact": (ImpactPage, figures.impact_charts),
}


def test_every_template_has_a_context() -> None:
    assert set(PAGES) == set(TEMPLATES)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_template_reads_only_existing_fields(kind: str) -> None:
    context_type, _ = PAGES[kind]
    report = check(environment(), TEMPLATES[kind], context_type)
    assert report.missing == set(), f"{TEMPLATES[kind]} reads fields its context lacks"


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_every_context_field_is_shown(kind: str) -> None:
    context_type, _ = PAGES[kind]
    report = check(environment(), TEMPLATES[kind], context_type)
    unused = reachable_fields(context_type) - report.used
    names = sorted(f"{tp.__name__}.{name}" for tp, name in unused)
    assert names == [], f"{TEMPLATES[kind]} never shows these context fields"


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_chart_only_fields_exist(kind: str) -> None:
    context_type, _ = PAGES[kind]
    for tp, name in chart_only_fields(context_type):
        assert name in {f.name for f in dataclasses.fields(tp)}, f"{tp.__name__}.{name}"


def test_charts_placed_match_the_builders(
    overview_page,
    district_page_context,
    topic_page_present,
    index_context,
    rankings_context,
    risk_context,
    impact_context,
) -> None:
    built = {
        "overview": overview_page,
        "district": district_page_context,
        "topics": topic_page_present,
        "index": index_context,
        "rankings": rankings_context,
        "risk": risk_context,
        "impact": impact_context,
    }
    for kind, (context_type, builder) in PAGES.items():
        report = check(environment(), TEMPLATES[kind], context_type)
        assert report.charts == set(builder(built[kind])), kind


@dataclasses.dataclass(frozen=True)
class Row:
    name: str
    unused: int


@dataclasses.dataclass(frozen=True)
class Page:
    rows: tuple[Row, ...]
    when: dt.date


def test_checker_catches_a_missing_field() -> None:
    """The checker itself: a misspelt field and an unused one are both reported."""
    env = jinja2.Environment(
        loader=jinja2.DictLoader(
            {"t.html": "{% for r in page.rows %}{{ r.nmae }}{% endfor %}{{ page.when.isoformat() }}"}
        )
    )
    report = check(env, "t.html", Page)
    assert report.missing == {"Row.nmae"}
    assert reachable_fields(Page) - report.used == {(Row, "name"), (Row, "unused")}
