"""Masking of phone and ID numbers in free text, shared by ingest (in SQL) and outputs (Python).

The patterns avoid look-behind so the same text works in DuckDB (RE2) and Python ``re``: a
number is matched with one non-digit (or the string edge) on each side, kept by the groups.
"""

from __future__ import annotations

import re

PHONE_TOKEN = "[电话]"
ID_TOKEN = "[身份证号]"

#: 18-character resident ID (region, birth date 18xx-20xx, sequence, check digit/X).
ID_PATTERN = (
    r"(^|[^0-9A-Za-z])([1-9][0-9]{5}(?:18|19|20)[0-9]{2}(?:0[1-9]|1[0-2])"
    r"(?:0[1-9]|[12][0-9]|3[01])[0-9]{3}[0-9Xx])([^0-9A-Za-z]|$)"
)
#: Mainland mobiles, with an optional +86 / 86 prefix and spaces or dashes inside.
MOBILE_PATTERN = r"(^|[^0-9])((?:\+?86[ -]?)?1[3-9][0-9][ -]?[0-9]{4}[ -]?[0-9]{4})([^0-9]|$)"
#: Landlines with an area code (010-65123456, 0755 12345678).
LANDLINE_PATTERN = r"(^|[^0-9])(0[1-9][0-9]{1,2}[ -]?[0-9]{7,8})([^0-9]|$)"
#: A bare 7-8 digit number right after a word that says it is a phone number.
LABELLED_PATTERN = r"(电话|座机|手机|号码|联系方式|tel|Tel|TEL)([:：是为]?\s*)([0-9]{7,8})([^0-9]|$)"
#: North American numbers as 311 texts write them: (212) 555-0123, 212-555-0123.
NANP_PATTERN = r"(^|[^0-9])(\(?[2-9][0-9]{2}\)?[ .-][0-9]{3}[ .-][0-9]{4})([^0-9]|$)"

#: (pattern, replacement) pairs applied in order; replacements use RE2/Python group syntax.
MASKS: tuple[tuple[str, str], ...] = (
    (ID_PATTERN, rf"\1{ID_TOKEN}\3"),
    (MOBILE_PATTERN, rf"\1{PHONE_TOKEN}\3"),
    (LANDLINE_PATTERN, rf"\1{PHONE_TOKEN}\3"),
    (LABELLED_PATTERN, rf"\1\2{PHONE_TOKEN}\4"),
    (NANP_PATTERN, rf"\1{PHONE_TOKEN}\3"),
)
_COMPILED = tuple((re.compile(p), r) for p, r in MASKS)


def mask_text(text: str | None) -> str | None:
    """``text`` with phone and ID numbers replaced by tokens; applied twice for adjacent hits."""
    if text is None:
        return None
    for _ in range(2):
        for pattern, replacement in _COMPILED:
            text = pattern.sub(replacement, text)
    return text


def mask_params() -> dict[str, str]:
    """The masks as the SQL parameters ``$m0, $r0, ... $m4, $r4`` (pattern, replacement) that
    the ingest's ``weisu_mask`` macro takes."""
    params: dict[str, str] = {}
    for i, (pattern, replacement) in enumerate(MASKS):
        params[f"m{i}"], params[f"r{i}"] = pattern, replacement
    return params


def contains_clear_identifier(text: str) -> bool:
    """True when ``text`` still holds something that looks like a phone or ID number."""
    return any(re.search(p, text) for p, _ in MASKS[:3])
