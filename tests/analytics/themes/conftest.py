"""Session fixtures for the theme tests: demo warehouses built once, refreshed once.

Two seeds whose planted themes all differ (2: 快递驿站占道堆放 / 预付卡退费难 / 小区突发停水;
7: 电动自行车飞线充电 / 物业费收费争议 / 夜间施工噪音扰民), two years at scale 0.004
(≈ 170k complaints each), loaded through the real ingest path (one canonical CSV) and refreshed
once as of 2024-12-31. A third, small warehouse (one quarter) is refreshed in two nights for the
incremental and CLI tests.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from analytics import warehouse as wh
from analytics.ingest.load import ingest_files
from analytics.themes.refresh import RefreshParams, RefreshSummary, refresh_themes
from demo.generate import build_context
from demo.records import FIELDS, day_frame, iter_days
from demo.truth import TruthTally

SEEDS = (2, 7)
START, END = date(2023, 1, 1), date(2024, 12, 31)
SCALE = 0.004
#: A smaller training sample than production keeps the fixture quick; accuracy is unaffected
#: on templated demo texts.
PARAMS = RefreshParams(train_rows=20_000)


#: Every table a theme refresh writes, as a query, and the columns that hold wall-clock times
#: (a pickled classifier carries its training time, hence its blob and checksum too).
THEME_TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "themes": ("SELECT * FROM themes", ("created_at",)),
    "complaint_themes": ("SELECT * FROM complaint_themes", ()),
    "theme_pool": ("SELECT * FROM theme_pool", ()),
    "theme_hotspots": ("SELECT * FROM theme_hotspots", ()),
    "theme_bursts": ("SELECT * FROM theme_bursts", ()),
    "theme_runs": ("SELECT * FROM theme_runs", ("run_at", "seconds")),
    "classifier_models": ("SELECT * FROM classifier_models", ("trained_at", "model_sha256", "model")),
    "complaint_categories": (
        "SELECT source, record_id, category_l1, category_l2, category_derived, category_confidence "
        "FROM complaints",
        (),
    ),
    "chosen_topics": ("SELECT * FROM chosen_topics", ("chosen_at",)),
}


def theme_tables(db: Path, wall_clock: bool = True) -> dict[str, pl.DataFrame]:
    """Every table a refresh writes, rows sorted; without the wall-clock columns unless asked."""
    out = {}
    with wh.read_only(db) as con:
        for name, (query, clock) in THEME_TABLES.items():
            if clock and not wall_clock:
                query = f"SELECT * EXCLUDE ({', '.join(clock)}) FROM ({query})"
            out[name] = con.sql(f"SELECT * FROM ({query}) ORDER BY ALL").pl()
    return out


def differing(tables: dict[str, pl.DataFrame], others: dict[str, pl.DataFrame]) -> list[str]:
    """Names of the tables whose rows differ between two :func:`theme_tables` snapshots."""
    return [name for name, frame in tables.items() if not frame.equals(others[name])]


@dataclass(frozen=True)
class DemoWarehouse:
    seed: int
    db: Path
    records: pl.DataFrame
    truth: dict
    summary: RefreshSummary

    def planted(self, kind: str) -> dict:
        return next(p for p in self.truth["planted"] if p["kind"] == kind)


def generate(start: date, end: date, scale: float, seed: int) -> tuple[pl.DataFrame, dict]:
    """Demo records with their ground truth (as ``write_demo`` would write them)."""
    ctx = build_context(start, end, scale, seed)
    tally = TruthTally(ctx)
    frames = []
    for i, cols in iter_days(ctx):
        tally.add(i, cols)
        frames.append(day_frame(ctx, cols))
    return pl.concat(frames), tally.result([], {"seed": seed})


def load(records: pl.DataFrame, folder: Path, db: Path, name: str) -> None:
    """Ingest ``records`` as one canonical CSV (the real ingest path, one batch)."""
    csv = folder / f"{name}.csv"
    records.select(FIELDS).write_csv(csv)
    with wh.connect(db) as con:
        result = ingest_files(con, [csv], profile="canonical")[0]
    assert result.status == "ok", result.message


def refresh(db: Path, as_of: date, params: RefreshParams = PARAMS) -> RefreshSummary:
    """One theme refresh of the warehouse at ``db`` (as a nightly task runs it)."""
    with wh.connect(db) as con:
        return refresh_themes(con, as_of, params)


@pytest.fixture(scope="session")
def demo_warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict[int, DemoWarehouse]:
    out = {}
    for seed in SEEDS:
        folder = tmp_path_factory.mktemp(f"themes_demo_{seed}")
        records, truth = generate(START, END, SCALE, seed)
        db = folder / "warehouse.duckdb"
        load(records, folder, db, "demo")
        summary = refresh(db, END)
        (folder / "ground_truth.json").write_text(json.dumps(truth, ensure_ascii=False))
        out[seed] = DemoWarehouse(seed, db, records, truth, summary)
    return out


@dataclass(frozen=True)
class TwoNights:
    db: Path
    first: RefreshSummary
    second: RefreshSummary
    themes_after_first: pl.DataFrame
    second_night_rows: int


@pytest.fixture(scope="session")
def two_nights(tmp_path_factory: pytest.TempPathFactory) -> TwoNights:
    """One quarter at scale 0.005: January-February refreshed, then the first week of March."""
    from analytics.themes import store

    folder = tmp_path_factory.mktemp("themes_two_nights")
    records, _ = generate(date(2024, 1, 1), date(2024, 3, 7), 0.005, 3)
    db = folder / "warehouse.duckdb"
    split = pl.datetime(2024, 3, 1)
    load(records.filter(pl.col("received_at") < split), folder, db, "history")
    first = refresh(db, date(2024, 2, 29))
    with wh.connect(db) as con:
        themes = store.read_themes(con)
    night = records.filter(pl.col("received_at") >= split)
    load(night, folder, db, "night")
    second = refresh(db, date(2024, 3, 7))
    return TwoNights(db, first, second, themes, night.height)


@pytest.fixture
def warehouse_copy(two_nights: TwoNights, tmp_path: Path) -> Path:
    """A private copy of the two-night warehouse for tests that write (CLI choose)."""
    copy = tmp_path / "warehouse.duckdb"
    shutil.copy(two_nights.db, copy)
    key = two_nights.db.parent / "caller_hash.key"
    if key.exists():
        shutil.copy(key, tmp_path / "caller_hash.key")
    return copy
