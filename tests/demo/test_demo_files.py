"""Export files: formats, encodings, the xlsx title row, determinism, and exact dirty counts."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from analytics import vocabulary as vocab
from demo import HEADERS, demo_records, file_format, write_demo
from tests.demo.conftest import WEEK, Written
from tests.demo.helpers_demo import TITLE_PREFIX, legal_district, parse_time, read_export

HEADER = list(HEADERS.values())
DIRTY_KINDS = ("unknown_district", "bad_timestamp", "duplicate", "missing_required")


def _files(written: Written) -> list[Path]:
    return sorted(p for p in written.out.iterdir() if p.name.startswith("12345_export_"))


def test_one_file_per_day_named_and_formatted_as_planned(written: Written) -> None:
    days = (WEEK[1] - WEEK[0]).days + 1
    names = [p.name for p in _files(written)]
    assert len(names) == days
    for k, name in enumerate(names):
        day = WEEK[0] + timedelta(days=k)
        assert name == f"12345_export_{day.isoformat()}.{file_format(0, day).kind}"
    formats = Counter((f["format"], f["encoding"]) for f in written.truth["files"])
    # the fixture week was picked so that every real-world variant occurs at least once
    assert {("csv", "utf-8"), ("csv", "utf-8-sig"), ("csv", "gb18030"), ("xlsx", None)} <= set(formats)


def test_headers_and_xlsx_title_row(written: Written) -> None:
    for path in _files(written):
        title, header, rows = read_export(path)
        assert header == HEADER
        entry = next(f for f in written.truth["files"] if f["name"] == path.name)
        if path.suffix == ".xlsx":
            assert title.startswith(TITLE_PREFIX) and path.stem[-10:] in title
            assert entry["rows_above_header"] == 1
        else:
            assert entry["rows_above_header"] == 0
        assert rows


def test_xlsx_times_are_native_datetimes(written: Written) -> None:
    import python_calamine

    path = next(p for p in _files(written) if p.suffix == ".xlsx")
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    stamps = [r[1] for r in rows[2:]]
    assert sum(isinstance(v, datetime) for v in stamps) >= len(stamps) - 20  # a few dirty strings


def test_encodings(written: Written) -> None:
    for entry in written.truth["files"]:
        raw = (written.out / entry["name"]).read_bytes()
        if entry["encoding"] == "gb18030":
            raw.decode("gb18030")
            with pytest.raises(UnicodeDecodeError):
                raw.decode("utf-8")
            assert b"\r\n" in raw
        elif entry["encoding"] in ("utf-8", "utf-8-sig"):
            raw.decode("utf-8")
            assert raw.startswith(b"\xef\xbb\xbf") == (entry["encoding"] == "utf-8-sig")


def _classify(header: list[str], rows: list[list[str]]) -> Counter:
    """Count defects the way an ingest would see them (each dirty row has exactly one)."""
    col = {h: i for i, h in enumerate(header)}
    found: Counter = Counter()
    counts = Counter(tuple(r) for r in rows)
    found["duplicate"] = sum(n - 1 for n in counts.values())
    for r in rows:
        defects = [
            not legal_district(r[col["区"]]),
            parse_time(r[col["来电时间"]]) is None,
            not r[col["工单编号"]] or not r[col["诉求内容"]],
        ]
        assert sum(defects) <= 1, r
        for kind, bad in zip(("unknown_district", "bad_timestamp", "missing_required"), defects, strict=True):
            found[kind] += bad
    return found


def test_dirty_counts_in_ground_truth_match_the_files(written: Written) -> None:
    totals: Counter = Counter()
    for entry in written.truth["files"]:
        _, header, rows = read_export(written.out / entry["name"])
        found = _classify(header, rows)
        assert {k: found[k] for k in DIRTY_KINDS} == entry["dirty"], entry["name"]
        assert len(rows) == entry["rows"] == entry["records"] + sum(entry["dirty"].values())
        totals.update(found)
    assert {k: totals[k] for k in DIRTY_KINDS} == written.truth["dirty"] == written.summary.dirty
    assert all(v > 0 for v in written.truth["dirty"].values())
    assert written.truth["rows"] == written.truth["records"] + sum(written.truth["dirty"].values())


def _clean_rows(written: Written) -> list[dict[str, str]]:
    out = []
    for path in _files(written):
        _, header, rows = read_export(path)
        seen = set()
        for r in rows:
            rec = dict(zip(header, r, strict=True))
            key = tuple(r)
            if (
                key in seen
                or not legal_district(rec["区"])
                or parse_time(rec["来电时间"]) is None
                or not rec["工单编号"]
                or not rec["诉求内容"]
            ):
                continue
            seen.add(key)
            out.append(rec)
    return out


def test_clean_rows_obey_the_value_rules(written: Written) -> None:
    rows = _clean_rows(written)
    assert len(rows) == written.truth["records"]
    assert len({r["工单编号"] for r in rows}) == len(rows)
    streets = {(s.district, s.name) for s in vocab.streets()}
    categories = set(vocab.categories())
    end = datetime.combine(WEEK[1], datetime.max.time())
    for r in rows:
        district = (
            r["区"]
            if r["区"] in vocab.districts()
            else next(d for d in vocab.districts() if d in (r["区"] + "区", r["区"].removeprefix("北京市")))
        )
        assert (district, r["街乡镇"]) in streets
        cat = (r["一级分类"], r["二级分类"], r["三级分类"])
        assert cat in categories or cat == ("", "", "")
        assert r["诉求类型"] in {t.value for t in vocab.AppealType}
        assert r["来源渠道"] in {c.value for c in vocab.Channel}
        received = parse_time(r["来电时间"])
        stamps = [parse_time(r[h]) if r[h] else None for h in ("派单时间", "响应时间", "办结时间")]
        assert received <= end and all(s is None or received <= s <= end for s in stamps)
        if stamps[0] and stamps[1]:
            assert stamps[0] <= stamps[1]
        if not r["办结时间"]:
            assert r["是否解决"] == r["是否满意"] == ""
        else:
            assert r["是否解决"] in ("已解决", "未解决")
            assert r["是否满意"] in ("满意", "基本满意", "不满意")
        assert len(r["来电号码"]) == 11 and r["来电号码"].startswith("1") and r["来电号码"].isdigit()
        if r["经度"]:
            assert 115.4 <= float(r["经度"]) <= 117.5 and 39.4 <= float(r["纬度"]) <= 41.1


def test_files_carry_exactly_the_demo_records(written: Written) -> None:
    records = demo_records(*WEEK, scale=0.01, seed=0)
    assert sorted(r["工单编号"] for r in _clean_rows(written)) == sorted(records["record_id"])


def test_same_seed_gives_byte_identical_files(written: Written, tmp_path: Path) -> None:
    again = write_demo(tmp_path, *WEEK, scale=0.01, seed=0, dirty_rate=0.02)
    for path in [*_files(written), written.summary.ground_truth_path]:
        assert (tmp_path / path.name).read_bytes() == path.read_bytes(), path.name
    assert again.records == written.summary.records


def test_other_seed_changes_places_and_texts(written: Written, tmp_path: Path) -> None:
    other = write_demo(tmp_path, WEEK[0], WEEK[0], scale=0.01, seed=1, dirty_rate=0.02)
    first = _files(written)[0]
    assert (tmp_path / first.name).read_bytes() != first.read_bytes()
    truth = other.ground_truth_path.read_text(encoding="utf-8")
    mine = [(p["theme"], p.get("streets")) for p in written.truth["planted"]]
    import json

    theirs = [(p["theme"], p.get("streets")) for p in json.loads(truth)["planted"]]
    assert mine != theirs


def test_dirty_rate_zero_writes_only_records(tmp_path: Path) -> None:
    summary = write_demo(tmp_path, WEEK[0], WEEK[0], scale=0.005, seed=0, dirty_rate=0.0)
    assert summary.dirty == dict.fromkeys(DIRTY_KINDS, 0)
    _, _, rows = read_export(summary.files[0])
    assert len(rows) == summary.records


def test_progress_default_end_and_bad_range(tmp_path: Path) -> None:
    from datetime import date

    calls: list[tuple[int, int]] = []
    yesterday = date.today() - timedelta(days=1)
    summary = write_demo(
        tmp_path,
        yesterday - timedelta(days=1),
        scale=0.002,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert calls == [(1, 2), (2, 2)]
    assert summary.files[-1].stem.endswith(yesterday.isoformat())
    with pytest.raises(ValueError, match="before start"):
        write_demo(tmp_path, date(2024, 2, 1), date(2024, 1, 1))
    with pytest.raises(ValueError, match="scale"):
        write_demo(tmp_path, date(2024, 2, 1), date(2024, 2, 1), scale=0)
    with pytest.raises(ValueError, match="dirty_rate"):
        write_demo(tmp_path, date(2024, 2, 1), date(2024, 2, 1), dirty_rate=1.5)


def test_rewriting_a_folder_leaves_one_file_per_day(tmp_path: Path) -> None:
    first = write_demo(tmp_path, *WEEK, scale=0.002, seed=0)
    second = write_demo(tmp_path, *WEEK, scale=0.002, seed=3)
    on_disk = sorted(p.name for p in tmp_path.glob("12345_export_*"))
    assert on_disk == sorted(p.name for p in second.files)
    assert len(on_disk) == len(first.files)
