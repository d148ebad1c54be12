"""The hotline dictionary: domain words rjieba must keep whole, and words a theme must ignore.

Domain words come from the reference lists (districts, streets, category names) plus facility
and problem words that jieba's general dictionary splits (电动自行车 → 电动/自行车), so a theme
can say "飞线充电" rather than two vague halves. Place names are segmented whole but are not
theme words: a theme is *what* is wrong, hotspots say *where*. The word lists are data, one word
a line, in ``facility_words.txt`` and ``stop_words.txt`` beside this module.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from analytics import vocabulary as vocab

#: Frequency given to dictionary words: high enough to beat jieba's split of common compounds.
DOMAIN_FREQ = 200_000


def word_list(name: str) -> tuple[str, ...]:
    """The words of a list shipped beside this module (one a line, ``#`` comments)."""
    text = resources.files("analytics.text").joinpath(name).read_text(encoding="utf-8")
    return tuple(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


#: Facility and problem words that jieba's general dictionary cuts apart or does not know.
FACILITY_WORDS: tuple[str, ...] = word_list("facility_words.txt")
#: Hotline boilerplate and function words that say nothing about the problem.
CHINESE_STOP_WORDS: frozenset[str] = frozenset(word_list("stop_words.txt"))

_ASCII_WORD = re.compile(r"^[a-z][a-z'-]*[a-z]$")


@cache
def place_words() -> frozenset[str]:
    """District and street names with and without their suffix (朝阳区/朝阳, 望京街道/望京)."""
    names: set[str] = set()
    for district in vocab.districts(include_zone=True):
        names.update({district, district.removesuffix("区")})
    for street in vocab.streets(only_343=False):
        names.add(street.name)
        stem = re.sub(r"(街道|地区|镇|乡)$", "", street.name)
        if len(stem) >= 2:
            names.add(stem)
    names.update({"北京", "北京市", "本市", "全市"})
    return frozenset(n for n in names if len(n) >= 2)


@cache
def category_words() -> frozenset[str]:
    """Short category names (levels 1-3) that read as one term, e.g. 物业管理, 施工噪声."""
    terms = {t for row in vocab.categories() for t in row}
    return frozenset(t for t in terms if 2 <= len(t) <= 7 and re.fullmatch(r"[\u4e00-\u9fff]+", t))


@cache
def domain_words() -> tuple[str, ...]:
    """Every word added to the segmenter, in a fixed order (adding is order-sensitive)."""
    return tuple(sorted(place_words() | category_words() | set(FACILITY_WORDS)))


_PLACE_LIKE = re.compile(r"^[\u4e00-\u9fff]{1,4}[省县]$|^[\u4e00-\u9fff]{2,4}市$")


def is_place_like(token: str) -> bool:
    """Province, county and 3+ character city names (西地省, 长沙县, 西地市 — not 超市)."""
    return bool(_PLACE_LIKE.match(token))


def is_stop_word(token: str) -> bool:
    """True for boilerplate, function words and English stop words."""
    return token in CHINESE_STOP_WORDS or token in ENGLISH_STOP_WORDS


def is_ascii_word(token: str) -> bool:
    """A lower-case English word of two letters or more (no digits)."""
    return bool(_ASCII_WORD.match(token))
