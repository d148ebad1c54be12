"""Rendering safety: chart JSON cannot close its script element, autoescape and StrictUndefined
are on, and plotly labels are plain text."""

from __future__ import annotations

import json
import re

import jinja2
import plotly.graph_objects as go
import pytest

from reports import figures
from reports.model import Comparison, RankedRow, Rate, ThreeRates
from reports.render import chart, environment, script_json

HOSTILE = "</script><script>alert(1)</script>&<!--\u2028"


def test_script_json_escapes_and_round_trips() -> None:
    text = json.dumps({"label": HOSTILE}, ensure_ascii=False)
    safe = script_json(text)
    assert "<" not in safe and ">" not in safe and "&" not in safe and "\u2028" not in safe
    assert json.loads(safe) == {"label": HOSTILE}


def test_chart_markup_holds_no_raw_markup_from_data() -> None:
    html = str(chart(go.Figure(go.Bar(x=[HOSTILE], y=[1])), "volume"))
    assert html.count("<script") == 1 and html.count("</script>") == 1
    assert 'id="chart-volume"' in html and 'type="application/json"' in html
    body = re.search(r'<script type="application/json" id="chart-volume-spec">(.*)</script>', html, re.S)
    spec = json.loads(body.group(1))
    assert spec["data"][0]["x"] == [HOSTILE]


def test_chart_names_are_plain() -> None:
    with pytest.raises(ValueError, match="lowercase"):
        chart(go.Figure(), 'x" onload="alert(1)')


def test_environment_escapes_and_is_strict() -> None:
    env = environment()
    assert env.from_string("{{ v }}").render(v="<b>x</b>") == "&lt;b&gt;x&lt;/b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ page.nope }}").render(page=object())


def test_figure_labels_are_plain_text() -> None:
    rates = ThreeRates(Rate(1, 1), Rate(1, 1), Rate(1, 1))
    rows = (RankedRow(1, "<b>望京</b>", None, Comparison(5, None), 1.0, rates),)
    fig = figures.ranked_bars(rows, "街乡镇 <i>")
    assert list(fig.data[0].y) == ["&lt;b&gt;望京&lt;/b&gt;"]
    assert fig.layout.title.text == "街乡镇 &lt;i&gt;"
    assert len(fig.data) == 1  # no last-year markers when there is no last year


def test_figures_carry_no_plotly_template() -> None:
    fig = figures.ranked_bars((), "空")
    assert fig.to_plotly_json()["layout"].get("template") in (None, {})
