"""The head and navigation every page of a night shares (pure)."""

from __future__ import annotations

import datetime as dt

from analytics import vocabulary as vocab
from reports import layout
from reports.model import Link, PageMeta


def page_meta(title: str, as_of: dt.date, generated_at: dt.datetime, nav: tuple[Link, ...]) -> PageMeta:
    """A page of the night ``as_of``: its data run through the day before."""
    return PageMeta(
        title=title,
        as_of=as_of,
        data_through=as_of - dt.timedelta(days=1),
        generated_at=generated_at,
        up=layout.UP,
        nav=nav,
    )


def night_nav(month: vocab.Month) -> tuple[Link, ...]:
    """Links every page of a night carries (``month``: the 每月一题 month shown)."""
    return (
        Link("全部报告", layout.UP + layout.INDEX),
        Link("夜间总览", layout.OVERVIEW),
        Link(f"每月一题候选 {month:%Y-%m}", layout.topics_file(month)),
        Link("三率与排名", layout.RANKINGS),
        Link("街乡风险清单", layout.RISK),
    )
