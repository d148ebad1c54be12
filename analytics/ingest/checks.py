"""What an ingest refuses before it reads a file, and how it words what no reader foresaw.

A profile is checked once, against DuckDB itself (RE2 patterns, strptime formats, time zones),
so a bad one is one line naming its key instead of a traceback in the middle of a batch. An
error no reader foresaw (a RecursionError, a library's own exception) becomes one line that
names the file: ``cannot read <file>: <reason>``.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics import privacy
from analytics.errors import ProfileError
from analytics.ingest import store
from analytics.ingest.profiles import Profile, load_profile

#: An unforeseen error's reason is cut to this many characters (it may quote the file).
_REASON_CHARS = 300


def one_line(err: BaseException) -> str:
    text = " ".join(str(err).split())
    return text or type(err).__name__


def unforeseen_reason(path: Path, err: Exception) -> str:
    """One line for an error no reader foresaw: ``cannot read <file>: <reason>`` (masked: a
    library's message may quote the file's values)."""
    if isinstance(err, RecursionError):
        reason = "nested too deeply to read (RecursionError)"
    elif isinstance(err, MemoryError):
        reason = "too large to read in memory (MemoryError)"
    else:
        reason = f"{type(err).__name__}: {one_line(err)}" if str(err).strip() else type(err).__name__
    if len(reason) > _REASON_CHARS:
        reason = reason[: _REASON_CHARS - 1] + "…"
    return f"cannot read {path.name}: {privacy.mask_text(reason)}"


def checked_profile(con: duckdb.DuckDBPyConnection, profile: str | Profile) -> str | Profile:
    """The profile to ingest with, loaded once and checked against DuckDB: a pattern RE2
    refuses, a format strptime refuses or an unknown time zone is one :class:`ProfileError`
    naming the key (``profile my.yaml: fields.district.pattern: ...``), before any file."""
    if profile == "auto":
        return profile
    resolved = profile if isinstance(profile, Profile) else load_profile(str(profile))
    origin = resolved.origin or f"profile {resolved.name}"
    problems = [
        (f"fields.{name}.pattern", store.pattern_problem(con, spec.pattern))
        for name, spec in resolved.fields.items()
        if spec.pattern is not None
    ]
    problems += [
        (f"timestamp_formats[{i}]", store.timestamp_format_problem(con, form))
        for i, form in enumerate(resolved.timestamp_formats)
        if form != "excel"
    ]
    if not store.timezone_known(con, resolved.timezone):
        problems.append(("timezone", f"unknown time zone {resolved.timezone!r} (e.g. Asia/Shanghai)"))
    for key, problem in problems:
        if problem:
            raise ProfileError(f"{origin}: {key}: {problem}")
    return resolved
