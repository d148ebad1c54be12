"""Segmentation of complaint texts into content words, Chinese and English alike.

Chinese goes through a private rjieba instance (≈ 11× jieba, same output as jieba's HMM mode)
loaded with the hotline dictionary; English 311 descriptors ("Noise - Residential | Loud
Music/Party") are split on letters. Both come out as lower-case content words with boilerplate,
numbers, single characters and masked identifiers removed, so the classifier and the themes see
the same words whatever the source. Texts are masked (phone / ID numbers) before anything else.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

import polars as pl
import rjieba

from analytics import privacy
from analytics.text import dictionary

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ENGLISH = re.compile(r"[a-z][a-z'-]*[a-z]")
#: Anything that could be a phone or ID number: seven or more digits with separators between.
_MAYBE_NUMBER = re.compile(r"\d[\d ()+.-]{5,}[\dXx]")
_HAS_DIGIT = re.compile(r"\d")
_KEEP = re.compile(r"^[\u4e00-\u9fffa-z][\u4e00-\u9fffa-z'-]*$")


class Segmenter:
    """rjieba with the hotline dictionary; ``words`` gives the content words of a text."""

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        # A private instance: add_word on the module-level default would leak into other users.
        self._jieba = rjieba.Jieba()
        for word in (*dictionary.domain_words(), *extra_words):
            self._jieba.add_word(word, dictionary.DOMAIN_FREQ, "n")
        self._places = dictionary.place_words()

    def cut(self, text: str) -> list[str]:
        """Raw tokens of the masked text (punctuation and spaces included, numbers removed)."""
        return self._jieba.cut(_masked(text))

    def words(self, text: str | None, places: bool = False) -> list[str]:
        """Content words in text order; place names only when ``places`` is true."""
        if not text:
            return []
        text = _masked(text)
        if not _CJK.search(text):
            tokens = _ENGLISH.findall(text.lower())
        else:
            tokens = [t.lower() for t in self._jieba.cut(text)]
        return [
            t
            for t in tokens
            if _content(t) and (places or (t not in self._places and not dictionary.is_place_like(t)))
        ]

    def segment(self, texts: Iterable[str | None], places: bool = False) -> list[list[str]]:
        """``words`` of every text."""
        return [self.words(t, places) for t in texts]


def _masked(text: str) -> str:
    """Text with phone / ID numbers removed: masked, then the mask tokens blanked out."""
    # mask_text runs ten regex passes; most texts hold no long number and skip it.
    if not _MAYBE_NUMBER.search(text):
        return text
    masked = privacy.mask_text(text) or ""
    return masked.replace(privacy.PHONE_TOKEN, " ").replace(privacy.ID_TOKEN, " ")


def _content(token: str) -> bool:
    if len(token) < 2 or not _KEEP.match(token) or _HAS_DIGIT.search(token):
        return False
    if token.isascii() and not dictionary.is_ascii_word(token):
        return False
    return not dictionary.is_stop_word(token)


@cache
def segmenter() -> Segmenter:
    """The shared segmenter (building the dictionary costs ≈ 0.1 s, so build it once)."""
    return Segmenter()


def words(text: str | None, places: bool = False) -> list[str]:
    """Content words of one text with the shared segmenter."""
    return segmenter().words(text, places)


def tokens_frame(
    frame: pl.DataFrame, text_column: str = "content", out: str = "tokens", places: bool = False
) -> pl.DataFrame:
    """``frame`` with a ``list[str]`` column of content words (input frame untouched)."""
    seg = segmenter()
    tokens = seg.segment(frame[text_column].to_list(), places)
    return frame.with_columns(pl.Series(out, tokens, dtype=pl.List(pl.String)))
