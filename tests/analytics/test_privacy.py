"""Phone and ID numbers never survive masking, however they are written; ordinary numbers do.

The variants and the ordinary numbers are the privacy corpus
(``tests/reliability/corpus/privacy/``), shared with the privacy audit.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from analytics import privacy
from analytics import warehouse as wh
from analytics.privacy import ID_TOKEN, PHONE_TOKEN, contains_clear_identifier, mask_text
from reports.district import recent_complaints
from tests.analytics.ingest.helpers_ingest import HEADER, good_row, ingest_into, write_csv
from tests.reliability.corpus.privacy import Variant, ordinary, variants

VARIANTS = variants()
ORDINARY = ordinary()


def _id(variant: Variant) -> str:
    return variant.digits


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
        # a 7-digit landline does not swallow the first digit of the mobile after it
        ("座机010 6512777 13800001111", f"座机{PHONE_TOKEN} {PHONE_TOKEN}"),
        # a longer run that starts like a mobile is an account number: masked whole
        ("账号13800001111222", f"账号{PHONE_TOKEN}"),
        # not identifiers: amounts, dates, building numbers, a 12-digit work-order id
        ("物业费每平米2.8元，共计123456元", "物业费每平米2.8元，共计123456元"),
        ("2024年3月5日 5号楼3单元201室", "2024年3月5日 5号楼3单元201室"),
        ("工单号202403051234", "工单号202403051234"),
    ],
)
def test_mask_text(text: str, expected: str) -> None:
    assert mask_text(text) == expected
    assert not contains_clear_identifier(expected)


@pytest.mark.parametrize("variant", VARIANTS, ids=_id)
def test_every_written_form_is_masked(variant: Variant) -> None:
    # the number alone, in a sentence, and followed by Chinese prose that starts with a numeral
    assert mask_text(variant.written) == variant.masked
    assert mask_text(f"我的号码是{variant.written}，请回电") == f"我的号码是{variant.masked}，请回电"
    assert mask_text(f"打{variant.written}一直没人接") == f"打{variant.masked}一直没人接"
    assert contains_clear_identifier(variant.written)


@pytest.mark.parametrize("variant", VARIANTS, ids=_id)
def test_numbers_one_character_apart_are_all_masked(variant: Variant) -> None:
    # "13800001111" is an ordinary mobile: it must not hide its neighbour, nor the other way round
    for sep in (",", " ", "，", "和"):
        text = f"13800001111{sep}{variant.written}{sep}{variant.written}"
        assert mask_text(text) == f"{PHONE_TOKEN}{sep}{variant.masked}{sep}{variant.masked}"


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_stay(text: str) -> None:
    assert mask_text(text) == text
    assert not contains_clear_identifier(text)


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_numbers_stay_beside_a_masked_one(text: str) -> None:
    variant = VARIANTS[len(text) % len(VARIANTS)]
    assert mask_text(f"{text}；联系{variant.written}") == f"{text}；联系{variant.masked}"


def test_sql_masks_exactly_as_python() -> None:
    """The ingest's macro (DuckDB's RE2) and ``mask_text`` (Python's ``re``) agree on every
    corpus text, alone and in sentences: one set of patterns, two engines."""
    texts = [v.written for v in VARIANTS] + ORDINARY
    texts += [f"{t}；请联系{v.written}或{v.written}" for t, v in zip(ORDINARY, VARIANTS, strict=False)]
    texts += ["", "无号码", None]
    con = duckdb.connect()
    wh.execute(con, "ingest/macros")
    with wh.registered(con, "_texts", _frame(texts)):
        rows = con.execute(
            "SELECT text, weisu_mask(text, $mask_find, $mask_patterns, $mask_subs) FROM _texts ORDER BY i",
            privacy.mask_params(),
        ).fetchall()
    assert [(text, masked) for text, masked in rows] == [(t, mask_text(t)) for t in texts]


def _frame(texts: list[str | None]) -> pl.DataFrame:
    return pl.DataFrame({"i": range(len(texts)), "text": texts}, schema={"i": pl.Int64, "text": pl.String})


def test_report_pages_mask_every_written_form_at_render() -> None:
    """Defence in depth: a warehouse kept in clear (WEISU_KEEP_CLEAR_TEXT) still shows no
    number on a district page."""
    texts = [f"楼下噪音，请回电{v.written}谢谢" for v in VARIANTS]
    frame = pl.DataFrame(
        {
            "district": ["朝阳区"] * len(texts),
            "received_at": [dt.datetime(2024, 3, 14, 9)] * len(texts),
            "street": ["望京街道"] * len(texts),
            "category_l1": ["住房"] * len(texts),
            "category_l2": [""] * len(texts),
            "status": ["处理中"] * len(texts),
            "content": texts,
        }
    )
    shown = [row.content for row in recent_complaints(frame, "朝阳区")]
    assert shown == [f"楼下噪音，请回电{v.masked}谢谢" for v in VARIANTS]


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


def _ingest_variants(tmp_path: Path, db: Path) -> None:
    """Every variant in a content, an address and (phones) a caller field; every third row in
    an unknown district, so its raw values go to the quarantine."""
    rows = []
    for i, variant in enumerate(VARIANTS):
        caller = variant.written if variant.is_phone else f"1381234{i:04d}"
        rows.append(
            good_row(
                i,
                诉求内容=f"楼下噪音，请回电{variant.written}谢谢",
                地址=f"望京西园{variant.written}号",
                来电号码=caller,
                **({"区": "火星区"} if i % 3 == 0 else {}),
            )
        )
    path = write_csv(tmp_path / "variants.csv", rows, header=[*HEADER, "地址"])
    result = ingest_into([path], db=db)[0]
    assert result.rows_quarantined == len(range(0, len(VARIANTS), 3))


def test_ingest_masks_every_written_form(tmp_path: Path, db: Path) -> None:
    _ingest_variants(tmp_path, db)
    with wh.read_only(db) as con:
        stored = con.execute("SELECT record_id, content, address FROM complaints").fetchall()
        raws = [json.loads(r) for (r,) in con.execute("SELECT raw FROM quarantine").fetchall()]
    by_id = {record_id: (content, address) for record_id, content, address in stored}
    for i, variant in enumerate(VARIANTS):
        if i % 3:
            assert by_id[f"BJ{i:06d}"] == (
                f"楼下噪音，请回电{variant.masked}谢谢",
                f"望京西园{variant.masked}号",
            )
    assert {raw["工单编号"] for raw in raws} == {f"BJ{i:06d}" for i in range(0, len(VARIANTS), 3)}
    dump = json.dumps(stored + [list(raw.values()) for raw in raws], ensure_ascii=False)
    leaks = [v.written for v in VARIANTS if v.written in dump or v.digits in dump]
    assert leaks == []


def test_quarantine_masks_every_raw_field_the_caller_too(tmp_path: Path, db: Path) -> None:
    _ingest_variants(tmp_path, db)
    with wh.read_only(db) as con:
        raws = [
            json.loads(r) for (r,) in con.execute("SELECT raw FROM quarantine ORDER BY row_number").fetchall()
        ]
    phones = [v for i, v in enumerate(VARIANTS) if i % 3 == 0]
    for raw, variant in zip(raws, phones, strict=True):
        assert raw["诉求内容"] == f"楼下噪音，请回电{variant.masked}谢谢"
        assert raw["地址"] == f"望京西园{variant.masked}号"
        if variant.is_phone:
            assert raw["来电号码"] == variant.masked


def test_malformed_lines_are_masked_in_the_quarantine(tmp_path: Path, db: Path) -> None:
    # a line with one field too many is kept whole as raw text: every written form masked there
    rows = [good_row(i, 诉求内容=f"请回电{v.written}") for i, v in enumerate(VARIANTS)]
    path = write_csv(tmp_path / "extra.csv", rows)
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0]] + [f"{line},多余" for line in lines[1:]]) + "\n", encoding="utf-8")
    result = ingest_into([path], db=db)[0]
    assert result.rows_quarantined == len(VARIANTS)
    with wh.read_only(db) as con:
        raws = [json.loads(r) for (r,) in con.execute("SELECT raw FROM quarantine").fetchall()]
    dump = json.dumps(raws, ensure_ascii=False)
    assert [v.written for v in VARIANTS if v.written in dump or v.digits in dump] == []
    assert all(f"请回电{v.masked}" in dump for v in VARIANTS)


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


def test_nul_bytes_are_stripped_from_text(tmp_path: Path, db: Path) -> None:
    rows = [
        good_row(1, 诉求内容="噪音\x00扰民", 地址="望京\x00西园", 街乡镇="望京\x00街道"),
        good_row(2, 地址="\x00", 一级分类=" \x00住房"),  # only a NUL: blank, so NULL
        good_row(3, 诉求内容="\x00"),  # a content of nothing but a NUL byte is missing
    ]
    result = ingest_into([write_csv(tmp_path / "nul.csv", rows, header=[*HEADER, "地址"])], db=db)[0]
    assert (result.rows_loaded, result.rows_quarantined) == (2, 1)
    with wh.read_only(db) as con:
        stored = con.execute("SELECT content, address, street, category_l1 FROM complaints ORDER BY 1")
        assert stored.fetchall() == [
            ("噪音扰民", "望京西园", "望京街道", "住房"),
            ("望京西园2号楼物业不作为，已经三天了", None, "望京街道", "住房"),
        ]
        assert con.execute("SELECT reasons FROM quarantine").fetchall() == [(["missing content"],)]


def test_nul_byte_in_record_id_is_quarantined_with_its_reason(tmp_path: Path, db: Path) -> None:
    rows = [good_row(1), good_row(2, 工单编号="BJ\x00000001"), good_row(3, 区="火星\x00区")]
    result = ingest_into([write_csv(tmp_path / "nul.csv", rows)], db=db)[0]
    assert (result.rows_loaded, result.rows_quarantined) == (1, 2)
    with wh.read_only(db) as con:
        kept = con.execute("SELECT record_id, reasons, raw FROM quarantine ORDER BY row_number").fetchall()
        stored = con.execute("SELECT record_id FROM complaints").fetchall()
    assert stored == [("BJ000001",)]  # the NUL-less twin of row 2's id is not overwritten
    assert [(record_id, reasons) for record_id, reasons, _ in kept] == [
        ("BJ000001", ["NUL byte in record_id"]),
        ("BJ000003", ["unknown district"]),
    ]
    assert all("\\u0000" not in raw and "\x00" not in raw for _, _, raw in kept)
    assert json.loads(kept[1][2])["区"] == "火星区"
