"""Mapping profiles: how one export's columns and values become the canonical record.

A profile is a small YAML file (see ``shipped_profiles/*.yaml``). Each canonical field is mapped by
one of: a list of column aliases (first present wins), ``columns`` (several joined),
``constant``, ``pattern`` over another column (a derived value), or ``split`` of one
``a-b-c`` column into the three category levels. ``--profile auto`` scores the shipped
profiles against a file's header.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from analytics import vocabulary as v
from analytics.errors import ProfileError

SHIPPED = ("canonical", "beijing12345", "nyc311", "la311", "open311", "cn_gov_messages")
AREA_KINDS = ("beijing", "list", "none")
_TOP_KEYS = {
    "name",
    "source",
    "description",
    "encoding",
    "timezone",
    "timestamp_formats",
    "fields",
    "area",
    "districts",
    "value_maps",
    "true_words",
    "false_words",
    "detect",
    "json_records",
}
_FIELD_KEYS = {"aliases", "columns", "join", "constant", "pattern", "from", "default", "split", "sep"}
#: strptime codes that give each part of a date (``%j``, the day of the year, gives month and day).
_DATE_PARTS = {
    "year": ("%Y", "%y", "%G"),
    "month": ("%m", "%-m", "%b", "%B", "%j"),
    "day": ("%d", "%-d", "%j"),
}


@dataclass(frozen=True)
class FieldSpec:
    """How one canonical field is filled."""

    aliases: tuple[str, ...] = ()
    columns: tuple[str, ...] = ()
    join: str = "\n"
    constant: str | None = None
    pattern: str | None = None
    pattern_from: str | None = None
    default: str | None = None
    split: str | None = None
    split_sep: str = "-"

    @property
    def derived(self) -> bool:
        return self.constant is not None or self.pattern is not None


@dataclass(frozen=True)
class Profile:
    name: str
    source: str
    description: str
    encoding: str
    timezone: str
    timestamp_formats: tuple[str, ...]
    fields: dict[str, FieldSpec]
    area: str = "beijing"
    districts: dict[str, str] = field(default_factory=dict)
    value_maps: dict[str, dict[str, str]] = field(default_factory=dict)
    true_words: tuple[str, ...] = ()
    false_words: tuple[str, ...] = ()
    detect: tuple[str, ...] = ()
    json_records: str | None = None
    #: Where the profile came from (``profile my.yaml``), for error messages.
    origin: str = ""


def normalise_header(name: str) -> str:
    """Header text compared case- and space-insensitively (BOMs and NBSPs stripped)."""
    return re.sub(r"[\s\ufeff\u00a0]+", "", str(name)).casefold()


class _Checker:
    """Reads one parsed profile; every problem is one :class:`ProfileError` line naming its key
    (``profile my.yaml: fields.district.pattern: ...``), never a traceback."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def error(self, key: str, reason: str) -> ProfileError:
        return ProfileError(f"{self.origin}: {key}: {reason}")

    def text(self, value: Any, key: str, strict: bool = False) -> str:
        """A text; a number reads as text (a column named 2024) unless ``strict`` (a pattern
        or a format given as a number is a mistake, not a value)."""
        allowed = str if strict else str | int | float
        if isinstance(value, bool) or not isinstance(value, allowed):
            raise self.error(key, f"expected text, got {_kind(value)}")
        return str(value)

    def optional_text(self, value: Any, key: str, strict: bool = False) -> str | None:
        return None if value is None else self.text(value, key, strict)

    def texts(self, value: Any, key: str, strict: bool = False) -> tuple[str, ...]:
        """A list of texts; a single text is a list of one."""
        if value is None:
            return ()
        if not isinstance(value, list):
            return (self.text(value, key, strict),)
        return tuple(self.text(item, f"{key}[{i}]", strict) for i, item in enumerate(value))

    def mapping(self, value: Any, key: str) -> dict[Any, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.error(key, f"expected a mapping (key: value), got {_kind(value)}")
        return value

    def text_mapping(self, value: Any, key: str) -> dict[str, str]:
        return {
            self.text(k, key): self.text(val, f"{key}.{k}") for k, val in self.mapping(value, key).items()
        }

    def choice(self, value: Any, key: str, allowed: tuple[str, ...]) -> str:
        text = self.text(value, key)
        if text not in allowed:
            raise self.error(key, f"{text!r} is not one of {', '.join(allowed)}")
        return text


def _kind(value: Any) -> str:
    """What a YAML value is, in words, for an error message."""
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return f"the number {value}"
    return type(value).__name__


def _field_spec(check: _Checker, name: str, raw: Any) -> FieldSpec:
    key = f"fields.{name}"
    if not isinstance(raw, dict):
        return FieldSpec(aliases=check.texts(raw, key))
    unknown = set(raw) - _FIELD_KEYS
    if unknown:
        raise check.error(key, f"unknown keys {sorted(map(str, unknown))}; known: {sorted(_FIELD_KEYS)}")
    pattern_from = check.optional_text(raw.get("from"), f"{key}.from")
    if pattern_from is not None and pattern_from not in v.CANONICAL_FIELDS:
        raise check.error(f"{key}.from", f"{pattern_from!r} is not a canonical field")
    spec = FieldSpec(
        aliases=check.texts(raw.get("aliases"), f"{key}.aliases"),
        columns=check.texts(raw.get("columns"), f"{key}.columns"),
        join=check.text(raw.get("join", "\n"), f"{key}.join"),
        constant=check.optional_text(raw.get("constant"), f"{key}.constant"),
        pattern=check.optional_text(raw.get("pattern"), f"{key}.pattern", strict=True),
        pattern_from=pattern_from,
        default=check.optional_text(raw.get("default"), f"{key}.default"),
        split=check.optional_text(raw.get("split"), f"{key}.split"),
        split_sep=check.text(raw.get("sep", "-"), f"{key}.sep"),
    )
    if spec.pattern is not None and spec.pattern_from is None:
        raise check.error(f"{key}.pattern", "needs `from`: the field whose text the pattern searches")
    return spec


def _encoding(check: _Checker, value: Any) -> str:
    name = check.text(value, "encoding", strict=True)
    if name == "auto":
        return name
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise check.error("encoding", f"unknown encoding {name!r}") from None
    if not getattr(info, "_is_text_encoding", True):
        raise check.error("encoding", f"{name!r} is not a text encoding")
    return name


def _timestamp_formats(check: _Checker, value: Any) -> tuple[str, ...]:
    """strptime formats (or ``excel``); each must name a year, a month and a day, or it
    cannot make a timestamp."""
    formats = check.texts(value, "timestamp_formats", strict=True)
    for i, form in enumerate(formats):
        if form == "excel":
            continue
        missing = [part for part, codes in _DATE_PARTS.items() if not any(c in form for c in codes)]
        if missing:
            raise check.error(
                f"timestamp_formats[{i}]",
                f"{form!r} has no {' or '.join(missing)}: a format must make a whole date "
                "(e.g. '%Y-%m-%d %H:%M:%S')",
            )
    return formats


def _fields(check: _Checker, value: Any) -> dict[str, FieldSpec]:
    raw = check.mapping(value, "fields")
    fields = {check.text(k, "fields"): _field_spec(check, str(k), spec) for k, spec in raw.items()}
    unknown = set(fields) - set(v.CANONICAL_FIELDS) - {"category"}
    if unknown:
        raise check.error("fields", f"unknown canonical fields {sorted(unknown)}")
    missing = [f for f in v.REQUIRED_FIELDS if f not in fields]
    if missing:
        raise check.error("fields", f"required fields not mapped: {', '.join(missing)}")
    return fields


def _value_maps(check: _Checker, value: Any) -> dict[str, dict[str, str]]:
    maps = {}
    for name, mapping in check.mapping(value, "value_maps").items():
        if name not in v.CANONICAL_FIELDS:
            raise check.error(f"value_maps.{name}", "not a canonical field")
        maps[str(name)] = check.text_mapping(mapping, f"value_maps.{name}")
    return maps


def profile_from_mapping(data: Any, origin: str) -> Profile:
    """Validate a parsed YAML mapping into a :class:`Profile`; a problem is one line naming
    the key. (Regex patterns, formats and the time zone are checked against DuckDB when a
    file is loaded: see ``analytics.ingest.load``.)"""
    if not isinstance(data, dict) or "name" not in data or "fields" not in data:
        raise ProfileError(f"{origin}: a profile needs at least `name` and `fields`")
    check = _Checker(origin)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise check.error(
            ", ".join(sorted(map(str, unknown))), f"unknown key; known: {', '.join(sorted(_TOP_KEYS))}"
        )
    name = check.text(data["name"], "name")
    area = check.choice(data.get("area", "beijing"), "area", AREA_KINDS)
    districts = check.text_mapping(data.get("districts"), "districts")
    if area == "list" and not districts:
        raise check.error("districts", "area `list` needs a `districts` mapping")
    return Profile(
        name=name,
        source=check.text(data.get("source", name), "source"),
        description=check.text(data.get("description", ""), "description"),
        encoding=_encoding(check, data.get("encoding", "auto")),
        timezone=check.text(data.get("timezone", v.TIMEZONE_BEIJING), "timezone", strict=True),
        timestamp_formats=_timestamp_formats(check, data.get("timestamp_formats")),
        fields=_fields(check, data["fields"]),
        area=area,
        districts=districts,
        value_maps=_value_maps(check, data.get("value_maps")),
        true_words=check.texts(data.get("true_words"), "true_words"),
        false_words=check.texts(data.get("false_words"), "false_words"),
        detect=check.texts(data.get("detect"), "detect"),
        json_records=check.optional_text(data.get("json_records"), "json_records"),
        origin=origin,
    )


@cache
def shipped_profile(name: str) -> Profile:
    """One of the profiles that ship with Weisu."""
    if name not in SHIPPED:
        raise ProfileError(f"unknown profile {name!r}; shipped: {', '.join(SHIPPED)}")
    text = resources.files("analytics.ingest.shipped_profiles").joinpath(f"{name}.yaml").read_text("utf-8")
    return profile_from_mapping(yaml.safe_load(text), f"profile {name}")


def load_profile(name_or_path: str) -> Profile:
    """A shipped profile by name, or a user's YAML file by path."""
    if name_or_path in SHIPPED:
        return shipped_profile(name_or_path)
    path = Path(name_or_path)
    if not path.is_file():
        raise ProfileError(
            f"profile {name_or_path!r} is neither a shipped profile ({', '.join(SHIPPED)}) "
            "nor a readable YAML file"
        )
    origin = f"profile {path}"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.MarkedYAMLError as err:
        where = f" at line {err.problem_mark.line + 1}" if err.problem_mark else ""
        raise ProfileError(f"{origin}: not valid YAML{where}: {err.problem or type(err).__name__}") from None
    except (yaml.YAMLError, UnicodeDecodeError, RecursionError) as err:
        raise ProfileError(f"{origin}: not valid YAML ({type(err).__name__})") from None
    except OSError as err:
        raise ProfileError(f"{origin}: cannot read it ({err.strerror or err})") from None
    return profile_from_mapping(data, origin)


def source_columns(spec: FieldSpec) -> tuple[str, ...]:
    """Every column name a field spec may read, for header matching."""
    return spec.aliases + spec.columns + ((spec.split,) if spec.split else ())


def header_score(profile: Profile, headers: list[str]) -> float:
    """Share of the profile's mapped fields found in ``headers``; 0 when a required one is absent."""
    present = {normalise_header(h) for h in headers}
    if profile.detect and not all(normalise_header(d) in present for d in profile.detect):
        return 0.0
    scored = hits = 0
    for name, spec in profile.fields.items():
        cols = source_columns(spec)
        if not cols:
            continue
        found = any(normalise_header(c) in present for c in cols)
        if name in v.REQUIRED_FIELDS and not found and spec.default is None:
            return 0.0
        scored += 1
        hits += found
    return hits / scored if scored else 0.0


def detect_profile(headers: list[str]) -> tuple[Profile, float]:
    """The shipped profile that best fits a header, with its score."""
    scores = sorted(((header_score(shipped_profile(n), headers), n) for n in SHIPPED), reverse=True)
    best_score, best = scores[0]
    if best_score == 0:
        raise ProfileError(
            "no shipped profile fits this header; pass --profile with a YAML mapping "
            f"(columns seen: {', '.join(headers[:12])}{' …' if len(headers) > 12 else ''})"
        )
    return shipped_profile(best), best_score
