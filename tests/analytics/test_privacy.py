"""Phone and ID numbers never survive masking; ordinary numbers do."""

from __future__ import annotations

from pathlib import Path

import pytest

from analytics import warehouse as wh
from analytics.privacy import ID_TOKEN, PHONE_TOKEN, contains_clear_identifier, mask_text
from tests.analytics.ingest.helpers_ingest import good_row, ingest_into, write_csv


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("电话13812345678，请回电", f"电话{PHONE_TOKEN}，请回电"),
        ("手机+86 138-1234-5678", f"手机{PHONE_TOKEN}"),
        ("座机010-65123456", f"座机{PHONE_TOKEN}"),
        ("联系电话：65123456", f"联系电话：{PHONE_TOKEN}"),
        ("身份证110105198807151234办理", f"身份证{ID_TOKEN}办理"),
        ("证件号11010519880715123X", f"证件号{ID_TOKEN}"),
        ("两个号码13812345678 13912345678", f"两个号码{PHONE_TOKEN} {PHONE_TOKEN}"),
        ("Call (212) 555-0123 now", f"Call {PHONE_TOKEN} now"),
        # not identifiers: amounts, dates, building numbers, a 12-digit work-order id
        ("物业费每平米2.8元，共计123456元", "物业费每平米2.8元，共计123456元"),
        ("2024年3月5日 5号楼3单元201室", "2024年3月5日 5号楼3单元201室"),
        ("工单号202403051234", "工单号202403051234"),
    ],
)
def test_mask_text(text: str, expected: str) -> None:
    assert mask_text(text) == expected
    assert not contains_clear_identifier(expected)


def test_warehouse_and_quarantine_hold_no_clear_numbers(tmp_path: Path, db: Path) -> None:
    text = "我的电话13812345678，身份证110105198807151234，楼下噪音"
    rows = [good_row(1, 诉求内容=text), good_row(2, 诉求内容=text, 区="不存在区")]
    ingest_into([write_csv(tmp_path / "p.csv", rows)], db=db)
    with wh.read_only(db) as con:
        dump = str(con.execute("SELECT * FROM complaints").fetchall())
        dump += str(con.execute("SELECT raw FROM quarantine").fetchall())
        hashes = con.execute("SELECT caller_hash FROM complaints").fetchall()
    for secret in ("13812345678", "110105198807151234", "13812340001", "13812340002"):
        assert secret not in dump
    assert len(hashes[0][0]) == 24


def test_same_caller_hashes_alike_across_formats(tmp_path: Path, db: Path) -> None:
    rows = [
        good_row(1, 来电号码="13812345678"),
        good_row(2, 来电号码="+86 138-1234-5678"),
        good_row(3, 来电号码="13900000000"),
    ]
    ingest_into([write_csv(tmp_path / "c.csv", rows)], db=db)
    with wh.read_only(db) as con:
        hashes = [
            h for (h,) in con.execute("SELECT caller_hash FROM complaints ORDER BY record_id").fetchall()
        ]
    assert hashes[0] == hashes[1] != hashes[2]
