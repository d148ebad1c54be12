"""Nightly cost vs history: one day of new records on top of 1, 6 and 12 months of history.

Times the work a night does that could grow with history — load the day's file, refresh the
``daily_counts`` mart incrementally, run both validation suites (no Data Docs) — and prints
each step, the totals and the 10-month / 1-month ratio. Prefect's own overhead (a few seconds,
constant) is left out. Each figure is the median of ``--nights`` consecutive nights. An
O(new rows) night has a ratio near 1. The default 6,350 rows a day is the demo's daily mean
at ``--scale 0.1``; the full night with themes, forecasts and reports is bench/full_night.py.

    .venv/bin/python bench/nightly.py [--rows-per-day 6350] [--months 1 6 12] [--nights 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import polars as pl

from analytics import marts, validation
from analytics import vocabulary as v
from analytics import warehouse as wh
from analytics.ingest.load import ingest_files

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
CATEGORIES = (
    ("城乡建设", "物业管理"),
    ("市场管理", "网络交易"),
    ("交通管理", "停车管理"),
    ("环境保护", "噪声污染"),
    ("公共服务", "供暖"),
)
TEXTS = (
    "小区楼下夜间施工噪音扰民，请尽快处理",
    "物业不作为，电梯长期故障无人维修",
    "路边违章停车堵塞消防通道",
    "供暖温度不达标，家中只有十五度",
)


def _day_frame(day: dt.date, n: int) -> pl.DataFrame:
    streets = v.streets()
    start = dt.datetime.combine(day, dt.time(7))
    step = 14 * 3600 / n
    received = [start + dt.timedelta(seconds=i * step) for i in range(n)]
    fmt = "%Y-%m-%d %H:%M:%S"
    cat = [CATEGORIES[i % len(CATEGORIES)] for i in range(n)]
    place = [streets[(i * 7) % len(streets)] for i in range(n)]
    return pl.DataFrame(
        {
            HEADER[0]: [f"BJ{day:%Y%m%d}{i:06d}" for i in range(n)],
            HEADER[1]: [t.strftime(fmt) for t in received],
            HEADER[2]: [s.district for s in place],
            HEADER[3]: [s.name for s in place],
            HEADER[4]: [c[0] for c in cat],
            HEADER[5]: [c[1] for c in cat],
            HEADER[6]: ["投诉"] * n,
            HEADER[7]: ["电话"] * n,
            HEADER[8]: [TEXTS[i % len(TEXTS)] for i in range(n)],
            HEADER[9]: [f"{s.name}办事处" for s in place],
            HEADER[10]: [(t + dt.timedelta(minutes=4)).strftime(fmt) for t in received],
            HEADER[11]: [(t + dt.timedelta(hours=3)).strftime(fmt) for t in received],
            HEADER[12]: [(t + dt.timedelta(days=3)).strftime(fmt) for t in received],
            HEADER[13]: ["是" if i % 20 else "否" for i in range(n)],
            HEADER[14]: ["满意" if i % 25 else "不满意" for i in range(n)],
        }
    )


def _write_days(path: Path, first: dt.date, days: int, rows_per_day: int) -> Path:
    frames = [_day_frame(first + dt.timedelta(days=k), rows_per_day) for k in range(days)]
    pl.concat(frames).write_csv(path)
    return path


def _history(folder: Path, con, night: dt.date, months: int, rows_per_day: int) -> int:
    """Load ``months`` × 30 days before ``night``, a month per file; returns rows loaded."""
    first = night - dt.timedelta(days=30 * months)
    loaded = 0
    for m in range(months):
        path = _write_days(
            folder / f"history_{m:02d}.csv", first + dt.timedelta(days=30 * m), 30, rows_per_day
        )
        loaded += ingest_files(con, [path])[0].rows_loaded
        path.unlink()
    marts.rebuild_daily_counts(con)
    return loaded


def _one_night(con, folder: Path, night: dt.date, rows_per_day: int) -> dict[str, float]:
    path = _write_days(folder / f"12345_export_{night}.csv", night, 1, rows_per_day)
    times = {}
    clock = time.perf_counter()
    [result] = ingest_files(con, [path])
    times["ingest"] = time.perf_counter() - clock
    clock = time.perf_counter()
    refresh = marts.refresh_daily_counts(con)
    times["marts"] = time.perf_counter() - clock
    clock = time.perf_counter()
    validation.validate_night(con, [result.batch_id], refresh.days, night + dt.timedelta(days=1))
    times["validate"] = time.perf_counter() - clock
    times["total"] = times["ingest"] + times["marts"] + times["validate"]
    return times


def measure(months: int, rows_per_day: int, night: dt.date, nights: int) -> dict[str, float]:
    """Median step times over ``nights`` consecutive nights on top of the history."""
    with (
        tempfile.TemporaryDirectory(prefix="weisu-bench-nightly-") as tmp,
        wh.connect(Path(tmp) / "w.duckdb") as con,
    ):
        history = _history(Path(tmp), con, night, months, rows_per_day)
        runs = [_one_night(con, Path(tmp), night + dt.timedelta(days=k), rows_per_day) for k in range(nights)]
    times = {step: statistics.median(r[step] for r in runs) for step in runs[0]}
    times["history_rows"] = float(history)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows-per-day", type=int, default=6350)
    parser.add_argument("--months", type=int, nargs="+", default=(1, 6, 12))
    parser.add_argument("--nights", type=int, default=3, help="nights timed (median)")
    args = parser.parse_args()
    night = dt.date(2026, 11, 1)
    measure(1, 100, night, 1)  # warm-up: imports GX, first-use costs
    runs = {m: measure(m, args.rows_per_day, night, args.nights) for m in args.months}
    for months, t in runs.items():
        print(
            f"{months:>2} months history ({t['history_rows']:>9,.0f} rows) + "
            f"{args.rows_per_day:,} new: ingest {t['ingest']:.2f} s, marts {t['marts']:.2f} s,"
            f" validate {t['validate']:.2f} s, total {t['total']:.2f} s"
        )
    base = args.months[0]
    for months in args.months[1:]:
        print(f"ratio {months} / {base} months: {runs[months]['total'] / runs[base]['total']:.2f}")


if __name__ == "__main__":
    main()
