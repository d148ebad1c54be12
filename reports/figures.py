"""Plotly figures built from report contexts (pure: a context in, figures out).

Figures carry no plotly template (the default one adds ≈ 7 KB of JSON per chart); a small
shared layout sets the CJK font stack and colours. Each page's charts come from one function
returning ``{name: figure}``; the template places them by name.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import plotly.graph_objects as go

from reports.district import DistrictPage
from reports.model import RankedRow, VolumeTrend
from reports.overview import NightlyOverview
from reports.site import IndexPage
from reports.topics import TopicPage
from reports.volume import WeeklyRates

FONT = '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif'
COLORS = ("#1f6fb2", "#e07b39", "#3a9c5b", "#b53b4e", "#7b5ea7", "#8c6d3f", "#2a9d9f", "#777777")
NOW, LAST_YEAR, FORECAST = COLORS[0], "#9aa5b1", COLORS[1]
RATE_NAMES = (("response", "响应率"), ("resolution", "解决率"), ("satisfaction", "满意率"))
HEIGHT = 320
DAY_TICKS = "%m-%d"


def _text(value: str) -> str:
    """A label as plain text: plotly.js reads ``<b>``, ``<br>``… in labels as markup."""
    return html.escape(value, quote=False)


def _layout(fig: go.Figure, title: str, height: int = HEIGHT, **extra: object) -> go.Figure:
    fig.update_layout(
        template=None, title={"text": _text(title), "x": 0.01, "font": {"size": 15}}, height=height,
        font={"family": FONT, "size": 12, "color": "#222"}, colorway=list(COLORS),
        margin={"l": 56, "r": 16, "t": 44, "b": 40}, paper_bgcolor="white", plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.15}, hoverlabel={"font": {"family": FONT}},
        xaxis={"gridcolor": "#eee", "linecolor": "#ccc"},
        yaxis={"gridcolor": "#eee", "linecolor": "#ccc", "rangemode": "tozero"}, **extra)
    return fig


def volume_trend(trend: VolumeTrend, title: str) -> go.Figure:
    """Daily complaints, last year's same weekdays on this year's axis, and the forecast band."""
    fig = go.Figure()
    days = [p.day.isoformat() for p in trend.days]
    if trend.last_year and trend.days:
        shifted = [p.day.isoformat() for p in trend.days[-len(trend.last_year):]]
        fig.add_scatter(x=shifted, y=[p.complaints for p in trend.last_year], name="去年同期",
                        line={"color": LAST_YEAR, "width": 1.5, "dash": "dot"})
    fig.add_scatter(x=days, y=[p.complaints for p in trend.days], name="诉求量",
                    line={"color": NOW, "width": 2})
    if trend.forecast:
        x = [p.day.isoformat() for p in trend.forecast]
        fig.add_scatter(x=x + x[::-1], y=[p.upper for p in trend.forecast]
                        + [p.lower for p in trend.forecast][::-1], fill="toself",
                        fillcolor="rgba(224,123,57,0.18)", line={"width": 0}, name="80% 区间",
                        hoverinfo="skip")
        fig.add_scatter(x=x, y=[round(p.yhat, 1) for p in trend.forecast], name="预测",
                        line={"color": FORECAST, "width": 2, "dash": "dash"})
    fig = _layout(fig, title, hovermode="x unified")
    fig.update_xaxes(tickformat=DAY_TICKS, hoverformat="%Y-%m-%d")
    return fig


def weekly_rates(weekly: Sequence[WeeklyRates], title: str) -> go.Figure:
    """三率 per 7-day bucket; the hover shows each rate's numerator and denominator."""
    fig = go.Figure()
    x = [w.end.isoformat() for w in weekly]
    for key, name in RATE_NAMES:
        rates = [getattr(w.rates, key) for w in weekly]
        fig.add_scatter(x=x, y=[r.value for r in rates], name=name, mode="lines+markers",
                        customdata=[[r.numerator, r.denominator] for r in rates],
                        hovertemplate=f"{name} %{{y:.1%}} (%{{customdata[0]:,}} / "
                                      "%{customdata[1]:,})<extra></extra>")
    fig = _layout(fig, title, hovermode="x unified")
    fig.update_yaxes(tickformat=".0%", rangemode="normal")
    fig.update_xaxes(title={"text": "7 天截至", "font": {"size": 11}}, tickformat=DAY_TICKS,
                     hoverformat="%Y-%m-%d")
    return fig


def ranked_bars(rows: Sequence[RankedRow], title: str, top: int = 20) -> go.Figure:
    """Horizontal bars of volume, largest on top, with last year's as a thin marker."""
    shown = list(rows[:top])[::-1]
    fig = go.Figure()
    names = [_text(r.name) for r in shown]
    fig.add_bar(y=names, x=[r.volume.count for r in shown], orientation="h",
                name="近30天", marker={"color": NOW},
                hovertemplate="%{y}: %{x:,}<extra></extra>")
    if any(r.volume.last_year is not None for r in shown):
        fig.add_scatter(y=names, x=[r.volume.last_year for r in shown],
                        mode="markers", name="去年同期", marker={"color": FORECAST, "symbol": "line-ns-open",
                                                              "size": 14, "line": {"width": 2}})
    height = max(HEIGHT, 26 * len(shown) + 90)
    fig = _layout(fig, title, height=height)
    fig.update_layout(margin={"l": 110})
    return fig


def overview_charts(page: NightlyOverview) -> dict[str, go.Figure]:
    return {
        "volume": volume_trend(page.trend, "每日诉求量 (近90天)"),
        "rates": weekly_rates(page.weekly, "三率 (每7天)"),
        "districts": ranked_bars(page.districts, "各区诉求量 (近30天)"),
        "categories": ranked_bars(page.categories, "一级分类 (近30天)"),
    }


def district_charts(page: DistrictPage) -> dict[str, go.Figure]:
    return {
        "volume": volume_trend(page.trend, f"{page.district} 每日诉求量 (近90天)"),
        "rates": weekly_rates(page.weekly, f"{page.district} 三率 (每7天)"),
        "categories": ranked_bars(page.categories, "一级分类 (近30天)", top=12),
    }


def topic_charts(page: TopicPage) -> dict[str, go.Figure]:
    """Score components per candidate (grouped bars) and monthly volume of each candidate."""
    components = go.Figure()
    labels = [_text(f"{c.rank}. {c.label}") for c in page.candidates]
    for i, name in enumerate(page.component_names):
        components.add_bar(x=labels, y=[c.components[i].value for c in page.candidates],
                           name=_text(name))
    monthly = go.Figure()
    for label, c in zip(labels, page.candidates, strict=True):
        if c.monthly:
            monthly.add_scatter(x=[p.month.isoformat() for p in c.monthly],
                                y=[p.complaints for p in c.monthly], name=label)
    monthly = _layout(monthly, "候选主题每月诉求量", hovermode="x unified")
    monthly.update_xaxes(tickformat="%Y-%m", dtick="M1")
    return {"components": _layout(components, "评分构成", barmode="group"), "monthly": monthly}


def index_charts(page: IndexPage) -> dict[str, go.Figure]:
    return {}
