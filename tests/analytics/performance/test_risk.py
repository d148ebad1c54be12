"""Street risk: the repeat rule on hand cases, component values, and the planted persistent problem."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import polars as pl

from analytics.performance.risk import repeat_requests, street_risk

T = datetime(2024, 6, 1, 10)


def test_repeat_rule_same_caller_same_issue_within_30_days():
    rows = pl.DataFrame(
        {
            "caller_hash": ["a", "a", "a", "a", "b", None, None],
            "category_l2": ["物业管理", "物业管理", "物业管理", "噪声", "物业管理", "噪声", "噪声"],
            "received_at": [
                T,
                T + timedelta(days=30),
                T + timedelta(days=61),
                T + timedelta(days=1),
                T + timedelta(days=2),
                T,
                T + timedelta(days=1),
            ],
        }
    )
    out = repeat_requests(rows)["is_repeat"].to_list()
    # first call; 30 days later (edge, repeat); 31 days after that (not); other issue; other caller;
    # unknown callers are never repeats
    assert out == [False, True, False, False, False, False, False]
    assert repeat_requests(rows)["received_at"].equals(rows["received_at"])  # input order kept


def _street(district: str, street: str, n: int, bad_issue: int = 0) -> list[dict]:
    """``n`` ordinary resolved tickets plus ``bad_issue`` unresolved repeats of one issue."""
    rows = []
    for i in range(n):
        when = T - timedelta(days=i % 80)
        rows.append(
            {
                "district": district,
                "street": street,
                "category_l1": "城乡建设",
                "category_l2": "施工管理",
                "category_l3": None,
                "caller_hash": f"{street}{i}",
                "received_at": when,
                "dispatched_at": when,
                "responded_at": when,
                "closed_at": when + timedelta(days=1),
                "resolved": True,
                "satisfied": True,
                "handling_unit": street,
            }
        )
    for i in range(bad_issue):
        when = T - timedelta(days=3 * i)
        rows.append(
            {
                **rows[0],
                "category_l1": "住房",
                "category_l2": "物业管理",
                "category_l3": "规范物业收费",
                "caller_hash": f"{street}-owner",
                "received_at": when,
                "resolved": False,
                "satisfied": False,
            }
        )
    return rows


def test_street_with_recurring_unresolved_issue_tops_the_list():
    rows = (
        _street("东城区", "甲", 40, bad_issue=8)
        + _street("东城区", "乙", 40)
        + _street("东城区", "丙", 60)
        + _street("西城区", "丁", 30)
        + _street("西城区", "戊", 35)
    )
    out = street_risk(pl.DataFrame(rows), date(2024, 6, 1))
    top = out.row(0, named=True)
    assert (top["street"], top["problem_issue"], top["risk_rank"]) == ("甲", "规范物业收费", 1)
    assert top["repeats"] == 7 and top["resolution"] < 1
    assert "problem_score" in top["reasons"]
    assert out["risk_rank"].to_list() == [1, 2, 3, 4, 5]
    # concentration is volume over the district's median street (东城区 median = 48 → 丙 60/48)
    assert out.filter(pl.col("street") == "丙")["concentration"].item() == 60 / 48


def test_forecast_growth_is_an_optional_component():
    rows = _street("东城区", "甲", 20) + _street("东城区", "乙", 20)
    growth = pl.DataFrame(
        {"district": ["东城区", "东城区"], "street": ["甲", "乙"], "forecast_growth": [0.05, 0.9]}
    )
    out = street_risk(pl.DataFrame(rows), date(2024, 6, 1), forecast_growth=growth)
    assert out["street"].to_list()[0] == "乙"
    assert "forecast_growth" in out.row(0, named=True)["reasons"]


def test_demo_persistent_problem_streets_lead_the_watch_list(demo):
    planted = demo.filter(pl.col("demo_planted") == "persistent").select("district", "street").unique()
    out = street_risk(demo, date(2024, 12, 1))
    top = out.head(10).join(planted, on=["district", "street"], how="semi")
    share_all = planted.height / out.height
    assert top.height >= 6, out.head(10).select("district", "street", "problem_issue")
    assert top.height / 10 > 1.5 * share_all  # far above the planted streets' share of all streets


def test_theme_keys_repeats_and_problems_where_present():
    rows = _street("东城区", "甲", 20)
    first, second = dict(rows[0]), dict(rows[1])
    # same caller, different categories but the same theme → a repeat; unthemed rows keep categories
    first.update(caller_hash="x", category_l2="噪声", theme_id="T9", received_at=T - timedelta(days=2))
    second.update(caller_hash="x", category_l2="施工管理", theme_id="T9", received_at=T)
    frame = pl.DataFrame([first, second, *[{**r, "theme_id": None} for r in rows[2:]]])
    out = street_risk(frame, date(2024, 6, 1), theme="theme_id").row(0, named=True)
    assert out["repeats"] == 1
    assert street_risk(frame.drop("theme_id"), date(2024, 6, 1)).row(0, named=True)["repeats"] == 0
