"""The raw_batch and warehouse suites: inline frames for each rule, a small warehouse for the
SQL-fed metrics (freshness, volume) and for storing results."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest

from analytics import marts, validation
from analytics import warehouse as wh
from analytics.ingest.load import ingest_file
from tests.flows.beijing_exports import export_rows, write_export

OCT1 = dt.date(2026, 10, 1)
T = pd.Timestamp
DEFAULT = validation.Thresholds()


def _failed(result: validation.SuiteResult) -> dict[str | None, str]:
    return {o.column: o.severity for o in result.outcomes if not o.success}


def _rows(**overrides) -> pd.DataFrame:
    """Two good Beijing rows and one NYC row (not checked against Beijing's districts)."""
    frame = pd.DataFrame(
        {
            "source": ["beijing12345", "beijing12345", "nyc311"],
            "record_id": ["A1", "A2", "A1"],  # A1 twice, but in different sources: fine
            "received_at": [T("2026-11-01 08:00"), T("2026-11-01 09:00"), T("2026-11-01 10:00")],
            "district": ["朝阳区", "海淀区", "BROOKLYN"],
            "beijing_district": ["朝阳区", "海淀区", None],
            "content": ["噪音", "停车", "Noise"],
            "closed_at": [T("2026-11-02 08:00"), pd.NaT, T("2026-11-01 11:00")],
        }
    )
    return frame.assign(**overrides)


def _rates(**overrides) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "response_rate": [1.0, 0.5],
            "closure_rate": [0.5, None],
            "resolution_rate": [0.9, 1.0],
            "satisfaction_rate": [0.0, 1.0],
        }
    )
    return frame.assign(**overrides)


def _timeliness(days_since: int | None = 1, ratio: float | None = 1.0) -> pd.DataFrame:
    return pd.DataFrame(
        {"newest_received_at": [T("2026-11-01")], "days_since_newest": [days_since], "volume_ratio": [ratio]}
    )


def _warehouse(rows=None, rates=None, timeliness=None, thresholds=DEFAULT) -> validation.SuiteResult:
    frames = {
        "rows": _rows() if rows is None else rows,
        "rates": _rates() if rates is None else rates,
        "timeliness": _timeliness() if timeliness is None else timeliness,
    }
    plan = validation.SuitePlan(validation.WAREHOUSE, frames, validation.warehouse_checks(thresholds))
    return validation.run_suites([plan])[0]


def _raw(rows: pd.DataFrame) -> validation.SuiteResult:
    plan = validation.SuitePlan(validation.RAW_BATCH, {"rows": rows}, validation.raw_batch_checks())
    return validation.run_suites([plan])[0]


def test_clean_frames_pass_both_suites():
    assert _failed(_raw(_rows())) == {}
    assert _failed(_warehouse()) == {}


def test_raw_batch_rules():
    # A missing record id is critical; a district outside Beijing's list only warns.
    rows = _rows(record_id=["A1", None, "A1"], beijing_district=["火星区", "海淀区", None])
    assert _failed(_raw(rows)) == {"record_id": "critical", "beijing_district": "warning"}
    # received_at that did not parse as a timestamp
    assert _failed(_raw(_rows(received_at=["2026-11-01", "yesterday", "x"]))) == {"received_at": "critical"}


def test_warehouse_rules():
    # The same key twice in one source is critical.
    dup = _rows(record_id=["A1", "A1", "A1"])
    assert _failed(_warehouse(rows=dup)) == {"source,record_id": "critical"}
    # Closed before received only warns.
    early = _rows(closed_at=[T("2026-10-31"), pd.NaT, pd.NaT])
    assert _failed(_warehouse(rows=early)) == {"closed_at": "warning"}
    # A rate above 1 is critical.
    assert _failed(_warehouse(rates=_rates(resolution_rate=[1.2, 1.0]))) == {"resolution_rate": "critical"}


def test_freshness_and_volume_limits():
    assert _failed(_warehouse(timeliness=_timeliness(days_since=3))) == {"days_since_newest": "critical"}
    assert _failed(_warehouse(timeliness=_timeliness(ratio=0.2))) == {"volume_ratio": "critical"}
    assert _failed(_warehouse(timeliness=_timeliness(ratio=1.6))) == {"volume_ratio": "critical"}
    # No baseline yet (too little history): the volume check has nothing to judge.
    assert _failed(_warehouse(timeliness=_timeliness(ratio=None))) == {}
    lenient = validation.Thresholds(volume_low=0.1, volume_severity=validation.WARNING)
    assert _failed(_warehouse(timeliness=_timeliness(ratio=0.05), thresholds=lenient)) == {
        "volume_ratio": "warning"
    }


@pytest.fixture()
def history(tmp_path: Path) -> Path:
    """Five weeks of 10 complaints a day (Oct 1 – Nov 4), then 2 on Nov 5 (an 80% drop)."""
    db = tmp_path / "w.duckdb"
    rows = [r for k in range(35) for r in export_rows(OCT1 + dt.timedelta(days=k), 10)]
    rows += export_rows(dt.date(2026, 11, 5), 2)
    with wh.connect(db) as con:
        assert ingest_file(con, write_export(tmp_path / "h.csv", rows), key=b"k").status == "ok"
        marts.refresh_daily_counts(con)
    return db


def test_timeliness_from_the_mart(history: Path):
    with wh.read_only(history) as con:
        normal = validation.timeliness(con, dt.date(2026, 11, 5), validation.Thresholds())
        drop = validation.timeliness(con, dt.date(2026, 11, 6), validation.Thresholds())
        young = validation.timeliness(con, dt.date(2026, 10, 20), validation.Thresholds())
    assert normal.loc[0, "volume_ratio"] == 1.0 and normal.loc[0, "volume_weeks_seen"] == 4
    assert drop.loc[0, "volume_ratio"] == pytest.approx(0.2)
    assert drop.loc[0, "days_since_newest"] == 1
    assert pd.isna(young.loc[0, "volume_ratio"])  # two weeks of history: no baseline


def test_night_results_are_stored_and_docs_written(history: Path, tmp_path: Path):
    with wh.connect(history) as con:
        results = validation.validate_night(
            con, [1], [dt.date(2026, 11, 5)], dt.date(2026, 11, 6), docs_dir=tmp_path / "docs"
        )
        written = validation.write_results(con, "run-1", results)
        stored = con.execute(
            "SELECT suite, column_name, success, severity, observed FROM validation_results WHERE NOT success"
        ).fetchall()
        total = con.execute("SELECT count(*) FROM validation_results").fetchall()[0][0]
    assert written == total == sum(len(r.outcomes) for r in results)
    assert [(s, c, ok, sev) for s, c, ok, sev, _ in stored] == [
        ("warehouse", "volume_ratio", False, "critical")
    ]
    assert '"value": 0.2' in stored[0][4]
    assert (tmp_path / "docs" / "index.html").exists()
    assert results[0].docs_index == (tmp_path / "docs" / "index.html").resolve()


def test_empty_nights_count_the_latest_run_of_empty_inboxes(tmp_path: Path):
    with wh.connect(tmp_path / "w.duckdb") as con:
        assert validation.empty_nights(con) == 0
        for k, files in enumerate((0, 3, 0, 0)):
            validation.record_night(
                con,
                validation.Night(
                    f"r{k}", OCT1, files, 0, 0, 0, "ok", finished_at=dt.datetime(2026, 10, 1 + k, 2)
                ),
            )
        assert validation.empty_nights(con) == 2
