"""Segmentation: domain words kept whole, boilerplate and places dropped, numbers masked,
English 311 descriptors through the same interface."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.text import dictionary, segmenter, tokens_frame, words


def test_domain_words_stay_whole() -> None:
    # jieba's own dictionary cuts both into two halves (电动/自行车, 飞线/充电).
    tokens = words("小区楼下有人飞线充电，电动自行车停满楼道")
    assert "飞线充电" in tokens and "电动自行车" in tokens


def test_boilerplate_and_places_are_not_theme_words() -> None:
    tokens = words("来电人反映望京街道的物业费涨价，请相关部门尽快核实处理。")
    assert tokens == ["物业费", "涨价"]
    assert "望京街道" in words("来电人反映望京街道的物业费涨价", places=True)


def test_phone_and_id_numbers_never_become_words() -> None:
    text = "联系电话13812345678，身份证110101199003077777，座机010-65123456，物业费"
    tokens = words(text)
    assert tokens == ["物业费"]
    assert not any(ch.isdigit() for t in segmenter().cut(text) for ch in t)


def test_english_descriptors_use_the_same_interface() -> None:
    tokens = words("Noise - Residential | Loud Music/Party | call (212) 555-0123")
    assert tokens == ["noise", "residential", "loud", "music", "party"]  # "call": a stop word


def test_place_like_tokens_of_anonymised_data() -> None:
    assert dictionary.is_place_like("西地省") and dictionary.is_place_like("长沙县")
    assert not dictionary.is_place_like("超市")  # a shop, not a city


def test_empty_and_missing_texts() -> None:
    assert words(None) == [] and words("") == [] and words("。，！") == []


def test_tokens_frame_returns_a_new_frame() -> None:
    frame = pl.DataFrame({"content": ["暖气不热，室温只有十五度", None]})
    out = tokens_frame(frame)
    assert frame.columns == ["content"]  # input untouched
    assert out["tokens"].to_list()[1] == [] and "暖气" in out["tokens"].to_list()[0]


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="暖气物业费来电人反映小区0123456789，。 abcXYZ-", max_size=60))
def test_words_are_clean_for_any_text(text: str) -> None:
    for token in words(text):
        assert len(token) >= 2 and not any(c.isdigit() for c in token)
        assert not dictionary.is_stop_word(token) and token == token.lower()
