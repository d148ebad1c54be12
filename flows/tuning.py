"""One way to tune Weisu: every weight and threshold in one YAML file, checked against types.

Each section is a frozen dataclass owned by its domain (the defaults live there, beside the code
they steer); this module only gathers them. ``weisu nightly --tuning FILE`` (the flow's
``tuning`` parameter) and the commands that rank or score read a file that overrides any subset;
``flows/tuning.yaml`` lists every setting with its default (a test keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from analytics.performance.night import PerformanceParams
from analytics.themes.candidates import CandidateWeights
from analytics.themes.refresh import RefreshParams
from analytics.tuning import TuningError, as_mapping, with_overrides
from analytics.validation import Thresholds
from forecasts.config import (
    BacktestConfig,
    EtsConfig,
    ForecastSpec,
    Model,
    ProphetConfig,
    SnaiveConfig,
    WarningRule,
)

SHIPPED = Path(__file__).with_name("tuning.yaml")


@dataclass(frozen=True)
class NightChecks:
    """When a night fails loudly besides its expectations."""

    max_empty_nights: int = 1  # empty inbox nights in a row before the night fails


@dataclass(frozen=True)
class ForecastTuning:
    """The nightly forecast: horizon, models and the early-warning rule."""

    horizon: int = 30
    warnings: WarningRule = field(default_factory=WarningRule)
    backtest: BacktestConfig = field(default_factory=BacktestConfig)
    prophet: ProphetConfig = field(default_factory=ProphetConfig)
    ets: EtsConfig = field(default_factory=EtsConfig)
    snaive: SnaiveConfig = field(default_factory=SnaiveConfig)


@dataclass(frozen=True)
class Tuning:
    """Every tunable of a night, by step."""

    night: NightChecks = field(default_factory=NightChecks)
    validation: Thresholds = field(default_factory=Thresholds)
    themes: RefreshParams = field(default_factory=RefreshParams)
    candidates: CandidateWeights = field(default_factory=CandidateWeights)
    performance: PerformanceParams = field(default_factory=PerformanceParams)
    forecasts: ForecastTuning = field(default_factory=ForecastTuning)

    def forecast_spec(self, model: Model | str) -> ForecastSpec:
        """What the night's forecast fits with ``model`` (no backtest unless ``auto`` needs one)."""
        tuned = self.forecasts
        return ForecastSpec(
            horizon=tuned.horizon,
            model=Model(model),
            backtest=tuned.backtest if Model(model) is Model.AUTO else None,
            prophet=tuned.prophet,
            ets=tuned.ets,
            snaive=tuned.snaive,
        )


def load_tuning(path: str | Path | Mapping[str, Any] | None = None) -> Tuning:
    """The defaults, with what ``path`` (a YAML file, or the same keys as a mapping) sets laid
    over them; one line naming the key if not."""
    if path is None:
        return Tuning()
    if isinstance(path, Mapping):
        return with_overrides(Tuning(), path, "tuning")
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise TuningError(f"cannot read tuning file {path}: {err.strerror or err}") from None
    except yaml.YAMLError as err:
        where = getattr(err, "problem_mark", None)
        line = f" line {where.line + 1}" if where else ""
        raise TuningError(
            f"tuning file {path}{line}: not valid YAML ({getattr(err, 'problem', err)})"
        ) from None
    return with_overrides(Tuning(), data or {}, path.name)


def tuning_yaml(tuning: Tuning | None = None) -> str:
    """``tuning`` (default: the defaults) as the YAML that :func:`load_tuning` reads back."""
    header = (
        "# Every weight and threshold of a Weisu night, at its default. Copy this file, keep the\n"
        "# keys you change, and pass it: `weisu nightly --tuning my.yaml`. The meaning of each key is\n"
        "# in the docstring of its section's dataclass (see flows/tuning.py for where each lives).\n"
    )
    return header + yaml.safe_dump(as_mapping(tuning or Tuning()), sort_keys=False, allow_unicode=True)
