"""Which characters stand for a digit, and which may sit between the digits of one number.

People write a phone or ID number in whatever their keyboard gives: full-width ``１３９``, other
scripts' digits (Arabic-Indic ``١``, Devanagari ``१``), Chinese numerals (``一三九``, ``幺`` for
1 as numbers are read aloud, the formal ``壹贰叁``), with spaces, dots, slashes, any dash or
brackets in between. A character stands for what its NFKC form stands for, so the tables
below are built from :mod:`unicodedata` rather than listed by hand (except what NFKC leaves
alone: Chinese numerals, dash variants, invisible spaces). Every mapping is one character to
one character, so a pattern over these classes finds a number in the original text and its
span can be replaced as written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

#: Chinese numerals as read in phone and ID numbers; 两 (two of something) and 十 (ten) are not.
CHINESE_NUMERALS: dict[str, int] = {
    "零": 0, "〇": 0,
    "一": 1, "幺": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip

#: Separators by their NFKC form: spaces, dots, slashes, brackets, underscores.
_SEPARATOR_FORMS = " .。·・/\\()_-"
#: Separators NFKC does not fold onto those: dashes, minus signs, invisible and odd spaces.
_SEPARATOR_EXTRAS = (
    "\t\u00ad\u1680\u200b\u200c\u200d\u2060\ufeff"  # tab, soft hyphen, ogham and zero-width spaces
    "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"  # dashes and minus signs
    "\u2215\u2044"  # division and fraction slashes
)
#: No digit, space or bracket lies beyond the first two planes (the rest is CJK and private use).
_LAST_CODE_POINT = 0x1FFFF


@dataclass(frozen=True)
class DigitScript:
    """The characters that stand for each digit 0-9 in one way of writing numbers.

    A number is written in one script: its digits are all of ``digits``, so a Chinese numeral
    next to an ASCII number (``13900001111一直没人接``) ends that number instead of joining it.
    """

    name: str
    digits: tuple[str, ...]  # digits[v]: every character standing for the value v
    check_letters: str  # the X of an ID's check digit, in every width

    def of(self, values: str) -> str:
        """The characters standing for any of ``values`` (ASCII digits, e.g. ``"3456789"``)."""
        return "".join(self.digits[int(v)] for v in values)

    @property
    def any_digit(self) -> str:
        return "".join(self.digits)


@dataclass(frozen=True)
class Numerals:
    """The scripts numbers are written in, and what may separate their digits."""

    scripts: tuple[DigitScript, ...]
    separators: str
    plus_signs: str
    open_brackets: str


@dataclass(frozen=True)
class _Unicode:
    """What one pass over the Unicode database finds."""

    nfkc: dict[str, str]  # characters whose NFKC form is another single character
    decimal: dict[str, int]  # every script's decimal digits (category Nd) with their values
    spaces: str  # category Zs


def _unicode() -> _Unicode:
    nfkc: dict[str, str] = {}
    decimal: dict[str, int] = {}
    spaces: list[str] = []
    for point in range(0x80, _LAST_CODE_POINT + 1):
        char = chr(point)
        value = unicodedata.decimal(char, None)
        if value is not None:
            decimal[char] = value
        if unicodedata.category(char) == "Zs":
            spaces.append(char)
        if not unicodedata.is_normalized("NFKC", char):
            form = unicodedata.normalize("NFKC", char)
            if len(form) == 1:
                nfkc[char] = form
    return _Unicode(nfkc, decimal, "".join(spaces))


def _preimages(forms: str, table: dict[str, str]) -> str:
    """``forms`` and every character NFKC folds onto one of them."""
    return forms + "".join(char for char, form in table.items() if form in forms and char not in forms)


def _script(name: str, values: dict[str, int], table: dict[str, str], check: str) -> DigitScript:
    chars: list[list[str]] = [[] for _ in range(10)]
    for char, value in values.items():
        chars[value].append(char)
    for char, form in table.items():
        if form in values and char not in values:
            chars[values[form]].append(char)
    return DigitScript(name, tuple("".join(c) for c in chars), check)


@cache
def numerals() -> Numerals:
    """The tables, built on first use (one pass over the Unicode database, ~20 ms)."""
    found = _unicode()
    table = found.nfkc
    check = _preimages("Xx", table)
    folded = {char: int(form) for char, form in table.items() if form.isascii() and form.isdigit()}
    ascii_digits = {str(v): v for v in range(10)}
    digits = _script("digits", {**ascii_digits, **found.decimal, **folded}, table, check)
    chinese = _script("chinese", CHINESE_NUMERALS, table, check)
    separators = _preimages(_SEPARATOR_FORMS, table) + found.spaces + _SEPARATOR_EXTRAS
    return Numerals(
        scripts=(digits, chinese),
        separators="".join(dict.fromkeys(separators)),
        plus_signs=_preimages("+", table),
        open_brackets=_preimages("(", table),
    )
