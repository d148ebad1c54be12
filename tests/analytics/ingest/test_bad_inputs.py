"""Every bad input of the data contract ends in a clear message or quarantine rows; none is lost."""

from __future__ import annotations

import json
from pathlib import Path

import xlsxwriter
from typer.testing import CliRunner

from analytics import warehouse as wh
from flows.cli import app
from tests.analytics.ingest.helpers_ingest import HEADER, good_row, ingest_into, write_csv


def _quarantine(db: Path) -> list[tuple[int, list[str], dict]]:
    with wh.read_only(db) as con:
        rows = con.execute("SELECT row_number, reasons, raw FROM quarantine ORDER BY row_number").fetchall()
    return [(n, list(r), json.loads(raw)) for n, r, raw in rows]


def test_gb18030_file_is_detected_and_loaded(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", [good_row(i) for i in range(5)], encoding="gb18030")
    result = ingest_into([path], db=db)[0]
    assert (result.status, result.rows_loaded) == ("ok", 5)
    assert "transcoded from gb18030" in result.message
    with wh.read_only(db) as con:
        assert con.execute("SELECT DISTINCT district FROM complaints").fetchall() == [("朝阳区",)]


def test_wrong_declared_encoding_is_a_clear_error(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "gbk.csv", [good_row(1)], encoding="gb18030")
    profile = tmp_path / "utf8_only.yaml"
    profile.write_text(
        "name: strict\nencoding: utf-8\nfields:\n  record_id: [工单编号]\n"
        "  received_at: [来电时间]\n  district: [区]\n  content: [诉求内容]\n"
        "timestamp_formats: ['%Y-%m-%d %H:%M:%S']\n",
        encoding="utf-8",
    )
    result = ingest_into([path], profile=str(profile), db=db)[0]
    assert result.status == "failed"
    assert result.message.startswith("gbk.csv: not valid utf-8")


def test_undecodable_bytes_are_a_clear_error(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\x00\xff\xfe\x80" * 100 + b"\x81")
    result = ingest_into([path], db=db)[0]
    assert result.status == "failed"
    assert "neither UTF-8 nor GB18030" in result.message


def test_missing_required_column_names_the_field_and_file(tmp_path: Path, db: Path) -> None:
    header = [h for h in HEADER if h != "诉求内容"]
    path = write_csv(tmp_path / "no_content.csv", [good_row(1)], header=header)
    result = ingest_into([path], profile="beijing12345", db=db)[0]
    assert result.status == "failed"
    assert "no_content.csv" in result.message and "content (looked for 诉求内容" in result.message
    with wh.read_only(db) as con:
        assert con.execute("SELECT status FROM ingest_batches").fetchall() == [("failed",)]


def test_unknown_district_and_street_are_quarantined_with_raw_values(tmp_path: Path, db: Path) -> None:
    rows = [
        good_row(1),
        good_row(2, 区="朝阳新区"),
        good_row(3, 街乡镇="中关村街道"),
        good_row(4, 区="朝阳", 街乡镇="望京"),
    ]  # short forms are normalised, not rejected
    result = ingest_into([write_csv(tmp_path / "areas.csv", rows)], db=db)[0]
    assert (result.rows_loaded, result.rows_quarantined) == (2, 2)
    kept = _quarantine(db)
    assert [(n, r) for n, r, _ in kept] == [(3, ["unknown district"]), (4, ["unknown street"])]
    assert kept[0][2]["区"] == "朝阳新区"


def test_impossible_timestamps_are_quarantined(tmp_path: Path, db: Path) -> None:
    rows = [
        good_row(1, 来电时间="2024-13-45 25:61:00"),
        good_row(2, 来电时间="1900-01-01 00:00:00"),
        good_row(3, 来电时间="2100-01-01 00:00:00"),
        good_row(4, 来电时间="昨天下午"),
        good_row(5, 办结时间="2024-03-01 00:00:00"),
        good_row(6),
    ]
    result = ingest_into([write_csv(tmp_path / "times.csv", rows)], db=db)[0]
    assert (result.rows_loaded, result.rows_quarantined) == (1, 5)
    reasons = [r for _, r, _ in _quarantine(db)]
    assert reasons == [
        ["unparseable received_at"],
        ["received_at out of range"],
        ["received_at out of range", "closed_at before received_at"],
        ["unparseable received_at"],
        ["closed_at before received_at"],
    ]


def test_truncated_file_keeps_the_broken_last_row(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "cut.csv", [good_row(i) for i in range(4)])
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 40])  # cut inside the last row
    result = ingest_into([path], db=db)[0]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (4, 3, 1)
    ((line, reasons, raw),) = _quarantine(db)
    assert line == 5 and reasons[0].startswith("malformed row")
    assert raw["line"].startswith("BJ000003")
    assert "13812340003" not in json.dumps(raw, ensure_ascii=False)


def test_unterminated_quote_is_quarantined_not_fatal(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "quote.csv", [good_row(1), good_row(2)])
    with path.open("a", encoding="utf-8") as handle:
        handle.write('BJ9,2024-03-05 10:00:00,朝阳区,望京街道,住房,投诉,"没有结束的引号\n')
    result = ingest_into([path], db=db)[0]
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (3, 2, 1)


def test_empty_and_header_only_files(tmp_path: Path, db: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    header_only = write_csv(tmp_path / "header_only.csv", [])
    first, second = ingest_into([empty, header_only], profile="beijing12345", db=db)
    assert (first.status, first.message) == ("failed", "empty.csv: empty file (0 bytes)")
    assert (second.status, second.rows_read) == ("ok", 0)


def test_duplicate_ids_exact_copies_and_later_versions(tmp_path: Path, db: Path) -> None:
    open_version = good_row(2, 办结时间="", 是否解决="", 是否满意="")
    rows = [good_row(1), good_row(1), open_version, good_row(2)]  # row 2 closes later
    # record 3: an open version, then the closed version twice (its copy must not hide it)
    rows += [good_row(3, 办结时间="", 是否解决="", 是否满意=""), good_row(3), good_row(3)]
    result = ingest_into([write_csv(tmp_path / "dups.csv", rows)], db=db)[0]
    assert (result.rows_loaded, result.rows_duplicate, result.rows_updated) == (3, 4, 0)
    with wh.read_only(db) as con:
        assert con.execute(
            "SELECT record_id, resolved FROM complaints WHERE record_id <> 'BJ000001' ORDER BY 1"
        ).fetchall() == [("BJ000002", True), ("BJ000003", True)]


def test_later_file_updates_and_older_file_does_not(tmp_path: Path, db: Path) -> None:
    opened = write_csv(tmp_path / "day1.csv", [good_row(1, 办结时间="", 是否解决="", 是否满意="")])
    closed = write_csv(tmp_path / "day2.csv", [good_row(1)])
    results = ingest_into([opened, closed], db=db)
    assert [(r.rows_loaded, r.rows_updated) for r in results] == [(1, 0), (0, 1)]
    stale = write_csv(
        tmp_path / "day1_again.csv", [good_row(1, 办结时间="", 是否解决="", 是否满意="", 诉求内容="旧版本")]
    )
    again = ingest_into([stale], db=db)[0]
    assert (again.rows_updated, again.rows_duplicate) == (0, 1)
    with wh.read_only(db) as con:
        assert con.execute("SELECT resolved, first_batch_id, batch_id FROM complaints").fetchall() == [
            (True, 1, 2)
        ]


def test_excel_title_rows_above_the_header(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "export.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write(0, 0, "北京市12345市民服务热线工单导出（2024-03-05）")
    sheet.write_row(2, 0, HEADER)
    for i in range(3):
        sheet.write_row(3 + i, 0, list(good_row(i).values()))
    book.close()
    result = ingest_into([path], db=db)[0]
    assert (result.status, result.rows_loaded) == ("ok", 3)
    assert "header found on row 3" in result.message


def test_cli_prints_one_line_errors_and_exits_non_zero(tmp_path: Path, db: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    outcome = CliRunner().invoke(app, ["ingest", str(empty), "--db", str(db)])
    assert outcome.exit_code == 1
    assert "Traceback" not in outcome.output
    assert "empty.csv: empty file (0 bytes)" in outcome.output


def test_cli_ingest_and_status_on_a_good_file(tmp_path: Path, db: Path) -> None:
    path = write_csv(tmp_path / "good.csv", [good_row(i) for i in range(3)])
    runner = CliRunner()
    outcome = runner.invoke(app, ["ingest", str(path), "--db", str(db)])
    assert outcome.exit_code == 0, outcome.output
    assert "beijing12345" in outcome.output
    status = runner.invoke(app, ["status", "--db", str(db)])
    assert status.exit_code == 0 and "complaints 3" in status.output


def test_western_code_page_is_not_mistaken_for_gb18030(tmp_path: Path, db: Path) -> None:
    path = tmp_path / "latin.csv"
    rows = "".join(f"{i},2024-01-01 10:00:00,MANHATTAN,façade très abîmée {i}\n" for i in range(50))
    path.write_bytes(("Unique Key,Created Date,Borough,Descriptor\n" + rows).encode("cp1252"))
    result = ingest_into([path], profile="nyc311", db=db)[0]
    assert result.status == "failed"
    assert "rather than GB18030" in result.message


def test_a_bad_byte_past_the_utf8_probe_quarantines_its_line(tmp_path: Path, db: Path, monkeypatch) -> None:
    from analytics.ingest import encodings

    # Python checks only the first chunk of text; the reader checks every later line.
    monkeypatch.setattr(encodings, "_CHUNK", 256)
    monkeypatch.setattr(encodings, "_UTF8_PROBE", 256)
    path = write_csv(tmp_path / "late.csv", [good_row(i) for i in range(1, 201)])
    lines = path.read_bytes().split(b"\n")  # line 151 is ~30 KB in, past the header's read
    lines[150] = lines[150].replace("物业".encode(), "物业".encode("gb18030"))
    path.write_bytes(b"\n".join(lines))
    result = ingest_into([path], db=db)[0]
    assert result.status == "ok" and result.balanced
    assert (result.rows_read, result.rows_loaded, result.rows_quarantined) == (200, 199, 1)
    [(row, reasons, _raw)] = _quarantine(db)
    assert row == 151 and reasons == ["malformed row: invalid encoding"]
