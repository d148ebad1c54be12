"""Write the demo as daily export files like the real ones, plus ``ground_truth.json``.

Formats vary by day the way exports collected over months do (chosen per day from the seed):
mostly UTF-8 CSV (some with a BOM, some with ``YYYY/MM/DD HH:MM`` times), some GB18030 CSV with
CRLF line ends, and some ``.xlsx`` with a title row above the header and native datetimes.
"""

from __future__ import annotations

import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import polars as pl

from analytics import vocabulary as vocab
from demo.dirty import district_variants, inject_dirty
from demo.generate import Cols, Context, build_context
from demo.geography import ZONE
from demo.records import DEMO_SATISFACTION, FIELDS, day_frame, iter_days
from demo.truth import TruthTally
from demo.xlsx import write_xlsx

#: Chinese headers of the ``beijing12345`` profile, in file order.
HEADERS: dict[str, str] = dict(
    zip(
        FIELDS,
        (
            "工单编号",
            "来电时间",
            "区",
            "街乡镇",
            "社区",
            "一级分类",
            "二级分类",
            "三级分类",
            "诉求类型",
            "来源渠道",
            "诉求内容",
            "承办单位",
            "派单时间",
            "响应时间",
            "办结时间",
            "是否解决",
            "是否满意",
            "办理状态",
            "来电号码",
            "事发地址",
            "经度",
            "纬度",
        ),
        strict=True,
    )
)
TIMESTAMP_HEADERS = tuple(
    HEADERS[f] for f in (vocab.RECEIVED_AT, vocab.DISPATCHED_AT, vocab.RESPONDED_AT, vocab.CLOSED_AT)
)
ISO_FORMAT = "%Y-%m-%d %H:%M:%S"
SLASH_FORMAT = "%Y/%m/%d %H:%M"


@dataclass(frozen=True)
class DemoSummary:
    files: list[Path]
    records: int
    dirty: dict[str, int]
    ground_truth_path: Path
    seconds: float


@dataclass(frozen=True)
class FileFormat:
    kind: str  # "csv" or "xlsx"
    encoding: str  # "utf-8", "utf-8-sig", "gb18030" ("" for xlsx)
    timestamp_format: str


def file_format(seed: int, day: date) -> FileFormat:
    """The export format of a day: ~70% UTF-8 CSV, ~20% GB18030 CSV, ~10% xlsx (seeded)."""
    u = np.random.default_rng([seed, 9101, day.toordinal()]).random(3)
    stamp = SLASH_FORMAT if u[2] < 0.15 else ISO_FORMAT
    if u[0] < 0.7:
        return FileFormat("csv", "utf-8-sig" if u[1] < 0.3 else "utf-8", stamp)
    if u[0] < 0.9:
        return FileFormat("csv", "gb18030", stamp)
    return FileFormat("xlsx", "", ISO_FORMAT)


def export_frame(frame: pl.DataFrame, timestamp_format: str) -> pl.DataFrame:
    """Typed canonical records → the all-text export layout with Chinese headers."""
    stamps = {vocab.RECEIVED_AT, vocab.DISPATCHED_AT, vocab.RESPONDED_AT, vocab.CLOSED_AT}
    exprs = []
    for field, header in HEADERS.items():
        col = pl.col(field)
        if field in stamps:
            col = col.dt.to_string(timestamp_format)
        elif field == vocab.RESOLVED:
            col = pl.when(col).then(pl.lit("已解决")).when(~col).then(pl.lit("未解决"))
        elif field == vocab.SATISFIED:
            col = pl.col(DEMO_SATISFACTION)
        elif field in (vocab.LONGITUDE, vocab.LATITUDE):
            col = col.cast(pl.String)
        exprs.append(col.cast(pl.String).alias(header))
    return frame.select(exprs)


def file_name(day: date, fmt: FileFormat) -> str:
    return f"12345_export_{day.isoformat()}.{fmt.kind}"


def _write_csv(path: Path, frame: pl.DataFrame, fmt: FileFormat) -> None:
    if fmt.encoding == "gb18030":
        text = frame.write_csv(line_terminator="\r\n")
        path.write_bytes(text.encode("gb18030"))
    else:
        frame.write_csv(path, include_bom=fmt.encoding == "utf-8-sig")


def _write_xlsx(path: Path, frame: pl.DataFrame, day: date) -> None:
    kinds = {h: "datetime" for h in TIMESTAMP_HEADERS} | {"经度": "number", "纬度": "number"}
    write_xlsx(
        path,
        frame,
        f"北京市12345市民服务热线工单导出（{day.isoformat()}）",
        kinds,
        ISO_FORMAT,
        sheet_name="工单",
    )


def _dirt_eligible(cols: Cols) -> np.ndarray:
    """Only plain background records seed dirty rows, so planted and private-data counts stay exact."""
    return (cols["planted"] < 0) & (cols["root"] == "") & (cols["pii"] == 0)


def write_day(ctx: Context, i: int, cols: Cols, out: Path, dirty_rate: float) -> dict:
    """Write one day's file; returns its ground-truth entry."""
    day = ctx.days[i]
    fmt = file_format(ctx.seed, day)
    rng = np.random.default_rng([ctx.seed, 9201, day.toordinal()])
    frame = export_frame(day_frame(ctx, cols), fmt.timestamp_format)
    eligible = _dirt_eligible(cols)
    frame, variants = district_variants(rng, frame, eligible, ZONE)
    width = max(5, len(str(frame.height)))
    next_ids = (f"BJ{day:%Y%m%d}{k:0{width}d}" for k in itertools.count(frame.height + 1))
    frame, dirty = inject_dirty(rng, frame, dirty_rate, eligible & ~variants, next_ids, day.year)
    path = out / file_name(day, fmt)
    for twin in (out / f"{path.stem}.csv", out / f"{path.stem}.xlsx"):
        if twin != path and twin.exists():  # a run with another seed chose the other format
            twin.unlink()
    if fmt.kind == "xlsx":
        _write_xlsx(path, frame, day)
    else:
        _write_csv(path, frame, fmt)
    return {
        "name": path.name,
        "date": day.isoformat(),
        "format": fmt.kind,
        "encoding": fmt.encoding or None,
        "timestamp_format": fmt.timestamp_format,
        "rows_above_header": 1 if fmt.kind == "xlsx" else 0,
        "rows": frame.height,
        "records": len(cols["street"]),
        "dirty": dirty,
        "district_variants": int(variants.sum()),
    }


def write_demo(
    out: Path,
    start: date = date(2023, 1, 1),
    end: date | None = None,
    scale: float = 0.01,
    seed: int = 0,
    dirty_rate: float = 0.002,
    include_zone: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Write one export file per day into ``out`` and ``ground_truth.json``; deterministic per seed."""
    started = time.perf_counter()
    if not 0 <= dirty_rate < 1:
        raise ValueError(f"dirty_rate must be in [0, 1), got {dirty_rate}")
    end = end or date.today() - timedelta(days=1)
    ctx = build_context(start, end, scale, seed, include_zone)
    out.mkdir(parents=True, exist_ok=True)
    tally = TruthTally(ctx)
    entries: list[dict] = []
    for i, cols in iter_days(ctx):
        tally.add(i, cols)
        entries.append(write_day(ctx, i, cols, out, dirty_rate))
        if progress is not None:
            progress(i + 1, len(ctx.days))
    params = {
        "start": start.isoformat(),
        "end": end.isoformat(),
        "scale": scale,
        "seed": seed,
        "dirty_rate": dirty_rate,
        "include_zone": include_zone,
    }
    truth = tally.result(entries, params)
    truth_path = out / "ground_truth.json"
    truth_path.write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return DemoSummary(
        files=[out / e["name"] for e in entries],
        records=truth["records"],
        dirty=truth["dirty"],
        ground_truth_path=truth_path,
        seconds=time.perf_counter() - started,
    )
