"""Masking of phone and ID numbers in free text, shared by ingest (in SQL) and outputs (Python).

A number is found however it is written: in any script's digits or in Chinese numerals (see
:mod:`analytics.numerals`), with up to three separators (spaces, dots, slashes, dashes,
brackets) between its digits, glued to letters. The character classes are generated, so one
pattern is a one-to-one lift of a pattern over ASCII digits: it matches the original text, and
the original span, separators and all, becomes ``[电话]`` / ``[身份证号]`` while the text around
it stays as written. A number is written in one script; a Chinese-numeral number needs at least
seven numerals, so 一二三 in prose never is one.

The patterns avoid look-around so the same text works in DuckDB (RE2) and Python ``re``: a
number starts after a non-digit (or at the start), kept by the first group, and takes the
rest of its run of digits with it (a longer run is an account or order number: masked too;
not for Chinese numerals, where the next numeral usually starts a word). Nothing after a
number is consumed, so one pass finds numbers one separator apart. The ingest runs the same
patterns in SQL (``analytics/sql/ingest/macros.sql``, bound by :func:`mask_params`); reports
and exports call :func:`mask_text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from analytics.numerals import DigitScript, Numerals, numerals

PHONE_TOKEN = "[电话]"
ID_TOKEN = "[身份证号]"

#: Words after which a bare 7-8 digit number is a phone number.
PHONE_LABELS = r"(?:电话|座机|手机|号码|联系方式|(?i:tel))[:：是为]?"
#: Separator characters allowed between two digits of a mobile or ID number.
_GAP = 3
#: Digits written in a row before the text is worth the full masks (the shortest number: 7).
_SHORTEST_NUMBER = 7


@dataclass(frozen=True)
class Mask:
    """One regular expression and its replacement (group syntax that RE2 and ``re`` share)."""

    kind: str  # id | phone
    script: str
    pattern: str
    replacement: str


def _class(chars: str, negate: bool = False) -> str:
    escaped = "".join("\\" + c if c in "\\]^-[" else c for c in chars)
    return f"[{'^' if negate else ''}{escaped}]"


class _Lift:
    """Builds patterns over one script's digits with the separators in between."""

    def __init__(self, script: DigitScript, found: Numerals, absorb: bool) -> None:
        self.script = script
        self.absorb = absorb
        self.sep = _class(found.separators)
        self.gap = f"{self.sep}{{0,{_GAP}}}"
        self.any = _class(script.any_digit)
        self.not_digit = _class(script.any_digit, negate=True)
        self.plus = _class(found.plus_signs)
        self.open = _class(found.open_brackets)

    def d(self, values: str = "0123456789") -> str:
        """One digit position taking any of ``values``."""
        return _class(self.script.of(values))

    def run(self, *positions: str, gap: str | None = None) -> str:
        """Digit positions with separators allowed between them."""
        return (self.gap if gap is None else gap).join(positions)

    def either(self, *options: tuple[str, ...]) -> str:
        """One of several digit sequences, each a tuple of position values (``("1", "012")``)."""
        return "(?:" + "|".join(self.run(*(self.d(v) for v in option)) for option in options) + ")"

    @property
    def rest(self) -> str:
        """What follows a number inside its run: more digits (a longer run is an account or
        order number, masked whole); nothing for Chinese numerals, where the next numeral
        usually starts a word (一直, 三天)."""
        return f"{self.any}*" if self.absorb else ""

    def bounded(self, number: str) -> str:
        """``number`` where it starts a run of digits (and the rest of that run)."""
        return f"(^|{self.not_digit})((?:{number}){self.rest})"


def _id_number(lift: _Lift) -> str:
    """18-character resident ID: region, birth date 18xx-20xx, sequence, check digit or X."""
    nonzero, any_digit = lift.d("123456789"), lift.any
    return lift.run(
        nonzero,
        *[any_digit] * 5,
        lift.either(("1", "89"), ("2", "0")),
        any_digit,
        any_digit,
        lift.either(("0", "123456789"), ("1", "012")),
        lift.either(("0", "123456789"), ("12", "0123456789"), ("3", "01")),
        *[any_digit] * 3,
        _class(lift.script.any_digit + lift.script.check_letters),
    )


def _mobile(lift: _Lift, country_code: bool) -> str:
    """Mainland mobiles (1[3-9] and nine digits), optionally after +86."""
    number = lift.open + "?" + lift.run(lift.d("1"), lift.d("3456789"), *[lift.any] * 9)
    if not country_code:
        return number
    return f"(?:{lift.plus}?{lift.run(lift.d('8'), lift.d('6'))}{lift.gap})?{number}"


def _subscriber(lift: _Lift) -> str:
    """A landline's own 7-8 digits, at most one separator between two of the first seven (the
    eighth follows the seventh directly, so it is never the first digit of the next number)."""
    return lift.run(*[lift.any] * 7, gap=f"{lift.sep}?") + f"{lift.any}?"


def _landline(lift: _Lift) -> str:
    """A landline after its area code (010, 0755), written without gaps (so a date range such
    as 2024.01.05-2024.02.05 is not read as one); the shorter area code first, so an eighth
    digit of the subscriber is not taken for the fourth of the area."""
    area = lift.d("0") + lift.d("123456789") + lift.any + f"{lift.any}??"
    return f"{lift.open}?{area}{lift.gap}{_subscriber(lift)}"


def _north_american(lift: _Lift) -> str:
    """As 311 texts write them: (212) 555-0123, 212-555-0123, 212.555.0123."""
    digits = lift.any
    area = f"{lift.open}?{lift.d('23456789')}{digits}{digits}{lift.sep}?"
    return f"{area}{lift.sep}{digits * 3}{lift.sep}{digits * 4}"


def _masks_of(lift: _Lift, international: bool) -> list[Mask]:
    """An ID, a phone number, a phone number after a label; with ``international``, phone
    numbers may carry +86 and North American numbers count (never in Chinese numerals)."""
    name = lift.script.name
    phones = [_mobile(lift, international), _landline(lift)]
    if international:
        phones.append(_north_american(lift))
    labelled = f"({PHONE_LABELS}{lift.gap})({_subscriber(lift)}{lift.rest})"
    return [
        Mask("id", name, lift.bounded(_id_number(lift)), rf"\1{ID_TOKEN}"),
        Mask("phone", name, lift.bounded("|".join(phones)), rf"\1{PHONE_TOKEN}"),
        Mask("phone", name, labelled, rf"\1{PHONE_TOKEN}"),
    ]


@cache
def masks() -> tuple[Mask, ...]:
    """Every mask, in the order they apply: Chinese numerals, then digits; in each, the ID
    before the phone numbers (an ID holds what looks like a landline)."""
    found = numerals()
    digits, chinese = found.scripts
    return (
        *_masks_of(_Lift(chinese, found, absorb=False), international=False),
        *_masks_of(_Lift(digits, found, absorb=True), international=True),
    )


def _run_of_seven(digit_chars: str, separators: str) -> str:
    digit = _class(digit_chars)
    return f"{digit}(?:{_class(separators)}{{0,{_GAP}}}{digit}){{{_SHORTEST_NUMBER - 1}}}"


@cache
def prefilters() -> tuple[str, str]:
    """Cheap tests that spare the masks where they would change nothing: seven digit-like
    characters in a row (separators allowed) in any script, then in Chinese numerals."""
    found = numerals()
    digits, chinese = found.scripts
    return (
        _run_of_seven(digits.any_digit + chinese.any_digit, found.separators),
        _run_of_seven(chinese.any_digit, found.separators),
    )


_Masks = tuple[tuple[re.Pattern[str], str], ...]


@dataclass(frozen=True)
class _Compiled:
    find_any: re.Pattern[str]
    find_chinese: re.Pattern[str]
    chinese: _Masks
    digits: _Masks


@cache
def _compiled() -> _Compiled:
    compiled = [(re.compile(m.pattern), m.replacement) for m in masks()]
    find_any, find_chinese = (re.compile(p) for p in prefilters())
    return _Compiled(find_any, find_chinese, tuple(compiled[:3]), tuple(compiled[3:]))


def _masked(text: str, compiled: _Masks) -> str:
    for pattern, replacement in compiled:
        text = pattern.sub(replacement, text)
    return text


def mask_text(text: str | None) -> str | None:
    """``text`` with phone and ID numbers replaced by tokens (what the ingest's ``weisu_mask``
    macro does in SQL, step for step)."""
    if text is None:
        return None
    compiled = _compiled()
    if not compiled.find_any.search(text):
        return text
    if compiled.find_chinese.search(text):
        text = _masked(text, compiled.chinese)
    return _masked(text, compiled.digits)


def mask_params() -> dict[str, Any]:
    """The masks as the SQL parameters of the ingest's ``weisu_mask`` macro, each a list of
    strings: ``$mask_find`` (the two prefilters), ``$mask_patterns`` and ``$mask_subs`` (six
    of each, in order)."""
    return {
        "mask_find": list(prefilters()),
        "mask_patterns": [m.pattern for m in masks()],
        "mask_subs": [m.replacement for m in masks()],
    }


def contains_clear_identifier(text: str) -> bool:
    """True when ``text`` still holds something that looks like a phone or ID number."""
    compiled = _compiled()
    return any(pattern.search(text) for pattern, _ in compiled.chinese + compiled.digits)
