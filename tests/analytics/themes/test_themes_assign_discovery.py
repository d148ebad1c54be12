"""Theme profiles: assignment rules, discovery on a small corpus, stable ids."""

from __future__ import annotations

from datetime import datetime, timedelta

import polars as pl

from analytics.themes.assign import assign_themes
from analytics.themes.discovery import (
    ThemeParams,
    discover_themes,
    term_lists,
    theme_id,
    theme_label,
)
from analytics.themes.refresh import with_terms


def _themes(*rows: tuple[str, str, list[str], list[float], float]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "theme_id": t,
                "partition": p,
                "label": "",
                "terms": terms,
                "weights": w,
                "threshold": th,
                "size": 1,
            }
            for t, p, terms, w, th in rows
        ]
    )


def _docs(*rows: tuple[str, list[str]]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "record_id": [str(i) for i in range(len(rows))],
            "partition": [p for p, _ in rows],
            "terms": [t for _, t in rows],
        }
    )


THEMES = _themes(
    ("Theat", "公共服务", ["暖气", "室温", "不热"], [0.5, 0.3, 0.2], 0.4),
    ("Tfee", "住房", ["物业费", "涨价"], [0.7, 0.3], 0.5),
)


def test_best_theme_of_the_own_category_above_its_threshold() -> None:
    docs = _docs(
        ("公共服务", ["暖气", "不热"]),  # 0.7 ≥ 0.4: heating
        ("公共服务", ["室温"]),  # 0.3 < 0.4: none
        ("住房", ["暖气", "室温", "不热"]),  # heating words, wrong category: none
        ("", ["物业费"]),  # no category: any theme, 0.7 ≥ 0.5
        ("住房", []),
    )  # no words: none
    out = assign_themes(docs, THEMES)
    assert out["theme_id"].to_list() == ["Theat", None, None, "Tfee", None]
    assert out["theme_score"].to_list() == [0.7, 0.0, 0.0, 0.7, 0.0]
    assert "terms" not in out.columns and docs.columns == ["record_id", "partition", "terms"]


def test_no_themes_assigns_nothing() -> None:
    out = assign_themes(_docs(("住房", ["物业费"])), THEMES.clear())
    assert out["theme_id"].to_list() == [None]


def test_ids_and_labels() -> None:
    assert theme_id("住房", ["物业费", "涨价"]) == theme_id("住房", ["涨价", "物业费"])
    assert theme_id("住房", ["物业费"]) != theme_id("公共服务", ["物业费"])
    assert theme_label(["电动自行车", "电动", "飞线充电", "充电桩"]) == "电动自行车 · 飞线充电 · 充电桩"


def test_term_lists_dedupe_and_optional_pairs() -> None:
    assert term_lists([["暖气", "不热", "暖气"]]) == [["暖气", "不热"]]
    assert term_lists([["loud", "music"]], pairs=True) == [["loud", "music", "loud music"]]


def _corpus() -> pl.DataFrame:
    """Three clear problems in one category, 60 complaints each over four months; the place,
    the time and one detail vary, as in real work orders."""
    texts = {
        "heat": [
            "{p}暖气不热，室温只有{n}度",
            "{p}家里暖气片冰凉，室温不达标{d}",
            "{p}供暖开始了暖气还是不热，{d}",
        ],
        "fee": [
            "{p}物业费突然涨价，没有开业主大会，{d}",
            "{p}物业公司物业费涨价不公示收费标准",
            "{p}物业费涨价后服务更差，{d}",
        ],
        "dog": [
            "{p}遛狗不拴绳，狗咬伤老人，{d}",
            "{p}楼下有人遛狗不拴绳还不清理粪便",
            "{p}养犬人遛狗不拴绳吓到孩子，{d}",
        ],
    }
    places = ["阳光小区", "幸福家园", "和平里", "紫金花园", "向阳新村"]
    details = ["已经一周了", "多次反映无果", "老人孩子受影响", "希望尽快解决", "晚上尤其明显"]
    rows = []
    start = datetime(2024, 1, 1)
    for k, (name, variants) in enumerate(texts.items()):
        for i in range(60):
            text = variants[i % 3].format(p=places[i % 5], n=12 + i % 5, d=details[(i // 3) % 5])
            rows.append(
                {
                    "source": "t",
                    "record_id": f"{name}{i}",
                    "partition": "民生",
                    "received_at": start + timedelta(days=(i * 2 + k) % 120),
                    "content": text,
                    "truth": name,
                }
            )
    return pl.DataFrame(rows)


# With only three problems each is a third of its category: allow anchors that common.
PARAMS = ThemeParams(min_size=10, cluster_scale=0.45, min_df=2, max_anchor_share=0.5)


def test_discovery_finds_each_problem_once_with_stable_ids() -> None:
    corpus = _corpus()
    docs = with_terms(corpus)
    themes = discover_themes(docs, PARAMS)
    assigned = assign_themes(docs, themes).join(corpus.select("record_id", "truth"), on="record_id")
    purity = (
        assigned.filter(pl.col("theme_id").is_not_null())
        .group_by("theme_id")
        .agg(pl.col("truth").n_unique().alias("truths"), pl.len())
    )
    assert purity["truths"].max() == 1  # no theme mixes two problems
    assert assigned["theme_id"].null_count() <= 18  # nearly all complaints find their theme
    assert set(
        assigned.group_by("truth").agg(pl.col("theme_id").drop_nulls().n_unique())["theme_id"].to_list()
    ) == {1}
    again = discover_themes(docs, PARAMS)
    assert again["theme_id"].to_list() == themes["theme_id"].to_list()


def test_known_themes_are_not_found_again() -> None:
    docs = with_terms(_corpus())
    themes = discover_themes(docs, PARAMS)
    assert discover_themes(docs, PARAMS, known=themes).is_empty()
