"""The demo's static tables agree with the vocabulary and are rich enough to be realistic."""

from __future__ import annotations

import string
from datetime import date

import numpy as np

from analytics import vocabulary as vocab
from demo import texts
from demo.geography import ZONE, build_geography, stem
from demo.taxonomy import TOPICS, category_table
from demo.themes import CANDIDATES, THEME_TEXTS
from demo.timeline import day_factor, spring_festival


def test_every_category_row_has_templates_and_topics() -> None:
    bank = texts.template_bank()
    cats = category_table()
    for row, key in zip(cats.rows, cats.keys, strict=True):
        k = texts.text_key(bank, *row, key)
        assert bank.keys[k] != "DEFAULT", row
        assert bank.body_count[k] >= 5, row
        assert bank.topic_count[k] >= 3, row


def test_templates_use_only_known_slots_and_end_a_sentence() -> None:
    bank = texts.template_bank()
    for body in bank.bodies:
        fields = [f for _, f, _, _ in string.Formatter().parse(body) if f is not None]
        assert all(f.isdigit() and int(f) < len(texts.SLOTS) for f in fields), body
        assert body.format(*["x"] * len(texts.SLOTS)).endswith("。"), body


def test_planted_texts_always_carry_a_keyword() -> None:
    for themes in CANDIDATES.values():
        for theme in themes:
            for row in theme.rows:
                assert row in vocab.categories(), row
            for body in THEME_TEXTS.get(theme.theme, ()):
                assert any(k in body for k in theme.keywords), body
            if theme.own_texts:
                assert len(THEME_TEXTS[theme.theme]) >= 6


def test_topic_table_only_names_real_categories() -> None:
    names = {n for row in vocab.categories() for n in row if n}
    assert set(TOPICS) <= names


def test_geography_matches_the_reference_lists() -> None:
    geo = build_geography(0)
    assert geo.districts == vocab.districts()
    assert geo.n_streets == 343
    assert np.isclose(geo.street_p.sum(), 1)
    assert geo.street_office[geo.street_index("朝阳区", "望京街道")] == "朝阳区望京街道办事处"
    assert stem("于家务回族乡") == "于家务"
    # communities belong to one street each and are distinct within it
    for s in range(geo.n_streets):
        lo, n = geo.community_start[s], geo.community_count[s]
        assert len(set(geo.community_name[lo : lo + n])) == n


def test_zone_mode_moves_rongua_and_boxing_into_the_zone() -> None:
    geo = build_geography(0, include_zone=True)
    assert geo.districts[-1] == ZONE
    zone = geo.districts.index(ZONE)
    names = set(geo.street_name[geo.street_district == zone])
    assert {"荣华街道", "博兴街道"} <= names
    assert geo.street_p[geo.street_district == zone].sum() > 0


def test_streets_are_uneven_within_a_district_and_fixed_by_seed() -> None:
    a, b = build_geography(0), build_geography(1)
    chaoyang = a.street_district == a.districts.index("朝阳区")
    p = a.street_p[chaoyang]
    assert p.max() > 4 * p.min()
    assert np.array_equal(a.street_p, build_geography(0).street_p)
    assert not np.array_equal(a.street_p, b.street_p)


def test_calendar_factors() -> None:
    assert spring_festival(2024) == date(2024, 2, 10)
    assert day_factor(date(2024, 3, 6)) == 1.0  # a Wednesday
    assert day_factor(date(2024, 3, 9)) < 0.8  # a Saturday
    assert day_factor(date(2024, 2, 4)) > 0.9  # a Sunday worked before the festival
    assert day_factor(date(2024, 2, 10)) < 0.5  # lunar new year's day
    assert day_factor(date(2024, 10, 3)) < 0.7  # Golden Week
