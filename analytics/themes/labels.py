"""Place terms and theme labels: a theme says *what* is wrong, hotspots say *where*.

The segmenter already drops district and street names from the reference lists; estates and
roads are not listed anywhere, so they are recognised by their shape: a name followed by an
estate or road suffix (幸福家园, 康乐园, 翠微西里, 中关村大街), a bare suffix that jieba cut off
its name (家园, 西里, 一区), or a numbered building (号楼, 单元). Such terms never become theme
features or label words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from analytics.text import dictionary

#: A name (one character or more) before an estate or road suffix.
_PLACE = re.compile(
    r"^[\u4e00-\u9fff]{1,8}(小区|花园|家园|公寓|大厦|广场|新城|华府|嘉园|雅苑|苑|园|里|村|"
    r"大街|路|街|胡同|巷)$"
)
#: Pieces of estate names and building numbers that jieba leaves on their own.
_FRAGMENT = re.compile(
    r"^(新城|华府|嘉园|雅苑|小区|[东西南北中]里|[东西南北中]区|[一二三四五六七八九十]区|号楼|号院|单元|楼栋)$"
)
#: Words of that shape that are not places (a park or kindergarten can be the problem).
NOT_PLACES: frozenset[str] = frozenset(dictionary.word_list("not_place_words.txt"))


def is_place_term(term: str) -> bool:
    """True for estate, road and building words (and listed places) — never a theme word."""
    if term in NOT_PLACES:
        return False
    if term in dictionary.place_words() or dictionary.is_place_like(term):
        return True
    return bool(_PLACE.match(term) or _FRAGMENT.match(term))


def theme_label(terms: Sequence[str], n: int = 3) -> str:
    """2-4 content words from the strongest phrases, without places, filler or repeats.

    A phrase contained in a stronger one is skipped (电动自行车 ⊃ 电动).
    """
    picked: list[str] = []
    for term in terms:
        if is_place_term(term) or dictionary.is_stop_word(term):
            continue
        if any(term in p or p in term for p in picked):
            continue
        picked.append(term)
        if len(picked) == n:
            break
    return " · ".join(picked)
