"""Writes the hostile-input corpus beside this script: ``python tests/reliability/corpus/make_corpus.py``.

Every file is a small Beijing 12345 export (the data-contract header); the expected outcome of
each is the ``CASES`` table in ``tests/reliability/test_hostile_corpus.py``. Deterministic: the
same script writes the same bytes, so the files are committed and the test checks they are
current.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import xlsxwriter

HEADER = [
    "工单编号",
    "来电时间",
    "区",
    "街乡镇",
    "一级分类",
    "诉求类型",
    "诉求内容",
    "承办单位",
    "办结时间",
    "是否解决",
    "是否满意",
]
FORMULAS = ("=cmd|' /C calc'!A0", "+1+1", "-1+1", "@SUM(1)")
SQL = "'; DROP TABLE complaints; --"
HERE = Path(__file__).resolve().parent
FILES = HERE / "files"


def row(record_id: str, **over: str) -> list[str]:
    base = {
        "工单编号": record_id,
        "来电时间": "2024-03-05 09:30:00",
        "区": "朝阳区",
        "街乡镇": "望京街道",
        "一级分类": "住房",
        "诉求类型": "投诉",
        "诉求内容": "望京西园小区物业不作为，电梯故障三天",
        "承办单位": "朝阳区望京街道办事处",
        "办结时间": "2024-03-06 10:00:00",
        "是否解决": "已解决",
        "是否满意": "满意",
    }
    base.update(over)
    return [base[h] for h in HEADER]


def csv_text(rows: list[list[str]], newline: str = "\n") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=newline)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return buffer.getvalue()


def three(prefix: str) -> list[list[str]]:
    return [row(f"{prefix}{i}", 诉求内容=f"望京西园{i}号楼供暖不热，室温只有十五度") for i in range(3)]


def text_files() -> dict[str, bytes]:
    mixed = csv_text(three("MIX"), "\r\n").split("\r\n")
    quoted = [
        row("NL0", 诉求内容='第一行\n第二行，"引号"里的话\r\n第三行'),
        row("NL1", 诉求内容='他说："物业,不管"'),
        row("NL2", 承办单位="单位A;单位B"),
    ]
    long_rows = [
        row("LONG_OK", 诉求内容="长" * 50_000),
        row("LONG_51K", 诉求内容="长" * 50_001),
        row("LONG_1MB", 诉求内容="x" * (1 << 20)),
    ]
    formulas = [row(f"FX{i}", 诉求内容=f, 承办单位=f) for i, f in enumerate(FORMULAS)]
    html = [
        row("HTML0", 诉求内容="<script>alert('weisu')</script>物业不作为"),
        row("HTML1", 诉求内容='<img src=x onerror="alert(1)">小区噪音', 承办单位="<b>单位</b>"),
    ]
    sql = [
        row("SQL0", 诉求内容=SQL),
        row("SQL1", 区=SQL),
        row(SQL),
        row("SQL3", 街乡镇=SQL),
        row("SQL4", 承办单位=SQL, 诉求类型=SQL),
    ]
    dates = [
        row("D1900", 来电时间="1900-01-01 00:00:00"),
        row("D2100", 来电时间="2100-01-01 00:00:00"),
        row("D1980", 来电时间="1980-01-02 08:00:00", 办结时间="1980-01-03 08:00:00"),
        row("DSERIAL", 来电时间="1", 办结时间=""),
    ]
    return {
        "utf16_bom.csv": csv_text(three("U16")).encode("utf-16"),  # codec writes the BOM
        "gb18030_no_bom.csv": csv_text(three("GB"), "\r\n").encode("gb18030"),
        "utf8_bom.csv": b"\xef\xbb\xbf" + csv_text(three("U8B")).encode(),
        "mixed_line_endings.csv": (
            mixed[0] + "\r\n" + mixed[1] + "\n" + mixed[2] + "\r\n" + mixed[3] + "\n"
        ).encode(),
        "embedded_newlines_quotes.csv": csv_text(quoted).encode(),
        "long_content.csv": csv_text(long_rows).encode(),
        "formula_injection.csv": csv_text(formulas).encode(),
        "html_js.csv": csv_text(html).encode(),
        "sql_in_fields.csv": csv_text(sql).encode(),
        "dates_1900_2100.csv": csv_text(dates).encode(),
        "..%2F..%2Fetc%2Fpasswd.csv": csv_text(three("PT")).encode(),
        "..\\..\\etc\\passwd.csv": csv_text(three("BS")).encode(),
    }


def formula_xlsx(path: Path) -> None:
    book = xlsxwriter.Workbook(str(path), {"strings_to_formulas": False})
    book.set_properties({"created": dt.datetime(2024, 3, 5)})  # same bytes on every run
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    for r, f in enumerate(FORMULAS, start=1):
        sheet.write_row(r, 0, row(f"XF{r}", 诉求内容=f, 承办单位=f))
    book.close()


def zip_bomb_xlsx(path: Path) -> None:
    """A valid-looking .xlsx whose one member inflates to 8 MiB from a few KiB."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in (
            ("[Content_Types].xml", b'<?xml version="1.0"?><Types/>'),
            ("xl/worksheets/sheet1.xml", b"<row/>" + b" " * (8 << 20)),
        ):
            member = zipfile.ZipInfo(name, date_time=(2024, 3, 5, 0, 0, 0))
            archive.writestr(member, data, compress_type=zipfile.ZIP_DEFLATED)


def build(folder: Path = FILES) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in text_files().items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    formula_xlsx(folder / "formula_injection.xlsx")
    zip_bomb_xlsx(folder / "zip_bomb.xlsx")
    return [*written, folder / "formula_injection.xlsx", folder / "zip_bomb.xlsx"]


if __name__ == "__main__":
    for path in build():
        print(f"{path.stat().st_size:>9,}  {path.name}")
    (FILES / "long_content.csv").unlink()  # 2 MiB: rebuilt by the test, not committed
