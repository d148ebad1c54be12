"""The privacy corpus: phone and ID numbers written every way people write them
(``variants.txt``) and ordinary numbers that must survive masking (``ordinary.txt``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})")


@dataclass(frozen=True)
class Variant:
    """One number: its kind (mobile, landline, id), its ASCII digits, the text that writes it
    and that text once masked."""

    kind: str
    digits: str
    written: str
    masked: str

    @property
    def token(self) -> str:
        return "[身份证号]" if self.kind == "id" else "[电话]"

    @property
    def is_phone(self) -> bool:
        return self.kind != "id"


def _lines(name: str) -> list[str]:
    text = (HERE / name).read_text(encoding="utf-8")
    return [
        _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), line)
        for line in text.splitlines()
        if line and not line.startswith("#")
    ]


def variants() -> list[Variant]:
    return [Variant(*line.split("\t")) for line in _lines("variants.txt")]


def ordinary() -> list[str]:
    return _lines("ordinary.txt")
