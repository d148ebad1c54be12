"""每月一题 scoring on small hand-made frames: components, weights, continuity, forecast hook."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics.themes.candidates import COMPONENTS, CandidateWeights, ComponentWeights, topic_candidates
from analytics.tuning import TuningError
from analytics.vocabulary import add_months
from flows.tuning import load_tuning

MONTH = date(2024, 12, 1)
MONTHS = [add_months(MONTH, k) for k in range(-17, 1)]


def _theme_months(spec: dict[str, dict]) -> pl.DataFrame:
    """18 months per theme; ``spec`` gives per-theme n(month index), streets(...) and rates."""
    rows = []
    for theme, s in spec.items():
        for i, month in enumerate(MONTHS):
            n = s["n"](i)
            if n:
                rows.append(
                    {
                        "theme_id": theme,
                        "month": month,
                        "n": n,
                        "streets": s["streets"](i),
                        "districts": 3,
                        "resolved_rate": s.get("resolved", 0.9),
                        "satisfied_rate": 0.9,
                        "close_hours": 48.0,
                        "repeat_share": s.get("repeat", 0.0),
                        "cross_department_share": s.get("cross", 0.0),
                    }
                )
    return pl.DataFrame(rows)


CITY = pl.DataFrame(
    {
        "month": MONTHS,
        "total": [10_000] * 18,
        "resolved_rate": [0.9] * 18,
        "satisfied_rate": [0.9] * 18,
        "close_hours": [48.0] * 18,
    }
)
THEMES = pl.DataFrame(
    {
        "theme_id": ["Tnew", "Told", "Thard", "Ttiny"],
        "label": ["新", "旧", "难", "小"],
        "partition": ["公共服务", "住房", "住房", "住房"],
    }
)
SPEC = {
    "Tnew": {"n": lambda i: 10 * max(0, i - 6), "streets": lambda i: max(0, i - 6) * 2},  # rising
    "Told": {"n": lambda i: 100, "streets": lambda i: 40},  # steady
    "Thard": {
        "n": lambda i: 60,
        "streets": lambda i: 30,
        "resolved": 0.6,
        "repeat": 0.2,
        "cross": 0.3,
    },  # hard
    "Ttiny": {"n": lambda i: 1 if i % 2 else 0, "streets": lambda i: 1},  # too few
}


def _rank(**kwargs) -> pl.DataFrame:
    return topic_candidates(_theme_months(SPEC), CITY, THEMES, MONTH, **kwargs)


def test_components_explain_the_score() -> None:
    ranked = _rank()
    weights = vars(ComponentWeights())
    assert "Ttiny" not in ranked["theme_id"].to_list()  # fewer than min_recent in 3 months
    for row in ranked.iter_rows(named=True):
        used = [c for c in COMPONENTS if row[f"c_{c}"] is not None]
        expected = 100 * sum(weights[c] * row[f"c_{c}"] for c in used) / sum(weights[c] for c in used)
        assert row["score"] == pytest.approx(expected, abs=0.15)
    by_id = {r["theme_id"]: r for r in ranked.iter_rows(named=True)}
    assert by_id["Tnew"]["c_trend"] > 0.5 and by_id["Tnew"]["c_spread_growth"] == 1.0
    assert by_id["Told"]["c_trend"] == 0 and by_id["Told"]["c_persistence"] == 1.0
    assert by_id["Thard"]["c_difficulty"] > by_id["Told"]["c_difficulty"] == 0
    assert by_id["Thard"]["c_cross_department"] == 1.0
    assert by_id["Tnew"]["monthly"] == [10 * k for k in range(12)]
    assert ranked["rank"].to_list() == [1, 2, 3]


def test_continuity_rewards_earlier_choices() -> None:
    chosen = pl.DataFrame(
        {"month": [date(2024, 3, 1), MONTH], "theme_id": ["Told", "Tnew"], "partition": ["住房", "公共服务"]}
    )
    by_id = {r["theme_id"]: r for r in _rank(chosen=chosen).iter_rows(named=True)}
    assert by_id["Told"]["c_continuity"] == 1.0  # chosen before
    assert by_id["Thard"]["c_continuity"] == 0.5  # a sibling in its category was
    assert by_id["Tnew"]["c_continuity"] == 0.0 and by_id["Tnew"]["chosen_this_month"]


def test_forecast_hook_takes_theme_or_category_series() -> None:
    days = pl.date_range(date(2025, 1, 1), date(2025, 1, 31), eager=True)
    forecast = pl.concat(
        [
            pl.DataFrame({"unique_id": "theme=Tnew", "ds": days, "yhat": 200 / 31}),
            pl.DataFrame({"unique_id": "category=住房", "ds": days, "yhat": 80 / 31}),
        ]
    )
    by_id = {r["theme_id"]: r for r in _rank(forecast=forecast).iter_rows(named=True)}
    assert by_id["Tnew"]["forecast_next"] == pytest.approx(200)
    assert by_id["Tnew"]["c_forecast"] == pytest.approx(math.log2(201 / 111), abs=1e-3)
    # 住房's 80 split by this month's shares: Told 100, Thard 60 (Ttiny: 0 this month).
    assert by_id["Told"]["forecast_next"] == pytest.approx(50, rel=0.01)
    assert by_id["Thard"]["c_forecast"] < 0
    assert _rank()["c_forecast"].is_null().all()


def test_unknown_history_is_left_out_not_zero() -> None:
    late = CITY.filter(pl.col("month") >= date(2024, 3, 1))
    ranked = topic_candidates(
        _theme_months(SPEC).filter(pl.col("month") >= date(2024, 3, 1)), late, THEMES, MONTH
    )
    assert ranked["c_spread_growth"].is_null().all()  # no year-earlier months in the warehouse
    assert ranked.filter(pl.col("theme_id") == "Told")["c_persistence"].item() == 1.0


def test_tuning_file_overrides_weights_and_rejects_typos(tmp_path: Path) -> None:
    good = tmp_path / "w.yaml"
    good.write_text("candidates:\n  weights:\n    difficulty: 0.5\n", encoding="utf-8")
    tuning = load_tuning(good).candidates
    assert tuning.weights.difficulty == 0.5 and tuning.weights.volume == 0.15
    assert tuning == CandidateWeights(weights=ComponentWeights(difficulty=0.5))
    bad = tmp_path / "bad.yaml"
    bad.write_text("candidates:\n  weights:\n    dificulty: 0.5\n", encoding="utf-8")
    with pytest.raises(TuningError, match=r"bad\.yaml\.candidates\.weights\.dificulty: unknown setting"):
        load_tuning(bad)
    heavier = _rank(tuning=tuning)
    assert heavier["theme_id"][0] == "Thard"


def test_a_theme_found_recently_has_no_history_before_it() -> None:
    # Found from the last 3 months' unassigned pool: earlier months are unknown, not zero, so
    # it is neither "rising" nor "spreading" just because it was discovered late.
    spec = {"Tlate": {"n": lambda i: 50 if i >= 15 else 0, "streets": lambda i: 20}, "Told": SPEC["Told"]}
    themes = pl.DataFrame(
        {
            "theme_id": ["Tlate", "Told"],
            "label": ["晚", "旧"],
            "partition": ["住房", "住房"],
            "history_from": [date(2024, 10, 1), date(2023, 7, 1)],
        }
    )
    by_id = {
        r["theme_id"]: r
        for r in topic_candidates(_theme_months(spec), CITY, themes, MONTH).iter_rows(named=True)
    }
    late = by_id["Tlate"]
    assert late["months_known"] == 3 and late["c_persistence"] == 1.0
    assert late["c_trend"] == 0 and late["c_spread_growth"] is None
    assert by_id["Told"]["months_known"] == 12


def test_a_source_without_rates_or_streets_leaves_those_components_out() -> None:
    # A US 311 feed: no resolved / satisfied / close times, and here no streets either.
    months = _theme_months(SPEC).with_columns(
        pl.lit(None, pl.Float64).alias(c) for c in ("resolved_rate", "satisfied_rate", "close_hours")
    )
    months = months.with_columns(pl.lit(0).alias("streets"))
    city = CITY.with_columns(
        pl.lit(None, pl.Float64).alias(c) for c in ("resolved_rate", "satisfied_rate", "close_hours")
    )
    ranked = topic_candidates(months, city, THEMES, MONTH)
    assert ranked.height == 3 and ranked["score"].null_count() == 0
    assert not any(math.isnan(s) for s in ranked["score"])
    used = ranked["components_used"].to_list()
    assert all("spread" not in u and "spread_growth" not in u and "volume" in u for u in used)
    assert ranked["c_spread"].null_count() == 3
    # difficulty keeps only the repeat-caller part: Thard (20% repeats) counts fully
    assert ranked.filter(pl.col("theme_id") == "Thard")["c_difficulty"][0] == 1.0
    weights = ComponentWeights()
    row = ranked.row(0, named=True)
    parts = {c: row[f"c_{c}"] for c in row["components_used"]}
    total = sum(getattr(weights, c) for c in parts)
    by_hand = sum(getattr(weights, c) * value for c, value in parts.items()) / total * 100
    assert row["score"] == pytest.approx(by_hand, abs=0.06)
