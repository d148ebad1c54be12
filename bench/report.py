"""Report generation: time and size of one night's HTML pages on a demo warehouse.

Builds a demo warehouse (``--months`` of exports at ``--scale``), then writes the reports of its
last night twice: the first night writes the shared assets (plotly.js) too, the second is a
following night into the same folder — the baseline a nightly run pays. Each time includes
opening the warehouse read-only, as ``weisu report`` does.

    .venv/bin/python bench/report.py [--months 3] [--scale 0.01]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import tempfile
import time
from pathlib import Path

from analytics import marts
from analytics import warehouse as wh
from analytics.ingest.load import ingest_files
from demo import write_demo
from reports.writer import write_reports


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--months", type=int, default=3)
    parser.add_argument("--scale", type=float, default=0.01)
    args = parser.parse_args()
    os.environ.setdefault("WEISU_HASH_KEY", "bench-key")
    end = dt.date(2024, 6, 30)
    start = end - dt.timedelta(days=30 * args.months - 1)
    with tempfile.TemporaryDirectory(prefix="weisu-report-bench-") as tmp:
        inbox, db, out = Path(tmp) / "inbox", Path(tmp) / "w.duckdb", Path(tmp) / "reports"
        summary = write_demo(inbox, start=start, end=end, scale=args.scale, seed=0)
        with wh.connect(db) as con:
            ingest_files(con, sorted(inbox.glob("12345_export_*")))
            marts.refresh_daily_counts(con)
        print(f"warehouse: {summary.records:,} records, {start} to {end}")
        for label, as_of in (
            ("first night (with assets)", end + dt.timedelta(days=1)),
            ("following night", end),
        ):
            clock = time.perf_counter()
            with wh.read_only(db) as con:
                index = write_reports(con, out, as_of)
            seconds = time.perf_counter() - clock
            night = sum(w.bytes for w in index.pages) / 2**20
            assets = sum(w.bytes for w in index.assets) / 2**20
            print(
                f"{label:<28} {seconds:6.2f} s  {len(index.pages):>3} pages  "
                f"{night:6.2f} MiB pages  {assets:5.2f} MiB assets"
            )
    print(f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")


if __name__ == "__main__":
    main()
