"""Place words never in labels, a dominant problem keeps its words, fragments are one theme."""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.themes import discovery, merge
from analytics.themes.labels import is_place_term, theme_label


def test_estates_roads_and_buildings_are_places_but_parks_are_not() -> None:
    for word in ("康乐园", "幸福家园", "翠微西里", "花园", "西里", "一区", "号楼", "中关村大街", "朝阳区"):
        assert is_place_term(word), word
    for word in ("公园", "幼儿园", "共享单车", "乱停放", "道路", "物业费"):
        assert not is_place_term(word), word


def test_labels_skip_places_and_filler() -> None:
    terms = ["康乐园", "人家", "共享单车", "花园", "突然", "乱停放", "盲道", "直接"]
    assert theme_label(terms) == "共享单车 · 乱停放 · 盲道"


def _docs(rows: list[tuple[str, list[str], int]]) -> pl.DataFrame:
    out = []
    for partition, terms, n in rows:
        for i in range(n):
            out.append({"partition": partition, "terms": [*terms, f"编号{i % 7}"]})
    return pl.DataFrame(out, schema={"partition": pl.String, "terms": pl.List(pl.String)})


def test_a_problem_that_dominates_its_category_keeps_its_words() -> None:
    # 共享单车 is in 70% of 城市管理's complaints: it must still name its theme.
    docs = _docs(
        [
            ("城市管理", ["共享单车", "乱停放", "盲道", "康乐园"], 140),
            ("城市管理", ["井盖", "缺失", "幸福家园"], 60),
            ("住房", ["电梯", "困人", "康乐园"], 100),
            ("住房", ["暖气", "不热", "幸福家园"], 100),
        ]
    )
    themes = discovery.discover_themes(docs, discovery.ThemeParams(min_size=20))
    labels = themes["label"].to_list()
    assert any("共享单车" in label for label in labels), labels
    assert not any("康乐园" in t or "幸福家园" in t for terms in themes["terms"].to_list() for t in terms)


def test_fragments_sharing_a_core_phrase_fold_into_the_largest() -> None:
    labels = np.array([0] * 6 + [1] * 4 + [2] * 3)
    # phrases: 物业费, 每平米, 停车费, 井盖; cluster 1 shares 物业费 with 0, cluster 2 shares nothing.
    share = np.array([[1.0, 0.9, 0.0, 0.0], [0.9, 0.0, 1.0, 0.0], [0.0, 0.0, 0.0, 1.0]])
    tops = [np.array([0, 1]), np.array([2, 0]), np.array([3])]
    joined = merge.shared_core(share, tops, 0.5)
    assert joined[0, 1] and not joined[0, 2] and not joined[1, 2]
    folded = merge.fold(labels, [0, 1, 2], joined, None)
    assert folded.tolist() == [0] * 10 + [2] * 3
    apart = np.zeros((3, 3), dtype=bool)
    apart[0, 1] = apart[1, 0] = True  # different courses over time: stay apart
    assert merge.fold(labels, [0, 1, 2], joined, apart).tolist() == labels.tolist()
