"""Typed knobs of the forecast models, importable without Prophet or statsforecast.

Defaults are the choices documented in the module docstrings of the model adapters; a flow or the
CLI passes a changed copy (``dataclasses.replace``) instead of reading globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SeriesLevel(StrEnum):
    """Levels of the forecast hierarchy (see :mod:`forecasts.series`); not the
    :class:`analytics.vocabulary.AreaLevel` of places (street, unit), since a category is a level here."""

    CITY = "city"
    DISTRICT = "district"
    CATEGORY = "category"
    DISTRICT_CATEGORY = "district_category"


class Model(StrEnum):
    PROPHET = "prophet"
    ETS = "ets"
    SNAIVE = "snaive"
    AUTO = "auto"


#: Models ``auto`` chooses from, in tie-break order (Prophet wins ties and unscored series).
CANDIDATES: tuple[Model, ...] = (Model.PROPHET, Model.ETS, Model.SNAIVE)


@dataclass(frozen=True)
class HeatingSeason:
    """Beijing's official heating season (domain.md §4.6) and the shape of its first-days peak."""

    start: tuple[int, int] = (11, 15)
    end: tuple[int, int] = (3, 15)
    #: The onset regressor is exp(-d / onset_decay_days) for d = 0 .. onset_days - 1 days after start.
    onset_days: int = 14
    onset_decay_days: float = 3.0


@dataclass(frozen=True)
class ProphetConfig:
    #: Daily counts are noisy and spiky; a smaller prior than Prophet's 0.05 keeps one-off spikes
    #: from bending the trend, while 25 changepoints over 90% of history still follow real shifts.
    changepoint_prior_scale: float = 0.02
    changepoint_range: float = 0.9
    yearly_fourier_order: int = 8
    #: Yearly seasonality is only switched on with at least this much history.
    min_days_for_yearly: int = 365
    seasonality_prior_scale: float = 10.0
    holidays_prior_scale: float = 5.0
    #: Days around Lunar New Year that get their own effect (the pre-festival exodus and the
    #: slow return after it).
    spring_festival_window: tuple[int, int] = (-7, 14)
    heating: HeatingSeason = field(default_factory=HeatingSeason)
    uncertainty_samples: int = 500


@dataclass(frozen=True)
class EtsConfig:
    #: Additive season (counts hit zero, which rules out multiplicative seasons), error and trend
    #: chosen by AICc.
    model: str = "ZZA"
    season_length: int = 7
    #: ETS cannot hold a yearly season; fitting the last year only halves the time and keeps the
    #: level local.
    window_days: int = 364


@dataclass(frozen=True)
class SnaiveConfig:
    season_length: int = 7
    #: Residuals (y_t - y_{t-7k}) from this many recent days give the empirical intervals.
    window_days: int = 364


@dataclass(frozen=True)
class BacktestConfig:
    folds: int = 4
    fold_days: int = 28
    #: A series needs this much history before the first fold's cutoff to be backtested.
    min_train_days: int = 56


@dataclass(frozen=True)
class WarningRule:
    """When a forecast window counts as an early warning (see :mod:`forecasts.early_warnings`)."""

    windows: tuple[int, ...] = (7, 30)
    #: The forecast total must exceed the baseline by this share ...
    margin: float = 0.25
    #: ... and the window's lower bound (of this interval) must be above the baseline.
    interval: int = 80
    #: Windows forecast below this many complaints never warn.
    min_volume: float = 10.0
    #: Days of history behind the ``recent`` baseline.
    recent_days: int = 28


@dataclass(frozen=True)
class ForecastSpec:
    """Everything the per-series function needs; picklable, so it travels to worker processes."""

    horizon: int = 30
    model: Model = Model.AUTO
    backtest: BacktestConfig | None = None
    prophet: ProphetConfig = field(default_factory=ProphetConfig)
    ets: EtsConfig = field(default_factory=EtsConfig)
    snaive: SnaiveConfig = field(default_factory=SnaiveConfig)
