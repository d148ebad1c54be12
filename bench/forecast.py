"""Forecast speed: fit + forecast every district × category series (17 × 15 over two years of daily
history), sequential vs all cores, for Prophet, AutoETS and seasonal naive, with peak memory of the
whole process tree. On a shared machine it also measures how many cores a plain CPU burn gets, since
speed-ups mean nothing without that.
``--backtest N`` adds a 4 × 28-day backtest of all three models on N series.

    python bench/forecast.py [--days 730] [--horizon 30] [--models prophet,ets,snaive]
                             [--source synthetic|demo] [--backtest 0]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics import vocabulary as v
from bench.memory import TreeSampler
from forecasts.backtest import metric_summary
from forecasts.config import CANDIDATES, BacktestConfig, ForecastSpec, Model, SeriesLevel
from forecasts.engine import forecast_all
from forecasts.parallel import available_cores
from forecasts.series import daily_series
from forecasts.synthetic import synthetic_counts

END = dt.date(2024, 12, 31)
T = TypeVar("T")


def measured(fn: Callable[[], T]) -> tuple[T, float, float]:
    """(result, wall seconds, peak MiB of the process tree)."""
    with TreeSampler() as tree:
        started = time.perf_counter()
        result = fn()
        seconds = time.perf_counter() - started
    return result, seconds, tree.rss_mib


def _burn(_: int) -> float:
    started, total = time.perf_counter(), 0
    for i in range(10_000_000):
        total += i
    return time.perf_counter() - started


def free_cores(cores: int) -> float:
    """Cores this machine gives us right now: the same CPU burn alone and on every core at once.

    Other users of a shared machine make wall-time speed-ups meaningless without this.
    """
    with multiprocessing.get_context("spawn").Pool(cores) as pool:
        pool.map(_burn, range(cores))  # warm the workers up
        alone = pool.apply(_burn, (0,))
        together = max(pool.map(_burn, range(cores)))
    return cores * alone / together


def bottom_series(source: str, days: int) -> pd.DataFrame:
    start = END - dt.timedelta(days=days - 1)
    if source == "demo":
        from demo import demo_records

        records = demo_records(start, END, scale=0.01, seed=0, include_zone=True).to_pandas()
        counts = (
            records.assign(day=records["received_at"].dt.date)
            .groupby(["day", "district", "category_l1"], dropna=False)
            .size()
            .rename("complaints")
            .reset_index()
        )
    else:
        categories = [*sorted({c[0] for c in v.categories()}), ""]  # "" = unclassified
        counts = synthetic_counts(start, END, v.districts(include_zone=True), categories, 2000.0, seed=0)
    return daily_series(counts, start, END, levels=[SeriesLevel.DISTRICT_CATEGORY])


def run_one(args: argparse.Namespace) -> None:
    """One configuration in this (fresh) process; prints one JSON line for the parent."""
    model, workers = args.one.split(":")
    daily = bottom_series(args.source, args.days)
    spec = ForecastSpec(horizon=args.horizon, model=Model(model))
    result, seconds, peak = measured(lambda: forecast_all(daily, spec, int(workers)))
    assert not result.problems, result.problems
    print(json.dumps({"series": daily["unique_id"].nunique(), "seconds": seconds, "peak": peak}))


def _fresh(args: argparse.Namespace, model: str, workers: int) -> dict:
    """Each configuration in its own interpreter: no warm imports, no fork server left over."""
    command = [
        sys.executable,
        __file__,
        "--one",
        f"{model}:{workers}",
        "--days",
        str(args.days),
        "--horizon",
        str(args.horizon),
        "--source",
        args.source,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def timing_table(args: argparse.Namespace, cores: int) -> None:
    print(
        f"load average {os.getloadavg()[0]:.1f}; a CPU burn on all {cores} cores got "
        f"{free_cores(cores):.1f} cores' worth"
    )
    print(f"{'model':<9}{'workers':>8}{'wall s':>8}{'ms/series':>11}{'speed-up':>10}{'peak MiB':>10}")
    for name in args.models.split(","):
        sequential = None
        # seasonal naive always runs inline: a pool would cost more than the work
        for workers in dict.fromkeys((1, 1 if name == "snaive" else cores)):
            run = _fresh(args, name, workers)
            sequential = sequential or run["seconds"]
            print(
                f"{name:<9}{workers:>8}{run['seconds']:>8.1f}"
                f"{1000 * run['seconds'] / run['series']:>11.0f}{sequential / run['seconds']:>9.2f}×"
                f"{run['peak']:>10.0f}"
            )
    print(f"load average {os.getloadavg()[0]:.1f}; free cores {free_cores(cores):.1f}")


def backtest_table(args: argparse.Namespace, cores: int) -> None:
    daily = bottom_series(args.source, args.days)
    ids = sorted(daily["unique_id"].unique())
    ids = ids[:: max(1, len(ids) // args.backtest)][: args.backtest]
    sample = daily[daily["unique_id"].isin(ids)]
    spec = ForecastSpec(horizon=args.horizon, model=Model.AUTO, backtest=BacktestConfig())
    result, seconds, _ = measured(lambda: forecast_all(sample, spec, cores))
    chosen = pd.Series([m.value for m in result.chosen.values()]).value_counts().to_dict()
    print(
        f"\nbacktest 4 × 28 days on {len(ids)} series, all of {[m.value for m in CANDIDATES]} "
        f"({seconds:.0f} s); auto chose {chosen}"
    )
    print(metric_summary(result.metrics).round(3).to_string(index=False))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--horizon", type=int, default=30)
    parser.add_argument("--models", default="snaive,ets,prophet")
    parser.add_argument("--source", choices=["synthetic", "demo"], default="synthetic")
    parser.add_argument("--backtest", type=int, default=0, metavar="N")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args)
        return
    cores = available_cores()
    print(
        f"district × category series, {args.days} days each ({args.source}), horizon "
        f"{args.horizon}, {cores} cores; each row in a fresh process"
    )
    if args.models:
        timing_table(args, cores)
    if args.backtest:
        backtest_table(args, cores)


if __name__ == "__main__":
    main()
