"""Deterministic Beijing 12345 daily exports for flow tests.

Small CSV files with the Chinese headers of a real daily export; every value follows from the
day and the row index, so two calls with the same arguments write the same bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from analytics import vocabulary as v

HEADER = (
    "工单编号",
    "来电时间",
    "区",
    "街乡镇",
    "一级分类",
    "二级分类",
    "诉求类型",
    "来源渠道",
    "诉求内容",
    "承办单位",
    "派单时间",
    "响应时间",
    "办结时间",
    "是否解决",
    "是否满意",
)
STREETS = tuple(s for s in v.streets() if s.district in ("朝阳区", "海淀区", "东城区"))[:9]
CATEGORIES = (("城乡建设", "物业管理"), ("市场管理", "网络交易"), ("交通管理", "停车管理"))
TEXTS = ("小区楼下夜间施工噪音扰民", "物业不作为，电梯长期故障", "路边违章停车堵塞消防通道")


def export_rows(day: dt.date, n: int, start: int = 0) -> list[list[str]]:
    """``n`` complaints received on ``day``, record ids ``BJ<yyyymmdd><index>``."""
    rows = []
    for i in range(start, start + n):
        street, (l1, l2) = STREETS[i % len(STREETS)], CATEGORIES[i % len(CATEGORIES)]
        received = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=3 * i)
        stamp = "%Y-%m-%d %H:%M:%S"
        rows.append(
            [
                f"BJ{day:%Y%m%d}{i:05d}",
                received.strftime(stamp),
                street.district,
                street.name,
                l1,
                l2,
                "投诉",
                "电话",
                TEXTS[i % len(TEXTS)],
                f"{street.name}办事处",
                (received + dt.timedelta(minutes=5)).strftime(stamp),
                (received + dt.timedelta(hours=2)).strftime(stamp),
                (received + dt.timedelta(days=2)).strftime(stamp) if i % 5 else "",
                "是" if i % 3 else "否",
                "满意" if i % 4 else "不满意",
            ]
        )
    return rows


def write_export(path: Path, rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def write_days(folder: Path, first: dt.date, days: int, rows_per_day: int) -> list[Path]:
    """One ``12345_export_YYYY-MM-DD.csv`` per day, ``rows_per_day`` rows each."""
    paths = []
    for k in range(days):
        day = first + dt.timedelta(days=k)
        paths.append(write_export(folder / f"12345_export_{day}.csv", export_rows(day, rows_per_day)))
    return paths


def write_history(path: Path, first: dt.date, days: int, rows_per_day: int) -> Path:
    """Several days in one file (a backlog export), cheaper to load than one file a day."""
    rows = [r for k in range(days) for r in export_rows(first + dt.timedelta(days=k), rows_per_day)]
    return write_export(path, rows)
