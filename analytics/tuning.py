"""Typed settings from YAML: a mapping checked against a frozen dataclass's fields and types.

Every weight and threshold in Weisu is a field of a frozen dataclass with its default in code.
A tuning file overrides any subset; an unknown key, a wrong shape or a wrong type is an error
that names the key path (``themes.hotspots.alpha``), never a silent default.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping
from typing import Any, TypeVar

from analytics.errors import WeisuError

T = TypeVar("T")


class TuningError(WeisuError):
    """A tuning file does not fit the settings it overrides."""


def with_overrides(settings: T, data: object, where: str) -> T:
    """``settings`` (a dataclass instance) with the values in ``data`` replacing its fields."""
    if not isinstance(data, Mapping):
        raise TuningError(f"{where}: expected a mapping of settings, got {_kind(data)}")
    cls = type(settings)
    hints = typing.get_type_hints(cls)
    names = [f.name for f in dataclasses.fields(cls)]  # type: ignore[arg-type]
    changes: dict[str, Any] = {}
    for key, raw in data.items():
        if key not in names:
            raise TuningError(f"{where}.{key}: unknown setting (known: {', '.join(names)})")
        current = getattr(settings, key)
        changes[key] = _value(hints[key], raw, current, f"{where}.{key}")
    return dataclasses.replace(settings, **changes)  # type: ignore[type-var]


def as_mapping(settings: object) -> dict[str, Any]:
    """A dataclass instance as plain YAML-ready values (tuples as lists, enums as values)."""
    if dataclasses.is_dataclass(settings) and not isinstance(settings, type):
        return {f.name: as_mapping(getattr(settings, f.name)) for f in dataclasses.fields(settings)}
    if isinstance(settings, tuple | list):
        return [as_mapping(item) for item in settings]  # type: ignore[return-value]
    if isinstance(settings, enum.Enum):
        return settings.value
    return settings  # type: ignore[return-value]


def _value(hint: Any, raw: object, current: object, where: str) -> object:
    options = _union_options(hint)
    if options is not None:
        if raw is None and type(None) in options:
            return None
        hint = next(o for o in options if o is not type(None))
        if dataclasses.is_dataclass(hint) and current is None:
            current = hint()  # type: ignore[operator]
    if dataclasses.is_dataclass(hint) and isinstance(hint, type):
        return with_overrides(current, raw, where)
    origin = typing.get_origin(hint)
    if origin is tuple:
        return _tuple(hint, raw, where)
    return _scalar(hint, raw, where)


def _union_options(hint: Any) -> tuple[Any, ...] | None:
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.get_args(hint)
    return None


def _tuple(hint: Any, raw: object, where: str) -> tuple[Any, ...]:
    if not isinstance(raw, list | tuple):
        raise TuningError(f"{where}: expected a list, got {_kind(raw)}")
    args = typing.get_args(hint)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_scalar(args[0], item, f"{where}[{i}]") for i, item in enumerate(raw))
    if len(args) != len(raw):
        raise TuningError(f"{where}: expected {len(args)} values, got {len(raw)}")
    return tuple(
        _scalar(arg, item, f"{where}[{i}]") for i, (arg, item) in enumerate(zip(args, raw, strict=True))
    )


def _scalar(hint: Any, raw: object, where: str) -> object:
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        try:
            return hint(raw)
        except ValueError:
            allowed = ", ".join(str(m.value) for m in hint)
            raise TuningError(f"{where}: {raw!r} is not one of {allowed}") from None
    if hint is bool:
        ok = isinstance(raw, bool)
    elif hint is int:
        ok = isinstance(raw, int) and not isinstance(raw, bool)
    elif hint is float:
        ok = isinstance(raw, int | float) and not isinstance(raw, bool)
        raw = float(raw) if ok else raw  # type: ignore[arg-type]
    elif hint is str:
        ok = isinstance(raw, str)
    else:
        ok = True
    if not ok:
        raise TuningError(f"{where}: expected {getattr(hint, '__name__', hint)}, got {_kind(raw)} {raw!r}")
    return raw


def _kind(raw: object) -> str:
    return {dict: "a mapping", list: "a list", str: "text", type(None): "nothing"}.get(
        type(raw), type(raw).__name__
    )
