"""The candidates page: the stored nightly ranking is what it shows, a partial month is
labelled, and recent bursts are listed under Chinese headings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl

from analytics import warehouse as wh
from analytics.themes import topics as themes_topics
from analytics.themes.candidates import CandidateWeights, ComponentWeights
from reports import queries
from reports.figures import topic_charts
from reports.frames import TopicFrames
from reports.render import render
from reports.topics import topic_page
from tests.reports.warehouses import AS_OF, copy_warehouse

MAY = dt.date(2024, 5, 1)
NOW = dt.datetime(2024, 6, 1, 3)


def test_reports_read_the_stored_ranking(full_db: Path, tmp_path: Path) -> None:
    db = copy_warehouse(full_db, tmp_path)
    weights = CandidateWeights(weights=ComponentWeights(volume=1.0, difficulty=0.0))
    with wh.connect(db) as con:
        computed = queries.topic_candidates(con, MAY)  # nothing stored yet: ranked now
        assert themes_topics.store_month_topics(con, AS_OF - dt.timedelta(days=1), weights) > 0
        shown = queries.topic_candidates(con, MAY)  # default weights asked, stored ones shown
        live = themes_topics.month_topics(con, MAY, top=10, tuning=weights)
    assert computed.height and "top_streets" in computed.columns
    assert shown["theme_id"].to_list() == live["theme_id"].to_list()
    assert shown["score"].to_list() == live["score"].to_list()
    assert "weights" not in shown.columns and not shown["partial"].any()


def _frames(candidates: pl.DataFrame, bursts: pl.DataFrame) -> TopicFrames:
    return TopicFrames(
        themes=pl.DataFrame({"theme_id": ["T1"], "label": ["噪音"]}),
        candidates=candidates,
        theme_months=pl.DataFrame(schema={"theme_id": pl.String, "month": pl.Date, "complaints": pl.Int64}),
        theme_samples=pl.DataFrame(
            schema={
                "theme_id": pl.String,
                "received_at": pl.Datetime,
                "district": pl.String,
                "street": pl.String,
                "category_l1": pl.String,
                "content": pl.String,
            }
        ),
        bursts=bursts,
    )


def test_partial_month_and_bursts_on_the_page() -> None:
    ranking = pl.DataFrame(
        {
            "rank": [1],
            "theme_id": ["T1"],
            "label": ["噪音"],
            "score": [50.0],
            "c_volume": [0.5],
            "partial": [True],
        }
    )
    bursts = pl.DataFrame(
        {
            "key": ["T1"],
            "label": ["施工 噪音 13812345678"],
            "district": ["朝阳区"],
            "street": ["望京街道"],
            "week": [dt.date(2024, 5, 20)],
            "complaints": [12],
            "callers": [9],
            "expected": [0.4],
        }
    )
    page = topic_page(_frames(ranking, bursts), MAY, AS_OF, NOW)
    assert page.partial and len(page.bursts) == 1
    burst = page.bursts[0]
    assert (burst.place, burst.callers, burst.complaints) == ("朝阳区 望京街道", 9, 12)
    assert "13812345678" not in burst.label
    html = render("topics", page, topic_charts(page))
    assert "近期突发" in html and "来电人数" in html and "本月未结束" in html and "望京街道" in html
    assert "callers" not in html and "expected" not in html
    complete = topic_page(
        _frames(ranking.with_columns(pl.lit(False).alias("partial")), bursts.head(0)), MAY, AS_OF, NOW
    )
    assert not complete.partial and complete.bursts == ()
    assert "近期没有突发" in render("topics", complete, topic_charts(complete))
