"""Real public samples: readable themes on Chinese government messages; hotspots on NYC and LA
311 categories and descriptors with the same code (no text-model changes)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics import warehouse as wh
from analytics.themes import store
from analytics.themes.assign import assign_themes
from analytics.themes.discovery import ThemeParams, discover_themes
from analytics.themes.hotspots import PATTERNS, HotspotParams, hotspots
from analytics.themes.refresh import RefreshParams, refresh_themes, with_terms
from tests.analytics.ingest.helpers_ingest import ingest_into
from tests.conftest import REAL

LABELLED = "cn_gov_messages_tipdm2020/messages_labeled_sample_attachment2.csv"
#: 494 long letters, not 70k short work orders: small clusters, more k-means restarts, and a
#: complaint must cover a fifth of a theme's phrases (the default tenth suits one-line texts).
#: Measured over k-means seeds 0-4: seeds 0, 2, 3, 4 pass the 60% bar (lowest 0.62-0.74);
#: seed 1 has two themes between categories (住房公积金 is 城乡建设 or 劳动和社会保障, 职业培训 is
#: 教育文体 or 劳动和社会保障).
SMALL_CORPUS = ThemeParams(min_size=8, cluster_scale=1.5, min_df=2, assign_floor=0.2, n_init=10)


def test_largest_themes_of_real_messages_are_dominated_by_one_category(real_data: Path) -> None:
    """Themes are found without the labels (one partition); each of the 10 largest is then held
    at least 60% by one labelled 一级分类 — the labels judge readability, they do not shape it."""
    raw = pl.read_csv(real_data / LABELLED).unique("留言编号", keep="last", maintain_order=True)
    messages = pl.DataFrame(
        {
            "source": "cn",
            "record_id": raw["留言编号"].cast(pl.String),
            "partition": "",
            "content": raw["留言主题"] + "\n" + raw["留言详情"],
        }
    )
    docs = with_terms(messages)
    themes = discover_themes(docs, SMALL_CORPUS)
    assigned = assign_themes(docs, themes).filter(pl.col("theme_id").is_not_null())
    labels = raw.select(
        pl.col("留言编号").cast(pl.String).alias("record_id"), pl.col("一级分类").alias("label")
    )
    shares = (
        assigned.join(labels, on="record_id")
        .group_by("theme_id", "label")
        .len()
        .with_columns(
            pl.col("len").sum().over("theme_id").alias("size"),
            (pl.col("len") / pl.col("len").sum().over("theme_id")).alias("share"),
        )
        .sort("len", descending=True)
        .unique("theme_id", keep="first")
        .sort(["size", "theme_id"], descending=[True, False])  # ties: a fixed order
        .head(10)
        .join(themes.select("theme_id", "label").rename({"label": "theme"}), on="theme_id")
    )
    assert shares.height == 10
    assert assigned.height >= 150  # about 40% of the letters find a theme
    assert shares["share"].min() >= 0.6, shares.select("theme", "size", "label", "share").to_dicts()


@pytest.fixture(scope="module")
def nyc(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not REAL.is_dir():
        pytest.fail(f"real samples not found at {REAL}")
    db = tmp_path_factory.mktemp("nyc") / "warehouse.duckdb"
    files = [
        REAL / "nyc311/nyc311_animal_complaints_2010-2025.csv",
        REAL / "nyc311/nyc311_mixed_2014-2019.csv",
    ]
    assert all(r.status == "ok" for r in ingest_into(files, db=db))
    params = RefreshParams(themes=ThemeParams(min_size=20))
    with wh.connect(db) as con:
        refresh_themes(con, date(2024, 12, 31), params)
    return db


def test_nyc_refresh_runs_on_english_text_and_categories(nyc: Path) -> None:
    with wh.read_only(nyc) as con:
        found = store.read_hotspots(con, date(2024, 12, 31))
        themes = store.read_themes(con)
    assert themes.height >= 1 and themes["label"].str.contains(r"^[a-z ·]+$").all()
    categories = found.filter(pl.col("key_kind") == "category")
    # depth 2: "complaint type / descriptor", e.g. "Animal in a Park / Dog Off Leash"
    assert categories["key"].str.contains(" / ").all() and categories.height > 0
    assert set(found["pattern"]) <= {*PATTERNS, ""}
    assert set(found["level"]) == {"district", "street"}  # borough, community board


def test_la_descriptor_hotspots_by_day(real_data: Path, db: Path) -> None:
    ingest_into(
        [
            real_data / "la311/la311_2017-12-27_to_12-31.csv",
            real_data / "la311/la311_2018-01-01_to_01-04.csv",
        ],
        db=db,
    )
    with wh.read_only(db) as con:
        counts = store.area_counts(
            con, "category", _dt(2017, 12, 20), _dt(2018, 1, 5), "district", "day", depth=1
        )
        totals = store.area_totals(con, _dt(2017, 12, 20), _dt(2018, 1, 5), "district", "day")
    found = hotspots(counts, totals, date(2018, 1, 3), "day", HotspotParams(window=5, history=2))
    assert found.height > 0 and found["key"].is_in(["Bulky Items", "Graffiti Removal"]).any()
    assert (found["expected"] > 0).all() and found["p_value"].is_between(0, 1).all()


def _dt(*parts: int):
    from datetime import datetime

    return datetime(*parts)
