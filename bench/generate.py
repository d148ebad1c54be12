"""Benchmark the demo generator: records per second writing daily export files.

Runs a month at scale 0.01 (the baseline) and a year at scale 0.1 (~2 million records, the
target is under two minutes on two cores), each into a temporary folder, and prints records/s,
file counts and peak memory.

    .venv/bin/python bench/generate.py            # both runs
    .venv/bin/python bench/generate.py --quick    # the baseline only
"""

from __future__ import annotations

import argparse
import resource
import tempfile
from datetime import date
from pathlib import Path

from demo import write_demo


def _peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(label: str, start: date, end: date, scale: float, seed: int = 0) -> None:
    with tempfile.TemporaryDirectory(prefix="weisu-demo-bench-") as tmp:
        summary = write_demo(Path(tmp), start, end, scale=scale, seed=seed)
        size = sum(p.stat().st_size for p in Path(tmp).iterdir()) / 2**20
        kinds = {s: sum(1 for f in summary.files if f.suffix == s) for s in (".csv", ".xlsx")}
    rate = summary.records / summary.seconds
    print(
        f"{label:<28} {summary.records:>10,} records  {summary.seconds:7.1f} s  "
        f"{rate:>9,.0f} records/s  {kinds['.csv']} csv + {kinds['.xlsx']} xlsx  "
        f"{size:,.0f} MiB  peak RSS {_peak_mb():,.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only the one-month baseline")
    args = parser.parse_args()
    run("month 2024-03 @ scale 0.01", date(2024, 3, 1), date(2024, 3, 31), 0.01)
    if not args.quick:
        run("year 2024 @ scale 0.1", date(2024, 1, 1), date(2024, 12, 31), 0.1)


if __name__ == "__main__":
    main()
