"""Render a page: a typed context and its figures through a Jinja2 template, last.

Autoescape is always on and undefined names fail (StrictUndefined). The one piece of markup
not escaped by Jinja is a chart's JSON, emitted by :func:`chart` inside a
``<script type="application/json">`` with ``<``, ``>`` and ``&`` escaped as JSON unicode
escapes, so no text can close the element; the page's own script draws it with Plotly.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

import jinja2
import plotly.graph_objects as go
import plotly.io as pio
from markupsafe import Markup

from reports.numbers import FILTERS

_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")
_CHART_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")

TEMPLATES = {
    "overview": "overview.html.j2",
    "district": "district.html.j2",
    "topics": "topics.html.j2",
    "index": "index.html.j2",
    "rankings": "rankings.html.j2",
    "risk": "risk.html.j2",
    "impact": "impact.html.j2",
}


def script_json(text: str) -> str:
    """JSON text made safe inside a ``<script>`` element (and still the same JSON)."""
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def chart(figure: go.Figure, name: str) -> Markup:
    """A chart placeholder and its figure as inline JSON; drawn by ``assets/weisu.js``."""
    if not _CHART_NAME.match(name):
        raise ValueError(f"chart name {name!r} must be lowercase ASCII")
    spec = script_json(pio.to_json(figure, validate=False, pretty=False))
    return Markup(
        f'<div class="chart" id="chart-{name}" data-spec="chart-{name}-spec"></div>\n'
        f'<script type="application/json" id="chart-{name}-spec">{spec}</script>'
    )


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("reports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    env.filters["chart"] = chart
    return env


def render(kind: str, page: Any, charts: Mapping[str, go.Figure]) -> str:
    """The HTML of a page of ``kind`` (a key of :data:`TEMPLATES`)."""
    return environment().get_template(TEMPLATES[kind]).render(page=page, charts=charts)
