"""Demo exports ingest with zero unexpected quarantine: only the planted dirty rows, exactly."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from typer.testing import CliRunner

from analytics import warehouse as wh
from flows.cli import app


def test_demo_files_round_trip_through_ingest(tmp_path: Path, db: Path) -> None:
    inbox = tmp_path / "inbox"
    runner = CliRunner()
    made = runner.invoke(
        app,
        [
            "demo",
            "--out",
            str(inbox),
            "--start",
            "2024-11-08",
            "--end",
            "2024-11-21",
            "--dirty-rate",
            "0.01",
            "--seed",
            "7",
        ],
    )
    assert made.exit_code == 0, made.output
    loaded = runner.invoke(app, ["ingest", str(inbox), "--db", str(db)])
    assert loaded.exit_code == 0, loaded.output
    truth = json.loads((inbox / "ground_truth.json").read_text(encoding="utf-8"))
    dirty = truth["dirty"]
    with wh.read_only(db) as con:
        read, new, updated, duplicate, quarantined, files = con.execute(
            "SELECT sum(rows_read), sum(rows_loaded), sum(rows_updated), sum(rows_duplicate), "
            "sum(rows_quarantined), count(*) FROM ingest_batches WHERE status = 'ok'"
        ).fetchall()[0]
        reasons = dict(
            con.execute(
                "SELECT reason, count(*) FROM (SELECT unnest(reasons) AS reason FROM quarantine) "
                "GROUP BY reason"
            ).fetchall()
        )
        last_day = con.execute("SELECT max(received_at)::DATE FROM complaints").fetchall()[0][0]
    assert files == 14
    assert new == truth["records"] and updated == 0
    assert duplicate == dirty["duplicate"]
    assert quarantined == dirty["unknown_district"] + dirty["bad_timestamp"] + dirty["missing_required"]
    assert read == new + duplicate + quarantined
    assert reasons["unknown district"] == dirty["unknown_district"]
    assert reasons["unparseable received_at"] == dirty["bad_timestamp"]
    assert (
        reasons.get("missing content", 0) + reasons.get("missing record_id", 0) == dirty["missing_required"]
    )
    assert last_day == dt.date(2024, 11, 21)
