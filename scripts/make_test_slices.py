"""Regenerate the trimmed real samples in tests/data/real/ from the full ones in ../shared.

The tests read only the files next to this script; this script is not run by them. It needs
the full public samples (``../shared/data/real`` beside the repository, or ``--shared PATH``)
and rewrites every slice, then checks each one against its original:

    .venv/bin/python scripts/make_test_slices.py [--shared PATH]

How a slice is cut (the SOURCE.md in each folder says the same per file):

* CSV and JSON slices keep whole records, byte for byte, in their original order: the header
  and the kept records are copied as they were (encoding, BOM, quoting, line ends, embedded
  newlines). Record boundaries come from the ``csv`` module, never from splitting on newlines.
* Rows are kept by a fixed rule: every n-th data record (counting from the first, 0-based
  ``index % n == 0``), plus every record with a real defect the ingest must quarantine or
  cope with (unknown borough / missing council district, closed before created, the 1900
  sentinel, native Excel dates among text dates, a date-only reply time, a duplicate id),
  plus the file's last record (so a slice ends as its original does, line end or none).
* Trimmed .xlsx files are written with xlsxwriter from the original cells (read with
  python-calamine): same single sheet name, header on row 1, same column order, numbers as
  numbers, text as text, native date/time cells as native date/time cells.

After running it, re-run the ingest tests: the exact counts in
tests/analytics/ingest/test_real_samples.py are measured on these slices.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
DEFAULT_SHARED = REPO.parent / "shared" / "data" / "real"
NYC_BOROUGHS = {"MANHATTAN", "BROOKLYN", "QUEENS", "BRONX", "STATEN ISLAND"}
#: Fixed workbook metadata so a re-run writes the same bytes.
XLSX_CREATED = dt.datetime(2020, 1, 1)

Row = dict[str, str]


# --------------------------------------------------------------------------- CSV records


def csv_records(raw: bytes, encoding: str = "utf-8") -> tuple[bytes, list[tuple[bytes, Row]]]:
    """(header bytes, [(record bytes, parsed record)]) — the bytes are the file's own.

    The csv reader pulls one physical line at a time from the iterator below, so the lines it
    consumed for one record are exactly that record's bytes (quoted newlines included).
    """
    lines = re.findall(rb"[^\n]*\n|[^\n]+$", raw)
    consumed: list[bytes] = []

    def feed() -> Iterator[str]:
        for line in lines:
            consumed.append(line)
            yield line.decode(encoding)

    reader = csv.reader(feed())
    header = [h.lstrip("\ufeff") for h in next(reader)]
    head = b"".join(consumed)
    consumed.clear()
    records = []
    for fields in reader:
        records.append((b"".join(consumed), dict(zip(header, fields, strict=False))))
        consumed.clear()
    if head + b"".join(r for r, _ in records) != raw:
        raise AssertionError("records do not reassemble the original file")
    return head, records


def slice_csv(src: Path, dst: Path, keep: Callable[[int, Row], bool]) -> list[Row]:
    """Copy the header, the kept records and the last record of ``src`` to ``dst`` (the last
    one so the slice ends as the original does: two originals have no line end after it);
    returns the kept records."""
    head, records = csv_records(src.read_bytes())
    last = len(records) - 1
    kept = [(b, row) for i, (b, row) in enumerate(records) if keep(i, row) or i == last]
    body = b"".join(b for b, _ in kept)
    dst.parent.mkdir(parents=True, exist_ok=True)
    dst.write_bytes(head + body)
    check = csv_records(dst.read_bytes())[1]
    assert [r for _, r in check] == [r for _, r in kept], dst
    return [row for _, row in kept]


# --------------------------------------------------------------------------- JSON (Socrata)


def json_array_lines(raw: bytes) -> list[bytes]:
    """The records of a Socrata export laid out as ``[{...}\\n,{...}\\n...,{...}]\\n``."""
    lines = raw.split(b"\n")
    if lines[-1] == b"":
        lines.pop()
    records = [line[1:] for line in lines]  # drop the leading "[" or ","
    if not (lines[0].startswith(b"[") and all(x.startswith(b",") for x in lines[1:])):
        raise AssertionError("not one record per line")
    records[-1] = records[-1].removesuffix(b"]")
    if join_json_array(records) != raw:
        raise AssertionError("records do not reassemble the original file")
    return records


def join_json_array(records: list[bytes]) -> bytes:
    return b"[" + b"\n,".join(records) + b"]\n"


# --------------------------------------------------------------------------- XLSX


def read_xlsx(path: Path) -> tuple[str, list[list[object]]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    if len(book.sheet_names) != 1:
        raise AssertionError(f"{path.name}: expected one sheet")
    rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    while rows and all(c in (None, "") for c in rows[-1]):
        rows.pop()
    return book.sheet_names[0], rows


def write_xlsx(dst: Path, sheet: str, rows: list[list[object]]) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(
        str(dst), {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    )
    book.set_properties({"created": XLSX_CREATED})
    formats = {
        dt.datetime: book.add_format({"num_format": "yyyy/m/d h:mm:ss"}),
        dt.date: book.add_format({"num_format": "yyyy/m/d"}),
    }
    ws = book.add_worksheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, dt.datetime):
                ws.write_datetime(r, c, value, formats[dt.datetime])
            elif isinstance(value, dt.date):
                ws.write_datetime(r, c, value, formats[dt.date])
            elif isinstance(value, bool):
                ws.write_boolean(r, c, value)
            elif isinstance(value, int | float):
                ws.write_number(r, c, value)
            else:
                ws.write_string(r, c, str(value))
    book.close()


def slice_xlsx(src: Path, dst: Path, keep: Callable[[int, list[object]], bool]) -> int:
    """Write the header row and the kept data rows of ``src``'s only sheet to a new workbook."""
    sheet, rows = read_xlsx(src)
    kept = [rows[0]] + [row for i, row in enumerate(rows[1:]) if keep(i, row)]
    dst.parent.mkdir(parents=True, exist_ok=True)
    write_xlsx(dst, sheet, kept)
    again = read_xlsx(dst)
    width = len(rows[0])
    pad = [[*row, *[""] * (width - len(row))][:width] for row in kept]
    got = [[*row, *[""] * (width - len(row))][:width] for row in again[1]]
    assert again[0] == sheet and got == [[("" if c is None else c) for c in row] for row in pad], dst
    return len(kept) - 1


# --------------------------------------------------------------------------- dates


def parse_time(text: str) -> dt.datetime | None:
    text = text.strip()
    for fmt in (
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%y %H:%M",
        "%Y-%m-%dT%H:%M:%S.%f",
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%d %H:%M:%S",
        "%Y/%m/%d %H:%M:%S",
    ):
        try:
            return dt.datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def closed_before_created(row: Row, created: str, closed: str) -> bool:
    start, end = parse_time(row.get(created, "")), parse_time(row.get(closed, ""))
    return start is not None and end is not None and end < start


def every(n: int) -> Callable[[int], bool]:
    return lambda i: i % n == 0


# --------------------------------------------------------------------------- the slices


def nyc(shared: Path, out: Path) -> None:
    src, dst = shared / "nyc311", out / "nyc311"

    def defect(row: Row) -> bool:
        borough = row.get("Borough", row.get("borough", ""))
        return borough not in NYC_BOROUGHS or (
            closed_before_created(row, "Created Date", "Closed Date")
            or closed_before_created(row, "created_date", "closed_date")
        )

    dst.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src / "nyc311_noise_2016_old_schema.csv", dst / "nyc311_noise_2016_old_schema.csv")
    rules = {
        "nyc311_2018-10-21_oneday.csv": 40,
        "nyc311_mixed_2014-2019.csv": 3,
        "nyc311_2024-04-16_api_columns.csv": 5,
        "nyc311_animal_complaints_2010-2025.csv": 10,
    }
    for name, n in rules.items():
        kept = slice_csv(src / name, dst / name, lambda i, row, n=n: every(n)(i) or defect(row))
        print(f"{name}: {len(kept)} records")
    # The JSON and CSV exports of 2024-05-27 hold the same requests in the same order: the CSV
    # rule picks the unique keys, the JSON keeps exactly those.
    csv_name, json_name = "nyc311_2024-05-27_api_columns.csv", "nyc311_2024-05-27_api.json"
    kept = slice_csv(src / csv_name, dst / csv_name, lambda i, row: every(8)(i) or defect(row))
    keys = [row["unique_key"] for row in kept]
    records = json_array_lines((src / json_name).read_bytes())
    chosen = [r for r in records if re.search(rb'^\{"unique_key":"(\d+)"', r).group(1).decode() in keys]
    got = [re.search(rb'^\{"unique_key":"(\d+)"', r).group(1).decode() for r in chosen]
    assert got == keys, "JSON and CSV slices differ"
    (dst / json_name).write_bytes(join_json_array(chosen))
    print(f"{csv_name} / {json_name}: {len(kept)} requests")


def la(shared: Path, out: Path) -> None:
    src, dst = shared / "la311", out / "la311"

    def defect(row: Row) -> bool:
        cd = row.get("CD", row.get("cd", "")).strip()
        return (
            not cd
            or closed_before_created(row, "CreatedDate", "ClosedDate")
            or (closed_before_created(row, "createddate", "closeddate"))
        )

    rules = {
        "la311_2017-12-27_to_12-31.csv": 20,
        "la311_2018-01-01_to_01-04.csv": 20,
        "la311_2020-01-01_to_01-03_lowercase.csv": 40,
    }
    for name, n in rules.items():
        kept = slice_csv(src / name, dst / name, lambda i, row, n=n: every(n)(i) or defect(row))
        print(f"{name}: {len(kept)} records")


def chicago(shared: Path, out: Path) -> None:
    name = "chicago_open311_2014_sample.json"
    (out / "chicago_open311").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shared / "chicago_open311" / name, out / "chicago_open311" / name)
    print(f"{name}: whole file")


def cn(shared: Path, out: Path) -> None:
    src, dst = shared / "cn_gov_messages_tipdm2020", out / "cn_gov_messages_tipdm2020"
    dst.mkdir(parents=True, exist_ok=True)
    labelled = "messages_labeled_sample_attachment2.csv"
    shutil.copyfile(src / labelled, dst / labelled)  # whole: the classifier and theme tests
    print(f"{labelled}: whole file")

    def native(text: str) -> bool:  # an Excel date cell, written by the converter as ISO text
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d", text))

    def date_only(text: str) -> bool:
        return bool(re.fullmatch(r"\d{4}/\d{1,2}/\d{1,2}", text.strip()))

    natives_seen = [0]

    def votes_keep(i: int, row: Row) -> bool:
        if native(row["留言时间"]):
            natives_seen[0] += 1
            if natives_seen[0] % 10 == 1:  # every 10th native date cell (13 of 129)
                return True
        return every(25)(i)

    csv_rules: dict[str, Callable[[int, Row], bool]] = {
        "messages_with_votes_attachment3.csv": votes_keep,
        "messages_with_replies_attachment4.csv": lambda i, row: (
            every(40)(i) or native(row["留言时间"]) or date_only(row["答复时间"])
        ),
        "messages_unlabeled_testset.csv": lambda i, row: every(40)(i),
    }
    ids: dict[str, set[str]] = {}
    for name, keep in csv_rules.items():
        kept = slice_csv(src / name, dst / name, keep)
        ids[name] = {row["留言编号"] for row in kept}
        print(f"{name}: {len(kept)} records")

    def same_ids(name: str) -> Callable[[int, list[object]], bool]:
        return lambda i, row: _id(row[0]) in ids[name]

    xlsx_rules = {
        "attachment3_messages_with_votes.xlsx": same_ids("messages_with_votes_attachment3.csv"),
        "attachment4_messages_with_replies.xlsx": same_ids("messages_with_replies_attachment4.csv"),
        "testset_unlabeled.xlsx": same_ids("messages_unlabeled_testset.csv"),
        # every 10th message, plus both rows of 留言编号 37042 (the id labelled twice)
        "attachment2_labeled_sample.xlsx": lambda i, row: every(10)(i) or _id(row[0]) == "37042",
    }
    for name, keep in xlsx_rules.items():
        count = slice_xlsx(src / "original_xlsx" / name, dst / "original_xlsx" / name, keep)
        print(f"original_xlsx/{name}: {count} rows")


def _id(cell: object) -> str:
    return str(int(cell)) if isinstance(cell, float) and cell.is_integer() else str(cell)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared", type=Path, default=DEFAULT_SHARED, help=f"the full samples (default {DEFAULT_SHARED})"
    )
    args = parser.parse_args()
    if not args.shared.is_dir():
        raise SystemExit(f"full samples not found at {args.shared}")
    for step in (chicago, cn, la, nyc):
        step(args.shared, HERE)


if __name__ == "__main__":
    main()
