"""Theme pipeline throughput: segmentation, assignment, a 70k-complaint night, topic ranking.

    python bench/themes.py [--rows 100000] [--history-scale 0.004] [--night-scale 1.0]

1. segmentation of ``--rows`` demo complaints (rjieba + hotline dictionary), complaints/s;
2. theme assignment of the same complaints against the themes of a two-year warehouse
   (segmentation + phrases + scoring), complaints/s;
3. one night: a full day of Beijing volume (scale 1 ≈ 65-70k complaints) ingested into that
   warehouse, then ``refresh_themes`` (classify the unlabelled, assign, discover, hotspots),
   seconds per step — the target is assignment of the night in under 60 s on 2 cores;
4. ``month_topics`` for December over the two years, seconds.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analytics import warehouse as wh
from analytics.ingest.load import ingest_files
from analytics.text import segmenter
from analytics.themes import assign, store
from analytics.themes.refresh import refresh_themes, with_terms
from analytics.themes.topics import month_topics
from demo import demo_records
from demo.records import FIELDS


def _load(records: pl.DataFrame, folder: Path, db: Path, name: str) -> float:
    csv = folder / f"{name}.csv"
    records.select(FIELDS).write_csv(csv)
    start = time.perf_counter()
    with wh.connect(db) as con:
        result = ingest_files(con, [csv], profile="canonical")[0]
    if result.status != "ok":
        raise SystemExit(f"ingest failed: {result.message}")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--history-scale", type=float, default=0.004)
    parser.add_argument("--night-scale", type=float, default=1.0)
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, load average: {os.getloadavg()}")

    history = demo_records(date(2023, 1, 1), date(2024, 12, 31), scale=args.history_scale, seed=2)
    texts = history["content"].head(args.rows).to_list()
    seg = segmenter()
    start = time.perf_counter()
    seg.segment(texts)
    seconds = time.perf_counter() - start
    print(f"segmentation: {len(texts):,} complaints in {seconds:.1f} s = {len(texts) / seconds:,.0f}/s")

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        db = folder / "warehouse.duckdb"
        _load(history, folder, db, "history")
        start = time.perf_counter()
        with wh.connect(db) as con:
            boot = refresh_themes(con, date(2024, 12, 31))
        print(
            f"bootstrap on {boot.complaints:,} complaints: {boot.new_themes} themes in "
            f"{time.perf_counter() - start:.1f} s {boot.seconds}"
        )

        with wh.read_only(db) as con:
            themes = store.read_themes(con)
        sample = history.head(args.rows).select(
            "record_id", pl.coalesce("category_l1", pl.lit("")).alias("partition"), "content"
        )
        start = time.perf_counter()
        assigned = assign.assign_themes(with_terms(sample), themes)
        seconds = time.perf_counter() - start
        share = assigned["theme_id"].is_not_null().mean()
        print(
            f"assignment (segment + score): {sample.height:,} complaints in {seconds:.1f} s = "
            f"{sample.height / seconds:,.0f}/s, {share:.0%} assigned"
        )

        night = demo_records(date(2025, 1, 2), date(2025, 1, 2), scale=args.night_scale, seed=2)
        ingest_seconds = _load(night, folder, db, "night")
        start = time.perf_counter()
        with wh.connect(db) as con:
            summary = refresh_themes(con, date(2025, 1, 2))
        total = time.perf_counter() - start
        steps = summary.seconds
        print(
            f"night of {summary.complaints:,} complaints (ingest {ingest_seconds:.1f} s): "
            f"refresh {total:.1f} s — classify {steps['classify']:.1f} s "
            f"({summary.classified:,} unlabelled), segment+assign+write {steps['assign']:.1f} s, "
            f"discover {steps['discover']:.1f} s ({summary.new_themes} new), "
            f"hotspots {steps['hotspots']:.1f} s; {summary.assigned:,} assigned"
        )

        with wh.read_only(db) as con:
            start = time.perf_counter()
            top = month_topics(con, date(2024, 12, 1), top=10)
            seconds = time.perf_counter() - start
        print(f"topic ranking for 2024-12 over two years: {seconds:.2f} s")
        print(
            top.select(
                "rank",
                "label",
                "score",
                "c_volume",
                "c_spread",
                "c_spread_growth",
                "c_persistence",
                "c_trend",
                "c_difficulty",
                "n_month",
            )
        )


if __name__ == "__main__":
    main()
