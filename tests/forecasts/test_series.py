"""The long frame: ids, zero-fill, levels that add up, weekly/monthly sums, calendar features."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from forecasts.calendar import ADJUSTED_WORKDAY, DAY_OFF, SPRING_FESTIVAL, heating_features, holiday_frame
from forecasts.series import (
    CITY,
    SeriesLevel,
    daily_series,
    monthly_series,
    parent_ids,
    parse_series_id,
    series_id,
    series_level,
    weekly_series,
)


def _counts(rows: list[tuple[str, str, str | None, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["day", "district", "category_l1", "complaints"])


def test_ids_round_trip_and_name_their_level() -> None:
    uid = series_id("朝阳区", "住房")
    assert uid == "district=朝阳区|category=住房"
    assert parse_series_id(uid) == {"district": "朝阳区", "category": "住房"}
    assert series_id() == CITY and series_level(CITY) is SeriesLevel.CITY
    assert series_level(series_id(category="住房")) is SeriesLevel.CATEGORY
    assert parent_ids(uid) == ("district=朝阳区", "category=住房", CITY)


def test_every_series_is_zero_filled_over_the_whole_range() -> None:
    counts = _counts(
        [
            ("2024-01-01", "朝阳区", "住房", 3),
            ("2024-01-01", "朝阳区", "住房", 2),  # finer rows (two streets) are summed
            ("2024-01-03", "延庆区", None, 4),  # no category → 未分类; 01-02 has no complaints at all
            ("2024-01-04", "朝阳区", "", 1),  # '' is unclassified too
        ]
    )
    daily = daily_series(counts)
    assert list(daily.columns) == ["unique_id", "ds", "y"]
    ids = set(daily["unique_id"])
    assert ids == {
        "city",
        "district=朝阳区",
        "district=延庆区",
        "category=住房",
        "category=未分类",
        "district=朝阳区|category=住房",
        "district=朝阳区|category=未分类",
        "district=延庆区|category=未分类",
    }
    assert (daily.groupby("unique_id").size() == 4).all()  # 4 days each
    city = daily[daily["unique_id"] == "city"]["y"].tolist()
    assert city == [5.0, 0.0, 4.0, 1.0]
    assert daily.loc[daily["unique_id"] == "district=朝阳区|category=住房", "y"].tolist() == [5, 0, 0, 0]


def test_explicit_range_extends_zero_fill_and_levels_can_be_chosen() -> None:
    counts = _counts([("2024-01-02", "朝阳区", "住房", 1)])
    daily = daily_series(counts, dt.date(2024, 1, 1), dt.date(2024, 1, 5), levels=[SeriesLevel.DISTRICT])
    assert daily["unique_id"].unique().tolist() == ["district=朝阳区"]
    assert daily["y"].tolist() == [0, 1, 0, 0, 0]


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 9),
            st.sampled_from(["东城区", "西城区", "朝阳区"]),
            st.sampled_from(["住房", "教育", None]),
            st.integers(1, 50),
        ),
        min_size=1,
    )
)
def test_levels_add_up_to_the_city(rows: list) -> None:
    counts = _counts(
        [(str(dt.date(2024, 3, 1) + dt.timedelta(days=d)), dist, cat, n) for d, dist, cat, n in rows]
    )
    daily = daily_series(counts)
    daily["level"] = daily["unique_id"].map(series_level)
    by_level = daily.groupby(["level", "ds"])["y"].sum().unstack("level")
    for level in SeriesLevel:
        assert (by_level[level] == by_level[SeriesLevel.CITY]).all()
    assert by_level[SeriesLevel.CITY].sum() == sum(n for *_, n in rows)


def test_weekly_and_monthly_sums_drop_partial_periods(small_daily: pd.DataFrame) -> None:
    city = small_daily[small_daily["unique_id"] == "city"]
    weekly = weekly_series(city)
    monthly = monthly_series(city)
    assert weekly["ds"].iloc[0] == pd.Timestamp("2023-01-02")  # 2023-01-01 is a Sunday
    assert (weekly["ds"].dt.dayofweek == 0).all()
    assert (
        weekly["y"].sum()
        == city[(city["ds"] >= "2023-01-02") & (city["ds"] <= weekly["ds"].max() + pd.Timedelta(days=6))][
            "y"
        ].sum()
    )
    assert len(monthly) == 18 and monthly["y"].sum() == city["y"].sum()
    assert len(weekly_series(city, complete_only=False)) == len(weekly) + 1


def test_heating_features_mark_the_season_and_its_first_days() -> None:
    days = pd.Series(
        pd.to_datetime(
            ["2024-11-14", "2024-11-15", "2024-11-16", "2024-12-10", "2025-03-15", "2025-03-16", "2025-07-01"]
        )
    )
    features = heating_features(days)
    assert features["heating"].tolist() == [0, 1, 1, 1, 1, 0, 0]
    onset = features["heating_onset"].tolist()
    assert onset[0] == 0 and onset[1] == 1.0 and 0 < onset[2] < 1 and onset[3] == 0


def test_holidays_cover_days_off_adjusted_workdays_and_spring_festival() -> None:
    frame = holiday_frame([2025, 2027])
    days = {(h, d.date()) for h, d in zip(frame["holiday"], frame["ds"], strict=True)}
    assert (DAY_OFF, dt.date(2025, 10, 1)) in days
    assert (ADJUSTED_WORKDAY, dt.date(2025, 1, 26)) in days  # a Sunday worked before 春节
    assert (SPRING_FESTIVAL, dt.date(2025, 1, 29)) in days  # Lunar New Year's day
    assert (SPRING_FESTIVAL, dt.date(2027, 2, 6)) in days  # beyond chinesecalendar's 2026
    spring = frame[frame["holiday"] == SPRING_FESTIVAL]
    assert (spring["lower_window"] == -7).all() and (spring["upper_window"] == 14).all()
