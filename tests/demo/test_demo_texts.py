"""Complaint texts: variety, private-data bait for masking, and repeat callers."""

from __future__ import annotations

import re

import numpy as np
import polars as pl

from analytics import vocabulary as vocab
from demo.texts import id_number
from tests.demo.conftest import Year

MOBILE = r"(?<!\d)1[3-9]\d{9}(?!\d)"
LANDLINE = r"010-\d{8}"
ID_NUMBER = r"(?<!\d)\d{17}[\dX](?!\d)"
_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]


def _valid_id(text: str) -> bool:
    total = sum(int(c) * w for c, w in zip(text[:17], _WEIGHTS, strict=True))
    return "10X98765432"[total % 11] == text[17]


def test_texts_are_varied_and_fully_filled(year: Year) -> None:
    content = year.frame[vocab.CONTENT]
    assert content.n_unique() > 0.9 * len(content)
    assert not content.str.contains(r"[{}]|None|nan").any()
    lengths = content.str.len_chars()
    assert 25 < lengths.median() < 120
    # per category, the same sentence rarely repeats verbatim
    per_l2 = year.frame.group_by("demo_true_l2").agg(
        (pl.col(vocab.CONTENT).n_unique() / pl.len()).alias("unique"), pl.len()
    )
    assert per_l2.filter(pl.col("len") > 200)["unique"].min() > 0.8


def test_private_data_rates_and_shapes(year: Year) -> None:
    content = year.frame[vocab.CONTENT].to_list()
    n = len(content)
    phones = sum(bool(re.search(MOBILE, t) or re.search(LANDLINE, t)) for t in content)
    assert 0.006 < phones / n < 0.016
    ids = [m for t in content for m in re.findall(ID_NUMBER, t)]
    assert 0.0015 < len(ids) / n < 0.005
    assert all(_valid_id(i) for i in ids)
    labels = dict(year.frame["demo_pii"].value_counts().rows())
    assert labels["id_number"] == len(ids)
    assert labels["mobile"] + labels["landline"] == phones


def test_id_numbers_are_valid_and_look_like_beijing_residents() -> None:
    rng = np.random.default_rng(1)
    for _ in range(200):
        number = id_number(rng)
        assert re.fullmatch(r"1101\d{13}[\dX]", number) and _valid_id(number)
        assert 1950 <= int(number[6:10]) <= 2003


def test_repeat_callers_reuse_their_number_about_the_same_issue(year: Year) -> None:
    f = year.frame
    repeats = f.filter(pl.col("demo_repeat_of").is_not_null())
    assert 0.01 < repeats.height / f.height < 0.06
    first = f.select(
        pl.col(vocab.RECORD_ID).alias("demo_repeat_of"),
        pl.col(vocab.CALLER_ID).alias("first_caller"),
        pl.col(vocab.STREET).alias("first_street"),
        pl.col("demo_true_l2").alias("first_l2"),
        pl.col(vocab.RECEIVED_AT).alias("first_at"),
        pl.col(vocab.RESOLVED).alias("first_resolved"),
    )
    joined = repeats.join(first, on="demo_repeat_of", how="inner")
    assert joined.height == repeats.height
    assert (joined[vocab.CALLER_ID] == joined["first_caller"]).all()
    assert (joined[vocab.STREET] == joined["first_street"]).all()
    assert (joined["demo_true_l2"] == joined["first_l2"]).all()
    gap = (joined[vocab.RECEIVED_AT] - joined["first_at"]).dt.total_days()
    assert gap.min() >= 0 and gap.max() <= 12
    # concentrated on unresolved problems
    closed_first = joined.filter(pl.col("first_resolved").is_not_null())
    unresolved_share = 1 - closed_first["first_resolved"].mean()
    overall = 1 - f.filter(pl.col(vocab.RESOLVED).is_not_null())[vocab.RESOLVED].mean()
    assert unresolved_share > 5 * overall


def test_cross_department_cases_list_several_units(year: Year) -> None:
    units = year.frame[vocab.HANDLING_UNIT]
    cross = units.str.contains("[;、]")
    assert 0.02 < cross.mean() < 0.12
    assert units.str.ends_with("办事处").mean() > 0.2
    assert units.str.contains("北京热力集团").any()
