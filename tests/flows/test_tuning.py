"""One tuning file: the shipped YAML is the defaults, any subset overrides, mistakes are one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics.tuning import TuningError
from flows.tuning import SHIPPED, Tuning, load_tuning, tuning_yaml


def test_shipped_file_lists_every_setting_at_its_default() -> None:
    assert SHIPPED.read_text(encoding="utf-8") == tuning_yaml(), "regenerate flows/tuning.yaml"
    assert load_tuning(SHIPPED) == Tuning() == load_tuning(None)


def test_a_subset_overrides_only_its_keys(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "validation:\n  freshness_days: 5\nperformance:\n  risk:\n    concentration: 2\n"
        "candidates:\n  eligibility:\n    min_recent: 30\nforecasts:\n  warnings:\n    windows: [14]\n",
        encoding="utf-8",
    )
    got = load_tuning(path)
    assert got.validation.freshness_days == 5 and got.validation.volume_low == 0.5
    assert got.performance.risk.concentration == 2.0 and got.performance.watch_list == 20
    assert got.candidates.eligibility.min_recent == 30 and got.forecasts.warnings.windows == (14,)
    assert got.themes == Tuning().themes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("themes:\n  hotspot:\n    alpha: 0.1\n", r"bad\.yaml\.themes\.hotspot: unknown setting"),
        ("themes:\n  hotspots:\n    alpha: high\n", r"bad\.yaml\.themes\.hotspots\.alpha: expected float"),
        ("forecasts: [1, 2]\n", r"bad\.yaml\.forecasts: expected a mapping"),
        ("night: {max_empty_nights: 1\n", r"tuning file .*bad\.yaml line \d+: not valid YAML"),
    ],
)
def test_mistakes_are_one_line_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TuningError, match=message) as caught:
        load_tuning(path)
    assert "\n" not in str(caught.value)
