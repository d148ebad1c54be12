"""Ingest throughput: Weisu (all checks) vs DuckDB's own read_csv (the ceiling) vs a naive
pandas row-by-row insert, on the same canonical CSV in the same run: ``--repeat`` interleaved
runs of the ceiling and of Weisu, the best and the median of each printed.

    python bench/ingest.py [--rows 1000000] [--naive-rows 20000]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics import vocabulary as v
from analytics import warehouse as wh
from analytics.ingest.load import ingest_files

# About 1% of real texts carry a phone number (the demo data uses the same share).
TEXTS = (
    "小区{n}号楼物业不作为，电梯坏了已经三天了，联系电话13812345678",
    "楼下餐馆油烟扰民，晚上十点以后还在营业，影响休息{n}",
    "暖气不热，室温只有{n}度，低于18度标准，请供热单位尽快处理",
    "路口违法停车严重，占用消防通道，{n}辆车长期停放",
)


def canonical_csv(path: Path, rows: int, seed: int = 1) -> None:
    """A canonical-profile CSV with realistic field widths and ~60-char Chinese texts."""
    rng = np.random.default_rng(seed)
    streets = v.streets()
    pick = rng.integers(0, len(streets), rows)
    received = np.datetime64("2024-01-01T00:00:00") + rng.integers(0, 365 * 86400, rows).astype(
        "timedelta64[s]"
    )
    closed = received + rng.integers(3600, 7 * 86400, rows).astype("timedelta64[s]")
    texts = np.array(TEXTS)[rng.choice(len(TEXTS), rows, p=[0.01, 0.33, 0.33, 0.33])]
    numbers = rng.integers(1, 40, rows)
    frame = pl.DataFrame(
        {
            "record_id": [f"BJ{i:09d}" for i in range(rows)],
            "received_at": received.astype(str),
            "district": [streets[i].district for i in pick],
            "street": [streets[i].name for i in pick],
            "category_l1": rng.choice(["住房", "公共服务", "交通管理", "生态环境"], rows),
            "appeal_type": rng.choice(["投诉", "求助", "咨询"], rows),
            "channel": rng.choice(["电话", "网站", "APP"], rows),
            "content": [t.format(n=n) for t, n in zip(texts, numbers, strict=True)],
            "handling_unit": [f"{streets[i].district}{streets[i].name}办事处" for i in pick],
            "closed_at": closed.astype(str),
            "resolved": rng.choice(["true", "false"], rows, p=[0.9, 0.1]),
            "satisfied": rng.choice(["true", "false"], rows, p=[0.9, 0.1]),
            "caller_id": [f"139{n:08d}" for n in rng.integers(0, 10**8, rows)],
        }
    ).with_columns(pl.col("received_at").str.replace("T", " "), pl.col("closed_at").str.replace("T", " "))
    frame.write_csv(path)


def duckdb_ceiling(path: Path, db: Path) -> float:
    con = duckdb.connect(str(db))
    start = time.perf_counter()
    con.execute("CREATE TABLE t AS SELECT * FROM read_csv(?)", [str(path)])
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def naive_pandas(path: Path, db: Path, rows: int) -> float:
    frame = pd.read_csv(path, nrows=rows, dtype=str)
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE t (" + ", ".join(f'"{c}" VARCHAR' for c in frame.columns) + ")")
    marks = ", ".join("?" * len(frame.columns))
    start = time.perf_counter()
    for row in frame.itertuples(index=False):
        con.execute(f"INSERT INTO t VALUES ({marks})", list(row))
    seconds = time.perf_counter() - start
    con.close()
    return seconds


def weisu_ingest(path: Path, db: Path):
    # Opening (and migrating) the warehouse is timed too, as a `weisu ingest` run pays it.
    start = time.perf_counter()
    with wh.connect(db) as con:
        result = ingest_files(con, [path], profile="canonical")[0]
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--naive-rows", type=int, default=20_000)
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of the ceiling and of Weisu, interleaved; best and median printed",
    )
    args = parser.parse_args()
    ceilings, weisus = [], []
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        csv = tmp / "canonical.csv"
        canonical_csv(csv, args.rows)
        size = csv.stat().st_size / 2**20
        for run in range(args.repeat):
            ceilings.append(duckdb_ceiling(csv, tmp / f"ceiling{run}.duckdb"))
            seconds, result = weisu_ingest(csv, tmp / f"weisu{run}.duckdb")
            assert result.status == "ok" and result.balanced, result
            weisus.append(seconds)
        naive = naive_pandas(csv, tmp / "naive.duckdb", args.naive_rows)
    ceiling, weisu = min(ceilings), min(weisus)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = args.rows
    print(
        f"file: {rows:,} rows, {size:.0f} MiB canonical CSV (UTF-8, Chinese text); "
        f"best of {args.repeat} interleaved runs"
    )
    print(f"{'method':<42}{'seconds':>9}{'rows/s':>12}{'vs ceiling':>12}")
    for name, seconds, n in (
        ("DuckDB read_csv -> table (ceiling)", ceiling, rows),
        ("Weisu ingest (map, validate, mask, upsert)", weisu, rows),
        (f"naive pandas row insert ({args.naive_rows:,} rows)", naive, args.naive_rows),
    ):
        rate = n / seconds
        print(f"{name:<42}{seconds:>9.2f}{rate:>12,.0f}{rate / (rows / ceiling):>11.1%}")
    print(
        f"all runs (s): ceiling {', '.join(f'{c:.2f}' for c in ceilings)}; "
        f"Weisu {', '.join(f'{w:.2f}' for w in weisus)}"
    )
    # The ceiling is a ~1 s run whose best case swings by ±20%; the medians are the steadier ratio.
    mid_ceiling, mid_weisu = statistics.median(ceilings), statistics.median(weisus)
    print(
        f"medians: ceiling {mid_ceiling:.2f} s, Weisu {mid_weisu:.2f} s = "
        f"{mid_ceiling / mid_weisu:.1%} of the ceiling"
    )
    print(f"loaded {result.rows_loaded:,}, quarantined {result.rows_quarantined:,}; peak RSS {peak:,.0f} MiB")


if __name__ == "__main__":
    main()
