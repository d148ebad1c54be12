"""Typed overrides from YAML: every key checked, every mistake named by its path."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

import pytest

from analytics.tuning import TuningError, as_mapping, with_overrides


class Mode(StrEnum):
    FAST = "fast"
    SLOW = "slow"


@dataclass(frozen=True)
class Inner:
    alpha: float = 0.05
    windows: tuple[int, ...] = (7, 30)


@dataclass(frozen=True)
class Outer:
    inner: Inner = field(default_factory=Inner)
    limit: int = 3
    mode: Mode = Mode.FAST
    optional: Inner | None = None
    pair: tuple[int, int] = (11, 15)


def test_overrides_replace_only_the_keys_given_with_their_types() -> None:
    got = with_overrides(Outer(), {"inner": {"alpha": 1, "windows": [1, 2, 3]}, "mode": "slow"}, "x")
    assert got == Outer(inner=Inner(alpha=1.0, windows=(1, 2, 3)), mode=Mode.SLOW)
    assert isinstance(got.inner.alpha, float)
    assert with_overrides(Outer(), {"optional": {"alpha": 0.1}}, "x").optional == Inner(alpha=0.1)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"limt": 3}, r"x\.limt: unknown setting \(known: inner, limit"),
        ({"limit": "3"}, r"x\.limit: expected int, got text '3'"),
        ({"limit": True}, r"x\.limit: expected int"),
        ({"inner": [1]}, r"x\.inner: expected a mapping"),
        ({"inner": {"windows": 7}}, r"x\.inner\.windows: expected a list"),
        ({"inner": {"windows": [7, "a"]}}, r"x\.inner\.windows\[1\]: expected int"),
        ({"pair": [1]}, r"x\.pair: expected 2 values"),
        ({"mode": "medium"}, r"x\.mode: 'medium' is not one of fast, slow"),
        ([1, 2], r"x: expected a mapping of settings, got a list"),
    ],
)
def test_every_mistake_is_one_line_naming_the_key(data: object, message: str) -> None:
    with pytest.raises(TuningError, match=message):
        with_overrides(Outer(), data, "x")


def test_as_mapping_round_trips() -> None:
    settings = Outer(inner=Inner(0.2, (1,)), mode=Mode.SLOW)
    plain = as_mapping(settings)
    assert plain["inner"] == {"alpha": 0.2, "windows": [1]} and plain["mode"] == "slow"
    assert with_overrides(Outer(), plain, "x") == settings
