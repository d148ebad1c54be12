"""On demo data with planted truth, the planted patterns come out with the right labels.

For two seeds whose planted themes all differ: the emerging and the persistent theme are in the
top 10 每月一题 candidates of mid- and end-2024, at most 2 of the top 10 are noise, hotspots
label the emerging origin and the persistent districts with the emerging-hot-spot patterns, and
the one-week burst is flagged in its street and week.
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl
import pytest

from analytics import warehouse as wh
from analytics.themes import refresh, store
from analytics.themes.hotspots import period_start
from analytics.themes.topics import month_topics
from demo.records import DEMO_PLANTED, DEMO_TRUE_L1, DEMO_TRUE_L2
from tests.analytics.themes.conftest import SEEDS, DemoWarehouse

pytestmark = pytest.mark.slow
MONTHS = (date(2024, 6, 1), date(2024, 12, 1))


def _truth_by_theme(dw: DemoWarehouse) -> pl.DataFrame:
    """Per theme: its dominant truth (planted kind, else true l1/l2) and that truth's share."""
    with wh.read_only(dw.db) as con:
        assigned = con.sql("SELECT record_id, theme_id FROM complaint_themes").pl()
    truth = dw.records.select(
        "record_id",
        pl.coalesce(
            DEMO_PLANTED, pl.concat_str([DEMO_TRUE_L1, DEMO_TRUE_L2], separator="/", ignore_nulls=True)
        ).alias("truth"),
    )
    counts = assigned.join(truth, on="record_id").group_by("theme_id", "truth").len()
    return (
        counts.with_columns((pl.col("len") / pl.col("len").sum().over("theme_id")).alias("share"))
        .sort("len", descending=True)
        .unique("theme_id", keep="first")
    )


def _main_theme(dw: DemoWarehouse, kind: str) -> str:
    """The theme holding most of a planted kind's complaints."""
    return (
        _truth_by_theme(dw)
        .filter((pl.col("truth") == kind) & (pl.col("share") >= 0.6))
        .sort("len", descending=True)["theme_id"][0]
    )


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("month", MONTHS, ids=str)
def test_planted_themes_rank_in_top_ten_with_little_noise(demo_warehouses, seed, month) -> None:
    dw = demo_warehouses[seed]
    with wh.read_only(dw.db) as con:
        top = month_topics(con, month, top=10)
    truth = _truth_by_theme(dw)
    ranked = top.join(truth, on="theme_id", how="left")
    for kind in ("emerging", "persistent"):
        assert _main_theme(dw, kind) in top["theme_id"].to_list(), (
            kind,
            ranked.select("rank", "label", "truth", "share").to_dicts(),
        )
    # Noise: a theme no single truth (planted kind or true category) holds 60% of.
    noise = ranked.filter(pl.col("share").fill_null(0) < 0.6)
    assert noise.height <= 2, noise.select("rank", "label", "truth", "share").to_dicts()


@pytest.mark.parametrize("seed", SEEDS)
def test_candidates_carry_components_and_evidence(demo_warehouses, seed) -> None:
    with wh.read_only(demo_warehouses[seed].db) as con:
        top = month_topics(con, date(2024, 12, 1), top=3)
    for column in (
        "c_volume",
        "c_spread",
        "c_spread_growth",
        "c_persistence",
        "c_trend",
        "c_difficulty",
        "c_cross_department",
        "c_continuity",
        "c_forecast",
    ):
        assert column in top.columns
    assert top["c_forecast"].is_null().all()  # no forecast frame given: slot left empty
    assert top["monthly"].list.len().to_list() == [12, 12, 12]
    assert all(len(s) >= 1 for s in top["top_streets"].to_list())
    assert all(1 <= len(s) <= 3 for s in top["samples"].to_list())
    assert top["score"].is_sorted(descending=True)


@pytest.mark.parametrize("seed", SEEDS)
def test_persistent_theme_is_hard_and_everywhere_it_was_planted(demo_warehouses, seed) -> None:
    dw = demo_warehouses[seed]
    theme = _main_theme(dw, "persistent")
    with wh.read_only(dw.db) as con:
        top = month_topics(con, date(2024, 12, 1), top=50)
        hotspots = store.read_hotspots(con, date(2024, 12, 31))
    row = top.filter(pl.col("theme_id") == theme).row(0, named=True)
    assert row["c_persistence"] == 1.0
    assert row["resolved_rate"] < row["city_resolved_rate"] - 0.15
    planted = set(dw.planted("persistent")["districts"])
    labels = hotspots.filter(
        (pl.col("key") == theme) & (pl.col("level") == "district") & (pl.col("grain") == "month")
    )
    steady = labels.filter(pl.col("pattern").is_in(["persistent", "intensifying", "diminishing"]))
    assert steady.height >= 1 and set(steady["area"]) <= planted, labels.select(
        "area", "pattern", "periods_hot"
    ).to_dicts()


@pytest.mark.parametrize("seed", SEEDS)
def test_emerging_theme_spreads_from_its_origin(demo_warehouses, seed) -> None:
    dw = demo_warehouses[seed]
    theme = _main_theme(dw, "emerging")
    planted = dw.planted("emerging")
    with wh.read_only(dw.db) as con:
        hotspots = store.read_hotspots(con, date(2024, 12, 31))
        top = month_topics(con, date(2024, 12, 1), top=50)
    origin = hotspots.filter(
        (pl.col("key") == theme)
        & (pl.col("level") == "district")
        & (pl.col("grain") == "month")
        & (pl.col("area") == planted["origin_district"])
    )
    assert origin["pattern"].to_list() in (["intensifying"], ["persistent"], ["consecutive"])
    streets = hotspots.filter(
        (pl.col("key") == theme) & (pl.col("level") == "street") & (pl.col("grain") == "month")
    )
    assert streets.filter(pl.col("pattern").is_in(["new", "consecutive", "intensifying"])).height >= 1
    row = top.filter(pl.col("theme_id") == theme).row(0, named=True)
    assert row["c_spread_growth"] > 0.3 and row["c_trend"] > 0  # spreading and rising


@pytest.mark.parametrize("seed", SEEDS)
def test_burst_is_flagged_in_its_street_and_week(demo_warehouses, seed) -> None:
    dw = demo_warehouses[seed]
    burst = dw.planted("burst")
    start, end = date.fromisoformat(burst["start"]), date.fromisoformat(burst["end"])
    weeks = {period_start(start, "week"), period_start(end, "week")}
    with wh.read_only(dw.db) as con:
        found = refresh.weekly_bursts(con, end + timedelta(days=14))
    street = burst["streets"][0]["street"]
    hits = found.filter((pl.col("area") == street) & pl.col("period").is_in(list(weeks)))
    assert hits.height >= 1, found.head(10).to_dicts()
    assert hits["score"].max() > 6  # p < 1e-6 against the street's own past


@pytest.mark.parametrize("seed", SEEDS)
def test_classifier_fills_missing_categories(demo_warehouses, seed) -> None:
    dw = demo_warehouses[seed]
    assert dw.summary.model_trained and dw.summary.classified > 0
    with wh.read_only(dw.db) as con:
        derived = con.sql(
            "SELECT record_id, category_l1, category_l2, category_confidence "
            "FROM complaints WHERE category_derived"
        ).pl()
        model = store.latest_model(con)
    truth = dw.records.select("record_id", DEMO_TRUE_L1)
    joined = derived.join(truth, on="record_id")
    assert joined.height == dw.truth["unclassified"]
    assert (joined["category_l1"] == joined[DEMO_TRUE_L1]).mean() > 0.95
    assert joined["category_confidence"].is_between(0, 1).all()
    assert model is not None and model[0].metrics["macro_f1"] > 0.9
