"""The ingest store: the hashing key is found beside the connection's warehouse file, a failed
load is recorded, and the status reads say what `weisu status` prints."""

from __future__ import annotations

from pathlib import Path

from analytics import warehouse as wh
from analytics.ingest import store
from analytics.ingest.load import ingest_files
from analytics.settings import KEY_FILE_NAME
from tests.analytics.ingest.helpers_ingest import good_row, write_csv


def test_key_lives_beside_the_warehouse_the_connection_opened(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.delenv("WEISU_HASH_KEY", raising=False)
    db = tmp_path / "nested" / "w.duckdb"
    rows = [good_row(1), good_row(2, 区="不存在区")]
    with wh.connect(db) as con:
        assert store.database_file(con) == db.resolve()
        [result] = ingest_files(con, [write_csv(tmp_path / "a.csv", rows)])
        key = (db.parent / KEY_FILE_NAME).read_bytes()
        # The same key again: a second file's caller hashes like the first file's.
        [again] = ingest_files(con, [write_csv(tmp_path / "b.csv", [good_row(1)])])
        hashes = con.execute("SELECT DISTINCT caller_hash FROM complaints").fetchall()
    assert (result.rows_loaded, result.rows_quarantined) == (1, 1)
    assert again.rows_duplicate == 1 and len(hashes) == 1
    assert (db.parent / KEY_FILE_NAME).read_bytes() == key
    assert not (tmp_path / KEY_FILE_NAME).exists()


def test_status_reads(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    rows = [good_row(1), good_row(2), good_row(3, 区="不存在区"), good_row(4, 来电时间="昨天")]
    with wh.connect(db) as con:
        ingest_files(con, [write_csv(tmp_path / "a.csv", rows), tmp_path / "missing.csv"])
        sources = store.sources_read(con)
        batches = store.recent_batches_read(con, limit=1)
        reasons = store.quarantine_reasons_read(con)
    assert sources.select("source", "complaints", "districts").rows() == [("beijing12345", 2, 1)]
    # the newest batch first: the file that was not there, recorded as failed
    assert batches.select("file_name", "status", "rows_read").rows() == [("missing.csv", "failed", 0)]
    assert reasons.rows() == [("unknown district", 1), ("unparseable received_at", 1)]
