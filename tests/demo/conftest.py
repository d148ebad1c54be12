"""Session fixtures for the demo tests: one generated year (in memory) and one small export."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from demo import write_demo
from demo.export import DemoSummary
from demo.generate import Context, build_context
from demo.records import day_frame, iter_days
from demo.truth import TruthTally

#: A week whose files (seed 0) cover every format: UTF-8 with and without BOM, GB18030,
#: slash-style times and xlsx.
WEEK = (date(2024, 3, 6), date(2024, 3, 13))


@dataclass(frozen=True)
class Year:
    ctx: Context
    frame: pl.DataFrame
    truth: dict


@pytest.fixture(scope="session")
def year() -> Year:
    """2024 at scale 0.005 (~120k records) with its ground truth, generated once."""
    ctx = build_context(date(2024, 1, 1), date(2024, 12, 31), 0.005, 0)
    tally = TruthTally(ctx)
    frames = []
    for i, cols in iter_days(ctx):
        tally.add(i, cols)
        frames.append(day_frame(ctx, cols))
    return Year(ctx, pl.concat(frames), tally.result([], {"seed": 0}))


@dataclass(frozen=True)
class Written:
    out: Path
    summary: DemoSummary
    truth: dict


@pytest.fixture(scope="session")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """One week of export files with a high dirty rate, so every defect kind occurs."""
    out = tmp_path_factory.mktemp("demo_week")
    summary = write_demo(out, *WEEK, scale=0.01, seed=0, dirty_rate=0.02)
    return Written(out, summary, json.loads(summary.ground_truth_path.read_text(encoding="utf-8")))
