"""Mapping profiles: how one export's columns and values become the canonical record.

A profile is a small YAML file (see ``shipped_profiles/*.yaml``). Each canonical field is mapped by
one of: a list of column aliases (first present wins), ``columns`` (several joined),
``constant``, ``pattern`` over another column (a derived value), or ``split`` of one
``a-b-c`` column into the three category levels. ``--profile auto`` scores the shipped
profiles against a file's header.
"""

from __future__ import annotations

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


def normalise_header(name: str) -> str:
    """Header text compared case- and space-insensitively (BOMs and NBSPs stripped)."""
    return re.sub(r"[\s\ufeff\u00a0]+", "", str(name)).casefold()


def _field_spec(name: str, raw: Any) -> FieldSpec:
    if isinstance(raw, str):
        return FieldSpec(aliases=(raw,))
    if isinstance(raw, list):
        return FieldSpec(aliases=tuple(str(a) for a in raw))
    if not isinstance(raw, dict):
        raise ProfileError(f"field {name!r}: expected a column name, a list or a mapping")
    known = {"aliases", "columns", "join", "constant", "pattern", "from", "default", "split", "sep"}
    unknown = set(raw) - known
    if unknown:
        raise ProfileError(f"field {name!r}: unknown keys {sorted(unknown)}")
    if "pattern" in raw:
        try:
            re.compile(raw["pattern"])
        except re.error as err:
            raise ProfileError(f"field {name!r}: bad pattern: {err}") from None
    return FieldSpec(
        aliases=tuple(raw.get("aliases", ())),
        columns=tuple(raw.get("columns", ())),
        join=raw.get("join", "\n"),
        constant=raw.get("constant"),
        pattern=raw.get("pattern"),
        pattern_from=raw.get("from"),
        default=raw.get("default"),
        split=raw.get("split"),
        split_sep=raw.get("sep", "-"),
    )


def profile_from_mapping(data: dict[str, Any], origin: str) -> Profile:
    """Validate a parsed YAML mapping into a :class:`Profile`."""
    if not isinstance(data, dict) or "name" not in data or "fields" not in data:
        raise ProfileError(f"{origin}: a profile needs at least `name` and `fields`")
    fields = {k: _field_spec(k, val) for k, val in (data.get("fields") or {}).items()}
    unknown = set(fields) - set(v.CANONICAL_FIELDS) - {"category"}
    if unknown:
        raise ProfileError(f"{origin}: unknown canonical fields {sorted(unknown)}")
    missing = [f for f in v.REQUIRED_FIELDS if f not in fields]
    if missing:
        raise ProfileError(f"{origin}: required fields not mapped: {', '.join(missing)}")
    area = data.get("area", "beijing")
    if area not in AREA_KINDS:
        raise ProfileError(f"{origin}: area must be one of {AREA_KINDS}")
    districts = {str(k): str(val) for k, val in (data.get("districts") or {}).items()}
    if area == "list" and not districts:
        raise ProfileError(f"{origin}: area `list` needs a `districts` mapping")
    return Profile(
        name=str(data["name"]),
        source=str(data.get("source", data["name"])),
        description=str(data.get("description", "")),
        encoding=str(data.get("encoding", "auto")),
        timezone=str(data.get("timezone", v.TIMEZONE_BEIJING)),
        timestamp_formats=tuple(data.get("timestamp_formats") or ()),
        fields=fields,
        area=area,
        districts=districts,
        value_maps={
            k: {str(a): str(b) for a, b in m.items()} for k, m in (data.get("value_maps") or {}).items()
        },
        true_words=tuple(str(w) for w in data.get("true_words", ())),
        false_words=tuple(str(w) for w in data.get("false_words", ())),
        detect=tuple(data.get("detect", ())),
        json_records=data.get("json_records"),
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
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise ProfileError(f"{path}: not valid YAML ({type(err).__name__})") from None
    return profile_from_mapping(data, str(path))


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
