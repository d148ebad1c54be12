"""Small Beijing-12345 export writers for ingest tests (header of the data contract), and
:func:`ingest_into`, the ingest entry point on a warehouse file."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from analytics import warehouse as wh
from analytics.ingest.load import BatchResult, ingest_files

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
    "来电号码",
]


def good_row(i: int, **overrides: str) -> dict[str, str]:
    row = {
        "工单编号": f"BJ{i:06d}",
        "来电时间": f"2024-03-05 09:{i % 60:02d}:00",
        "区": "朝阳区",
        "街乡镇": "望京街道",
        "一级分类": "住房",
        "诉求类型": "投诉",
        "诉求内容": f"望京西园{i}号楼物业不作为，已经三天了",
        "承办单位": "朝阳区望京街道办事处",
        "办结时间": "2024-03-06 10:00:00",
        "是否解决": "已解决",
        "是否满意": "满意",
        "来电号码": f"1381234{i % 10000:04d}",
    }
    row.update(overrides)
    return row


def write_csv(
    path: Path, rows: list[dict[str, str]], encoding: str = "utf-8", header: list[str] | None = None
) -> Path:
    header = header or HEADER
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def ingest_into(paths: Sequence[Path], profile: str = "auto", *, db: Path) -> list[BatchResult]:
    """Ingest ``paths`` into the warehouse file ``db`` through one connection, closed after
    (so the test can open the file read-only)."""
    with wh.connect(db) as con:
        return ingest_files(con, paths, profile=profile)
