"""Small warehouses for report and notebook tests.

* :func:`build_demo_warehouse` — two months of demo exports (scale 0.003, ≈ 9k complaints)
  ingested the ordinary way, the mart rebuilt, plus two hand-written complaints: one whose
  text is a ``<script>`` (must show as text) and one holding a clear phone and ID number
  (stored clear on purpose, as an operator who opts in would; masked again at render).
* :func:`add_forecasts` — a forecast run with early warnings, through the forecasts store.
* :func:`add_theme_tables` — three hand-made themes (one with a hostile label, one with a phone
  number in it) linked to the demo complaints, and three hotspots, in the schema's own tables
  as a themes refresh leaves them, so the 每月一题 ranking runs on them.
* :func:`add_performance` — the nightly 三率 step (schema v5) run on a warehouse.
* :func:`build_performance_warehouse` — two years of seeded demo records (the performance
  package's test data) with 违法停车 chosen as the 每月一题 of April 2024, the step run and the
  mart built: the warehouse whose reports carry a measured topic impact.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import polars as pl

from analytics import marts
from analytics import warehouse as wh
from analytics.ingest.load import ingest_files
from demo import write_demo

START, END = dt.date(2024, 4, 1), dt.date(2024, 5, 31)
AS_OF = END + dt.timedelta(days=1)
SCRIPT_TEXT = "<script>alert(1)</script>楼道灯坏了，请尽快维修"
CLEAR_PHONE = "13812345678"
CLEAR_ID = "110105199001011234"
PRIVATE_TEXT = f"噪音扰民，联系电话{CLEAR_PHONE}，身份证{CLEAR_ID}"
INJECTED_DISTRICT = "东城区"


def _inject(con, record_id: str, content: str, received_at: dt.datetime) -> None:
    con.execute(
        """
        INSERT INTO complaints (source, record_id, received_at, district, street, category_l1,
                                category_l2, content, resolved, status, caller_hash, row_hash,
                                first_batch_id, batch_id)
        VALUES ('beijing12345', ?, ?, ?, '东华门街道', '城乡建设', '公共设施', ?, false, '办理中',
                'callerhash-must-not-show', 0, 1, 1)""",
        [record_id, received_at, INJECTED_DISTRICT, content],
    )


def build_demo_warehouse(folder: Path) -> Path:
    """``folder/warehouse.duckdb`` holding the demo months; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "warehouse.duckdb"
    summary = write_demo(folder / "inbox", START, END, scale=0.003, seed=7)
    with wh.connect(db) as con:
        ingest_files(con, summary.files)
        last = dt.datetime.combine(END, dt.time(22, 0))
        _inject(con, "TEST-SCRIPT", SCRIPT_TEXT, last)
        _inject(con, "TEST-PRIVATE", PRIVATE_TEXT, last - dt.timedelta(minutes=5))
        marts.rebuild_daily_counts(con)
    return db


def copy_warehouse(db: Path, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / db.name
    shutil.copy(db, target)
    return target


def add_forecasts(db: Path, as_of: dt.date = AS_OF, horizon: int = 30) -> None:
    """A forecast run of the city and two districts, with two early warnings."""
    from forecasts.store import write_run

    days = pd.date_range(as_of, periods=horizon, freq="D")
    rows = []
    for uid, level in (("city", 150.0), ("district=朝阳区", 25.0), ("district=东城区", 8.0)):
        for i, day in enumerate(days):
            y = level * (1 + 0.1 * ((i % 7) < 5))
            rows.append(
                {
                    "unique_id": uid,
                    "ds": day,
                    "model": "snaive",
                    "yhat": y,
                    "lo80": y * 0.85,
                    "hi80": y * 1.15,
                    "lo95": y * 0.75,
                    "hi95": y * 1.25,
                }
            )
    warnings = pd.DataFrame(
        [
            {
                "unique_id": "district=朝阳区|category=住房",
                "model": "snaive",
                "window_days": 7,
                "basis": "recent",
                "period_start": days[0],
                "period_end": days[6],
                "forecast": 90.0,
                "lower": 80.0,
                "baseline": 60.0,
                "excess": 30.0,
                "ratio": 1.5,
            },
            {
                "unique_id": "district=东城区|category=城乡建设",
                "model": "snaive",
                "window_days": 30,
                "basis": "recent",
                "period_start": days[0],
                "period_end": days[-1],
                "forecast": 260.0,
                "lower": 230.0,
                "baseline": 200.0,
                "excess": 60.0,
                "ratio": 1.3,
            },
        ]
    )
    with wh.connect(db) as con:
        write_run(
            con,
            "test-run",
            as_of,
            pd.DataFrame(rows),
            warnings=warnings,
            created_at=dt.datetime.combine(as_of, dt.time(3)),
        )


#: Three themes: (theme_id, partition, label, terms). The third label is hostile markup, the
#: second carries a phone number: the pages must escape the one and mask the other.
THEMES = (
    ("T1", "城乡建设", "夜间施工噪音", ["噪音", "施工"]),
    ("T2", "城乡建设", "老旧小区加装电梯 (联系13900001111)", ["电梯"]),
    ("T3", "城乡建设", "<img src=x onerror=alert(2)>楼道照明", ["灯"]),
)
#: Hotspots of the night: (district, area, theme_id, observed, score).
HOTSPOTS = (
    ("朝阳区", "望京街道", "T1", 42, 3.2),
    ("东城区", "东华门街道", "T3", 17, 2.1),
    ("海淀区", "中关村街道", "T2", 12, 1.4),
)


def _theme_rows() -> pl.DataFrame:
    created = dt.datetime.combine(AS_OF, dt.time(2))
    return pl.DataFrame(
        [
            {
                "theme_id": theme_id,
                "partition": partition,
                "label": label,
                "terms": terms,
                "weights": [1.0] * len(terms),
                "threshold": 0.1,
                "founding_size": 50,
                "history_from": START,
                "created_on": END,
                "created_at": created,
            }
            for theme_id, partition, label, terms in THEMES
        ]
    )


def hotspot_rows(
    as_of: dt.date, hotspots: tuple[tuple[str, str, str, int, float], ...] = HOTSPOTS
) -> pl.DataFrame:
    """theme_hotspots rows of the day ``as_of``: (district, area, theme_id, observed, score) each."""
    return pl.DataFrame(
        [
            {
                "as_of": as_of,
                "key_kind": "theme",
                "key": theme_id,
                "level": "street",
                "grain": "month",
                "district": district,
                "area": area,
                "period": END.replace(day=1),
                "observed": observed,
                "expected": observed / 4,
                "excess": observed * 0.75,
                "z": score * 2,
                "p_value": 0.001,
                "score": score,
                "spatial_expected": observed / 3,
                "hot": True,
                "periods_hot": 1,
                "pattern": "new",
                "trend_tau": 0.5,
                "trend_p": 0.05,
                "sen_slope": 1.0,
                "counts": [0, 1, observed],
            }
            for district, area, theme_id, observed, score in hotspots
        ]
    )


def add_theme_tables(db: Path, as_of: dt.date = AS_OF) -> None:
    """:data:`THEMES` over every demo complaint (spread by a hash of its id) and :data:`HOTSPOTS`
    of the night ``as_of``."""
    with wh.connect(db) as con, wh.transaction(con):
        with wh.registered(con, "theme_rows", _theme_rows()):
            con.execute("INSERT INTO themes BY NAME SELECT * FROM theme_rows")
        con.execute(
            """INSERT INTO complaint_themes
               SELECT source, record_id, 'T' || (1 + hash(record_id) % 3), 1.0, ? FROM complaints""",
            [END],
        )
        with wh.registered(con, "hotspot_rows", hotspot_rows(as_of)):
            con.execute("INSERT INTO theme_hotspots BY NAME SELECT * FROM hotspot_rows")


def cached_demo_warehouse(base: Path) -> Path:
    """The demo warehouse built once per test session under ``base`` (a session temp folder)."""
    folder = base / "weisu-demo-warehouse"
    db = folder / "warehouse.duckdb"
    if not (folder / "ready").exists():
        shutil.rmtree(folder, ignore_errors=True)
        build_demo_warehouse(folder)
        (folder / "ready").touch()
    return db


def add_performance(db: Path, as_of: dt.date = AS_OF, run_id: str = "test-run") -> None:
    """The nightly performance step (rankings, street risk, topic impacts) for ``as_of``."""
    from analytics.performance.night import refresh_performance

    with wh.connect(db) as con:
        refresh_performance(con, as_of, run_id)


PERF_START, PERF_END = dt.date(2023, 1, 1), dt.date(2024, 12, 31)
PERF_AS_OF = PERF_END + dt.timedelta(days=1)
TOPIC_ID, TOPIC_LABEL = "T9", "违法停车治理 (联系人13900002222)"
_RECORD_COLUMNS = (
    "source",
    "record_id",
    "received_at",
    "district",
    "street",
    "category_l1",
    "category_l2",
    "category_l3",
    "content",
    "handling_unit",
    "dispatched_at",
    "responded_at",
    "closed_at",
    "resolved",
    "satisfied",
    "status",
    "caller_hash",
)


def build_performance_warehouse(folder: Path) -> Path:
    """``folder/warehouse.duckdb``: demo records 2023–2024 (scale 0.004, seed 0; the caller id
    stands in for its hash), 违法停车 linked to theme T9 and chosen in 2024-04, the mart built
    and the performance step run for the night after the last day."""
    from demo import demo_records

    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "warehouse.duckdb"
    frame = demo_records(PERF_START, PERF_END, scale=0.004, seed=0).with_columns(
        pl.col("caller_id").alias("caller_hash"), pl.lit("demo").alias("source")
    )
    rows = frame.select(*_RECORD_COLUMNS).with_columns(
        pl.lit(0, dtype=pl.UInt64).alias("row_hash"),
        pl.lit(1).alias("first_batch_id"),
        pl.lit(1).alias("batch_id"),
    )
    with wh.connect(db) as con:
        con.register("demo_rows", rows.to_arrow())
        con.execute("INSERT INTO complaints BY NAME SELECT * FROM demo_rows")
        con.unregister("demo_rows")
        con.execute(
            """INSERT INTO themes VALUES (?, '交通管理', '违法停车 · 消防通道', ['违法停车'],
                       [1.0], 0.1, 100, NULL, DATE '2023-01-01', DATE '2024-04-01', now())""",
            [TOPIC_ID],
        )
        con.execute(
            """INSERT INTO complaint_themes SELECT source, record_id, ?, 1.0, DATE '2024-04-01'
                       FROM complaints WHERE category_l3 = '违法停车'""",
            [TOPIC_ID],
        )
        con.execute(
            "INSERT INTO chosen_topics VALUES (DATE '2024-04-01', ?, ?, '交通管理', NULL, now())",
            [TOPIC_ID, TOPIC_LABEL],
        )
        marts.rebuild_daily_counts(con)
    add_performance(db, PERF_AS_OF)
    return db
