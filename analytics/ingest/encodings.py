"""Which text encoding an export is in, and its UTF-8 copy for DuckDB's reader.

Detection is strict, so a wrong guess is an error rather than mojibake: UTF-8 (with or without
BOM), UTF-16 by its BOM, else GB18030 — unless the bytes read better as a Western code page.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from analytics.errors import SourceError

#: Encodings charset-normalizer may name for text that GB18030 reads correctly.
CHINESE_ENCODINGS = {"gb18030", "gbk", "gb2312", "cp936", "hz", "big5", "big5hkscs", "cp950"}
_SNIFF_BYTES = 256 * 1024
_CHUNK = 1 << 20
#: Bytes of non-ASCII text checked as UTF-8 in Python before DuckDB's reader takes over.
_UTF8_PROBE = 8 << 20


def detect_encoding(path: Path, declared: str) -> str:
    """The encoding to read ``path`` with; strict, so a wrong guess is an error, not mojibake."""
    with path.open("rb") as handle:
        head = handle.read(4)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    candidates = ("utf-8", "gb18030") if declared == "auto" else (declared,)
    for encoding in candidates:
        position = _first_decode_error(path, encoding)
        if position is None:
            if declared == "auto" and encoding == "gb18030":
                _check_looks_chinese(path)
            return encoding
        if declared != "auto":
            raise SourceError(
                f"{path.name}: not valid {encoding} (first bad byte at offset {position}); "
                "is it GB18030? use a profile with `encoding: auto` or `gb18030`"
            )
    raise SourceError(f"{path.name}: neither UTF-8 nor GB18030 text; cannot decode it")


def _check_looks_chinese(path: Path) -> None:
    """GB18030 decodes most byte soup; refuse text that is really a Western code page."""
    from charset_normalizer import from_bytes

    with path.open("rb") as handle:
        sample = handle.read(_SNIFF_BYTES)
    if len(sample) == _SNIFF_BYTES and b"\n" in sample:
        sample = sample[: sample.rindex(b"\n") + 1]  # a cut character confuses the detector
    best = from_bytes(sample).best()
    if best is not None and best.encoding.lower() not in CHINESE_ENCODINGS:
        raise SourceError(
            f"{path.name}: not UTF-8, and it reads as {best.encoding} rather than GB18030; "
            f"set `encoding: {best.encoding}` in a profile if that is right"
        )


def _first_decode_error(path: Path, encoding: str) -> int | None:
    """Offset of the first byte ``encoding`` cannot decode, or ``None``.

    UTF-8 is checked on the first ``_UTF8_PROBE`` bytes that hold non-ASCII text (a GB18030
    file fails within its first Chinese characters); DuckDB's reader checks the rest line by
    line and rejects a line with a bad byte into the quarantine ('invalid encoding'), so a
    large UTF-8 export is not decoded twice. Other encodings are checked to the end.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    probe = _UTF8_PROBE if codecs.lookup(encoding).name == "utf-8" else None
    offset = checked = 0
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError as err:
                return offset + err.start
            offset += len(chunk)
            checked += 0 if chunk.isascii() else len(chunk)
            if probe is not None and checked >= probe:
                return None
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return offset
    return None


def transcode_to_utf8(path: Path, encoding: str, target: Path, newline: str | None = "") -> None:
    # newline=None (universal newlines) turns CRLF, CR and LF alike into LF.
    with (
        path.open("r", encoding=encoding, newline=newline) as src,
        target.open("w", encoding="utf-8", newline="") as dst,
    ):
        while chunk := src.read(_CHUNK):
            dst.write(chunk)


def mixed_line_endings(path: Path) -> bool:
    """Both CRLF and bare LF line ends: DuckDB's reader fixes one per file and stops on the other."""
    crlf = bare_lf = False
    last = b""
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            data = last + chunk
            if b"\r" in data:  # counting is slow; most chunks have no CR at all
                crlf = crlf or b"\r\n" in data
                bare_lf = bare_lf or data.count(b"\n") > data.count(b"\r\n")
            else:
                bare_lf = bare_lf or b"\n" in data
            if crlf and bare_lf:
                return True
            last = chunk[-1:]  # a CR ending this chunk pairs with an LF starting the next
    return False
