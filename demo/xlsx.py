"""A minimal, fast ``.xlsx`` writer for the demo exports.

xlsxwriter builds XML cell by cell in Python (~1 s per 6,000-row day); here every cell's XML is
built column-wise with polars string expressions, so a day takes milliseconds. The workbook has
one sheet: a title row, a header row, then data with inline strings, numbers, and datetimes as
Excel serial numbers with a date style (readers such as calamine return them as datetimes).
Zip entries carry a fixed timestamp, so equal input gives byte-identical files.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from pathlib import Path

import polars as pl

_EPOCH = datetime(1899, 12, 30)
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)
_NS = {
    "main": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "rel": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "pkg": "http://schemas.openxmlformats.org/package/2006/relationships",
    "types": "http://schemas.openxmlformats.org/package/2006/content-types",
}
_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CONTENT_TYPES = (
    f'{_HEAD}<Types xmlns="{_NS["types"]}">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
    f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{_OOXML}.worksheet+xml"/>'
    f'<Override PartName="/xl/styles.xml" ContentType="{_OOXML}.styles+xml"/></Types>'
)
_ROOT_RELS = (
    f'{_HEAD}<Relationships xmlns="{_NS["pkg"]}"><Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK_RELS = (
    f'{_HEAD}<Relationships xmlns="{_NS["pkg"]}">'
    f'<Relationship Id="rId1" Type="{_NS["rel"]}/worksheet" Target="worksheets/sheet1.xml"/>'
    f'<Relationship Id="rId2" Type="{_NS["rel"]}/styles" Target="styles.xml"/></Relationships>'
)
#: Style 0 default, 1 datetime (custom format 164), 2 bold title.
_STYLES = (
    f'{_HEAD}<styleSheet xmlns="{_NS["main"]}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)


def _workbook(sheet_name: str) -> str:
    return (
        f'{_HEAD}<workbook xmlns="{_NS["main"]}" xmlns:r="{_NS["rel"]}"><sheets>'
        f'<sheet name="{_escape(sheet_name)}" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escaped(expr: pl.Expr) -> pl.Expr:
    return (
        expr.str.replace_all("&", "&amp;", literal=True)
        .str.replace_all("<", "&lt;", literal=True)
        .str.replace_all(">", "&gt;", literal=True)
    )


def column_letter(j: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    out = ""
    j += 1
    while j:
        j, rem = divmod(j - 1, 26)
        out = chr(65 + rem) + out
    return out


def _string_cell(ref: pl.Expr, value: pl.Expr, style: str = "") -> pl.Expr:
    return pl.concat_str(
        [
            pl.lit('<c r="'),
            ref,
            pl.lit(f'"{style} t="inlineStr"><is><t>'),
            _escaped(value),
            pl.lit("</t></is></c>"),
        ]
    )


def _number_cell(ref: pl.Expr, value: pl.Expr, style: str = "") -> pl.Expr:
    return pl.concat_str(
        [pl.lit('<c r="'), ref, pl.lit(f'"{style}><v>'), value.cast(pl.String), pl.lit("</v></c>")]
    )


def _cell(name: str, j: int, kind: str, datetime_format: str) -> pl.Expr:
    """XML of one column's cells ('' where the value is null)."""
    ref = pl.lit(column_letter(j)) + pl.col("_row").cast(pl.String)
    col = pl.col(name)
    if kind == "datetime":
        parsed = col.str.to_datetime(datetime_format, strict=False)
        serial = (parsed - _EPOCH).dt.total_milliseconds() / 86_400_000
        cell = (
            pl.when(parsed.is_not_null())
            .then(_number_cell(ref, serial, ' s="1"'))
            .otherwise(_string_cell(ref, col))
        )
    elif kind == "number":
        cell = _number_cell(ref, col)
    else:
        cell = _string_cell(ref, col)
    return cell.fill_null("")


def write_xlsx(
    path: Path,
    frame: pl.DataFrame,
    title: str,
    kinds: dict[str, str],
    datetime_format: str = "%Y-%m-%d %H:%M:%S",
    sheet_name: str = "Sheet1",
) -> None:
    """Write ``frame`` (all text columns) below a title row; ``kinds`` marks datetime/number columns.

    Datetime text that does not parse is written as text, like a hand-edited export.
    """
    cells = [
        _cell(name, j, kinds.get(name, "string"), datetime_format) for j, name in enumerate(frame.columns)
    ]
    rows = frame.with_row_index("_row", offset=3).select(
        pl.concat_str(
            [pl.lit('<row r="'), pl.col("_row").cast(pl.String), pl.lit('">'), *cells, pl.lit("</row>")]
        )
        .str.join("")
        .alias("xml")
    )
    header = "".join(
        f'<c r="{column_letter(j)}2" t="inlineStr"><is><t>{_escape(name)}</t></is></c>'
        for j, name in enumerate(frame.columns)
    )
    sheet = (
        f'{_HEAD}<worksheet xmlns="{_NS["main"]}"><sheetData>'
        f'<row r="1"><c r="A1" s="2" t="inlineStr"><is><t>{_escape(title)}</t></is></c></row>'
        f'<row r="2">{header}</row>{rows.item(0, 0) if frame.height else ""}'
        "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": _CONTENT_TYPES,
        "_rels/.rels": _ROOT_RELS,
        "xl/workbook.xml": _workbook(sheet_name),
        "xl/_rels/workbook.xml.rels": _WORKBOOK_RELS,
        "xl/styles.xml": _STYLES,
        "xl/worksheets/sheet1.xml": sheet,
    }
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"), compresslevel=3)  # 3: ~4x faster, ~10% larger
