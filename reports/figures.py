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
from reports.impact import ImpactPage
from reports.model import RankedRow, VolumeTrend
from reports.overview import NightlyOverview
from reports.performance import IntervalRate
from reports.rankings import RankingsPage
from reports.risk import RiskPage
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
        template=None,
        title={"text": _text(title), "x": 0.01, "font": {"size": 15}},
        height=height,
        font={"family": FONT, "size": 12, "color": "#222"},
        colorway=list(COLORS),
        margin={"l": 56, "r": 16, "t": 44, "b": 40},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.15},
        hoverlabel={"font": {"family": FONT}},
        xaxis={"gridcolor": "#eee", "linecolor": "#ccc"},
        yaxis={"gridcolor": "#eee", "linecolor": "#ccc", "rangemode": "tozero"},
        **extra,
    )
    return fig


def volume_trend(trend: VolumeTrend, title: str) -> go.Figure:
    """Daily complaints, last year's same weekdays on this year's axis, and the forecast band."""
    fig = go.Figure()
    days = [p.day.isoformat() for p in trend.days]
    if trend.last_year and trend.days:
        shifted = [p.day.isoformat() for p in trend.days[-len(trend.last_year) :]]
        fig.add_scatter(
            x=shifted,
            y=[p.complaints for p in trend.last_year],
            name="去年同期",
            line={"color": LAST_YEAR, "width": 1.5, "dash": "dot"},
        )
    fig.add_scatter(
        x=days, y=[p.complaints for p in trend.days], name="诉求量", line={"color": NOW, "width": 2}
    )
    if trend.forecast:
        x = [p.day.isoformat() for p in trend.forecast]
        fig.add_scatter(
            x=x + x[::-1],
            y=[p.upper for p in trend.forecast] + [p.lower for p in trend.forecast][::-1],
            fill="toself",
            fillcolor="rgba(224,123,57,0.18)",
            line={"width": 0},
            name="80% 区间",
            hoverinfo="skip",
        )
        fig.add_scatter(
            x=x,
            y=[round(p.yhat, 1) for p in trend.forecast],
            name="预测",
            line={"color": FORECAST, "width": 2, "dash": "dash"},
        )
    fig = _layout(fig, title, hovermode="x unified")
    fig.update_xaxes(tickformat=DAY_TICKS, hoverformat="%Y-%m-%d")
    return fig


def weekly_rates(weekly: Sequence[WeeklyRates], title: str) -> go.Figure:
    """三率 per 7-day bucket; the hover shows each rate's numerator and denominator."""
    fig = go.Figure()
    x = [w.end.isoformat() for w in weekly]
    for key, name in RATE_NAMES:
        rates = [getattr(w.rates, key) for w in weekly]
        fig.add_scatter(
            x=x,
            y=[r.value for r in rates],
            name=name,
            mode="lines+markers",
            customdata=[[r.numerator, r.denominator] for r in rates],
            hovertemplate=f"{name} %{{y:.1%}} (%{{customdata[0]:,}} / %{{customdata[1]:,}})<extra></extra>",
        )
    fig = _layout(fig, title, hovermode="x unified")
    fig.update_yaxes(tickformat=".0%", rangemode="normal")
    fig.update_xaxes(
        title={"text": "7 天截至", "font": {"size": 11}}, tickformat=DAY_TICKS, hoverformat="%Y-%m-%d"
    )
    return fig


def ranked_bars(rows: Sequence[RankedRow], title: str, top: int = 20) -> go.Figure:
    """Horizontal bars of volume, largest on top, with last year's as a thin marker."""
    shown = list(rows[:top])[::-1]
    fig = go.Figure()
    names = [_text(r.name) for r in shown]
    fig.add_bar(
        y=names,
        x=[r.volume.count for r in shown],
        orientation="h",
        name="近30天",
        marker={"color": NOW},
        hovertemplate="%{y}: %{x:,}<extra></extra>",
    )
    if any(r.volume.last_year is not None for r in shown):
        fig.add_scatter(
            y=names,
            x=[r.volume.last_year for r in shown],
            mode="markers",
            name="去年同期",
            marker={"color": FORECAST, "symbol": "line-ns-open", "size": 14, "line": {"width": 2}},
        )
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
        components.add_bar(x=labels, y=[c.components[i].value for c in page.candidates], name=_text(name))
    monthly = go.Figure()
    for label, c in zip(labels, page.candidates, strict=True):
        if c.monthly:
            monthly.add_scatter(
                x=[p.month.isoformat() for p in c.monthly], y=[p.complaints for p in c.monthly], name=label
            )
    monthly = _layout(monthly, "候选主题每月诉求量", hovermode="x unified")
    monthly.update_xaxes(tickformat="%Y-%m", dtick="M1")
    return {"components": _layout(components, "评分构成", barmode="group"), "monthly": monthly}


def index_charts(page: IndexPage) -> dict[str, go.Figure]:
    return {}


def _error_bars(rates: Sequence[IntervalRate]) -> dict[str, object]:
    """Asymmetric error bars from each rate to its Wilson bounds (0 where there is none)."""
    return {
        "type": "data",
        "symmetric": False,
        "thickness": 1.2,
        "width": 3,
        "array": [(r.hi - r.value) if r.value is not None and r.hi is not None else 0 for r in rates],
        "arrayminus": [(r.value - r.lo) if r.value is not None and r.lo is not None else 0 for r in rates],
    }


def rankings_charts(page: RankingsPage) -> dict[str, go.Figure]:
    """Districts by composite score (best on top) and their 三率 with 95% Wilson intervals."""
    rows = list(page.districts.rows)[::-1]
    names = [_text(f"{r.rank}. {r.name}") for r in rows]
    moves = [
        ("新上榜" if r.movement.new_entry else "—")
        if r.movement.change is None
        else f"{r.movement.change:+d}"
        for r in rows
    ]
    composite = go.Figure()
    composite.add_scatter(
        x=[r.composite for r in rows],
        y=names,
        mode="markers",
        name="综合得分",
        marker={"color": NOW, "size": 10},
        customdata=moves,
        hovertemplate="%{y}: %{x:.2f} (名次变化 %{customdata})<extra></extra>",
    )
    height = max(HEIGHT, 24 * len(rows) + 90)
    composite = _layout(composite, f"各区综合得分 {page.month}", height=height)
    composite.update_layout(margin={"l": 110})
    composite.update_xaxes(rangemode="normal")
    rates = go.Figure()
    for key, name in RATE_NAMES:
        values = [getattr(r, key) for r in rows]
        rates.add_scatter(
            x=[v.value for v in values],
            y=names,
            mode="markers",
            name=name,
            error_x=_error_bars(values),
            customdata=[[v.numerator, v.denominator] for v in values],
            hovertemplate=f"{name} %{{x:.1%}} (%{{customdata[0]:,}} / %{{customdata[1]:,}})<extra></extra>",
        )
    rates = _layout(rates, "各区三率 (95% 置信区间)", height=height)
    rates.update_layout(margin={"l": 110})
    rates.update_xaxes(tickformat=".0%", rangemode="normal")
    return {"composite": composite, "rates": rates}


def risk_charts(page: RiskPage) -> dict[str, go.Figure]:
    """Why each watch-list street is there (component percentiles), and every street's
    resolution rate against its worst recurring problem."""
    rows = list(page.watch_list)[::-1]
    components = [p.component for p in rows[0].percentiles] if rows else []
    heat = go.Figure(
        go.Heatmap(
            z=[[p.value for p in r.percentiles] for r in rows],
            x=[_text(c) for c in components],
            y=[_text(f"{r.rank}. {r.district} {r.street}") for r in rows],
            zmin=0,
            zmax=1,
            colorscale="OrRd",
            colorbar={"title": {"text": "百分位"}, "tickformat": ".0%"},
            hovertemplate="%{y} · %{x}: 高于 %{z:.0%} 的街乡<extra></extra>",
        )
    )
    heat = _layout(heat, "风险构成 (街乡间百分位，越高越突出)", height=max(HEIGHT, 24 * len(rows) + 110))
    heat.update_layout(margin={"l": 170})
    scatter = go.Figure()
    for on_list, name, color in ((False, "其他街乡", LAST_YEAR), (True, "风险清单", COLORS[3])):
        points = [p for p in page.points if p.on_watch_list is on_list]
        scatter.add_scatter(
            x=[p.resolution for p in points],
            y=[p.problem_score for p in points],
            mode="markers",
            name=name,
            text=[_text(p.name) for p in points],
            marker={"color": color, "size": 7 if on_list else 5},
            hovertemplate="%{text}: 解决率 %{x:.1%}, 问题评分 %{y:.1f}<extra></extra>",
        )
    scatter = _layout(scatter, "各街乡: 解决率与反复出现问题的评分")
    scatter.update_layout(legend={"y": -0.3}, margin={"b": 60})
    scatter.update_xaxes(tickformat=".0%", title={"text": "解决率 (近3个月)"}, rangemode="normal")
    scatter.update_yaxes(title={"text": "问题评分 (−log10 p)"})
    return {"components": heat, "streets": scatter}


def _impact_volume(page: ImpactPage) -> go.Figure:
    volume = go.Figure()
    after = [m for m in page.months if m.after_start]
    if after:
        x = [m.month.isoformat() for m in after]
        volume.add_scatter(
            x=x + x[::-1],
            y=[m.expected_hi for m in after] + [m.expected_lo for m in after][::-1],
            fill="toself",
            fillcolor="rgba(224,123,57,0.18)",
            line={"width": 0},
            name="95% 区间",
            mode="lines",
            hoverinfo="skip",
        )
        volume.add_scatter(
            x=x,
            y=[m.expected for m in after],
            name="反事实预期",
            mode="lines+markers",
            line={"color": FORECAST, "width": 2, "dash": "dash"},
            hovertemplate="预期 %{y:.0f}<extra></extra>",
        )
    volume.add_scatter(
        x=[m.month.isoformat() for m in page.months],
        y=[m.complaints for m in page.months],
        name="实际诉求量",
        mode="lines+markers",
        line={"color": NOW, "width": 2},
        hovertemplate="实际 %{y:,}<extra></extra>",
    )
    volume = _layout(volume, f"每月诉求量: 实际与反事实 ({page.start:%Y-%m} 起)", hovermode="x unified")
    volume.add_vline(x=page.start.isoformat(), line={"color": "#999", "dash": "dot", "width": 1})
    volume.update_xaxes(tickformat="%Y-%m", dtick="M1" if len(page.months) <= 18 else "M3")
    return volume


def _impact_rates(page: ImpactPage) -> go.Figure:
    rates = go.Figure()
    for key, name in RATE_NAMES[1:]:
        values = [getattr(p, key) for p in page.periods]
        rates.add_bar(
            x=[p.label for p in page.periods],
            y=[v.value for v in values],
            name=name,
            error_y=_error_bars(values),
            customdata=[[v.numerator, v.denominator] for v in values],
            hovertemplate=f"{name} %{{y:.1%}} (%{{customdata[0]:,}} / %{{customdata[1]:,}})<extra></extra>",
        )
    lows = [v.lo for p in page.periods for v in (p.resolution, p.satisfaction) if v.lo is not None]
    rates = _layout(rates, "解决率与满意率: 实施前后 (95% 置信区间)", barmode="group")
    rates.update_yaxes(tickformat=".0%", range=[max(0.0, min(lows, default=0.0) - 0.05), 1.0])
    return rates


def impact_charts(page: ImpactPage) -> dict[str, go.Figure]:
    """Monthly complaints against the counterfactual band, and 三率 before and after the start."""
    return {"volume": _impact_volume(page), "rates": _impact_rates(page)}
