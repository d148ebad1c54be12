"""From a file's own columns to canonical string columns: the SELECT a profile implies.

Column names come from the file, so this SELECT is built here with every identifier quoted;
every value (constants, patterns, value maps) is a bound parameter. Typing, validation and
normalisation happen afterwards in static SQL (``sql/ingest/batch_normalised_read.sql``).
"""

from __future__ import annotations

from typing import Any

from analytics import vocabulary as v
from analytics.errors import ProfileError
from analytics.ingest.profiles import FieldSpec, Profile, normalise_header, source_columns

RAW_ROW = "_row"


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Select:
    """Collects bound values under generated names (``$p0``, ``$p1`` ...) for one SELECT."""

    def __init__(self) -> None:
        self.params: dict[str, Any] = {}

    def bind(self, value: Any) -> str:
        name = f"p{len(self.params)}"
        self.params[name] = value
        return f"${name}"


def _present(headers: list[str]) -> dict[str, str]:
    return {normalise_header(h): h for h in headers}


def _column_expr(column: str) -> str:
    """The column's text, blank as NULL (``weisu_text`` in ingest_macros.sql)."""
    return f"weisu_text({quote_identifier(column)})"


def _first_alias(spec: FieldSpec, present: dict[str, str]) -> str | None:
    for alias in spec.aliases:
        if normalise_header(alias) in present:
            return _column_expr(present[normalise_header(alias)])
    return None


def _field_expr(
    spec: FieldSpec, present: dict[str, str], sel: _Select, exprs: dict[str, str]
) -> tuple[str | None, str]:
    """(expression or None if unmapped, derived-flag expression)."""
    if spec.constant is not None:
        return sel.bind(spec.constant), "TRUE"
    if spec.pattern is not None:
        base = exprs.get(spec.pattern_from or "", "NULL")
        pattern = sel.bind(spec.pattern)
        extracted = f"nullif(regexp_extract({base}, {pattern}, 0), '')"
        if spec.default is not None:
            extracted = f"coalesce({extracted}, {sel.bind(spec.default)})"
        return extracted, "TRUE"
    expr = _first_alias(spec, present)
    if spec.columns:
        parts = [
            _column_expr(present[normalise_header(c)]) for c in spec.columns if normalise_header(c) in present
        ]
        if parts:
            joiner = sel.bind(spec.join)
            expr = f"nullif(concat_ws({joiner}, {', '.join(parts)}), '')"
    if spec.default is not None:
        flag = f"({expr}) IS NULL" if expr else "TRUE"
        return (f"coalesce({expr}, {sel.bind(spec.default)})" if expr else sel.bind(spec.default)), flag
    return expr, "FALSE"


def _value_mapped(expr: str, mapping: dict[str, str], sel: _Select) -> str:
    if not mapping:
        return expr
    whens = " ".join(f"WHEN {sel.bind(a)} THEN {sel.bind(b)}" for a, b in mapping.items())
    return f"(CASE {expr} {whens} ELSE {expr} END)"


def missing_required(profile: Profile, headers: list[str]) -> list[str]:
    """Required canonical fields that this header cannot fill, with the columns looked for."""
    present = _present(headers)
    missing = []
    for name in v.REQUIRED_FIELDS:
        spec = profile.fields[name]
        if spec.derived or spec.default is not None:
            continue
        if not any(normalise_header(c) in present for c in source_columns(spec)):
            missing.append(f"{name} (looked for {', '.join(source_columns(spec)) or 'nothing'})")
    return missing


def mapped_select(
    profile: Profile,
    headers: list[str],
    first_row_number: int = 2,
) -> tuple[str, dict[str, Any]]:
    """``SELECT`` over ``_raw`` giving ``_row``, every canonical field as text, and flags."""
    missing = missing_required(profile, headers)
    if missing:
        raise ProfileError(f"missing required column(s) for profile {profile.name}: " + "; ".join(missing))
    present = _present(headers)
    sel = _Select()
    exprs: dict[str, str] = {}
    flags: dict[str, str] = {}
    # Plain and joined fields first, so patterns can read them (e.g. district from content).
    ordered = sorted(profile.fields.items(), key=lambda kv: kv[1].pattern is not None)
    for name, spec in ordered:
        if name == "category":
            continue
        expr, flag = _field_expr(spec, present, sel, exprs)
        if expr is not None:
            exprs[name] = expr
            flags[name] = flag
    split = profile.fields.get("category")
    if split and split.split and normalise_header(split.split) in present:
        column = _column_expr(present[normalise_header(split.split)])
        for level, name in enumerate((v.CATEGORY_L1, v.CATEGORY_L2, v.CATEGORY_L3), start=1):
            sep = sel.bind(split.split_sep)
            part = f"nullif(trim(split_part({column}, {sep}, {level})), '')"
            exprs[name] = f"coalesce({exprs[name]}, {part})" if name in exprs else part
    for name, mapping in profile.value_maps.items():
        if name in exprs:
            exprs[name] = _value_mapped(exprs[name], mapping, sel)
    derived = flags.get(v.DISTRICT, "FALSE")
    columns = [f"rowid + {sel.bind(first_row_number)} AS {RAW_ROW}"]
    columns += [f"{exprs.get(name, 'NULL')}::VARCHAR AS {name}" for name in v.CANONICAL_FIELDS]
    columns.append(f"{derived} AS {v.DISTRICT_DERIVED}")
    return "SELECT " + ",\n       ".join(columns) + "\nFROM _raw", sel.params
