"""Row hashes (schema v6): stored hashes made by another hash() are recomputed before they are
compared, rows classified categories stay duplicates of their source row, and a warehouse made
before v6 keeps its complaints when it loses the key index."""

from __future__ import annotations

from pathlib import Path

import duckdb

from analytics import warehouse as wh
from tests.analytics.ingest.helpers_ingest import good_row, ingest_into, write_csv


def _outcome(result) -> tuple[int, int, int, int]:
    return result.rows_loaded, result.rows_updated, result.rows_duplicate, result.rows_quarantined


def test_hashes_from_another_hash_function_are_recomputed(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    rows = [good_row(i) for i in range(1, 6)]
    first = ingest_into([write_csv(tmp_path / "a.csv", rows)], profile="beijing12345", db=db)[0]
    assert _outcome(first) == (5, 0, 0, 0)
    with wh.connect(db) as con:
        stored = dict(con.execute("SELECT record_id, row_hash FROM complaints").fetchall())
        # As if a DuckDB upgrade had changed hash(): other stored values, another probe.
        con.execute("UPDATE complaints SET row_hash = row_hash // 2")
        con.execute("UPDATE row_hash_scheme SET probe = probe // 2")
    changed = [*reversed(rows[1:]), good_row(1, 是否满意="不满意")]
    second = ingest_into([write_csv(tmp_path / "b.csv", changed)], profile="beijing12345", db=db)[0]
    assert _outcome(second) == (0, 1, 4, 0)
    with wh.read_only(db) as con:
        after = dict(con.execute("SELECT record_id, row_hash FROM complaints").fetchall())
        current = con.execute("SELECT count(*) FROM row_hash_scheme").fetchall()[0][0]
    assert {k: after[k] for k in after if k != "BJ000001"} == {
        k: stored[k] for k in stored if k != "BJ000001"
    }
    assert after["BJ000001"] != stored["BJ000001"]
    assert current == 1


def test_classified_category_is_not_undone_by_the_same_source_row(tmp_path: Path) -> None:
    db = tmp_path / "w.duckdb"
    rows = [good_row(i, 一级分类="") for i in range(1, 4)]
    ingest_into([write_csv(tmp_path / "a.csv", rows)], profile="beijing12345", db=db)
    with wh.connect(db) as con:
        con.execute(
            "UPDATE complaints SET category_l1 = '城乡建设', category_l2 = '物业管理', "
            "category_derived = TRUE, category_confidence = 0.9"
        )
        # As a warehouse migrated to v6 starts: no hashes yet, no probe.
        con.execute("UPDATE complaints SET row_hash = NULL")
        con.execute("DELETE FROM row_hash_scheme")
    again = ingest_into([write_csv(tmp_path / "b.csv", [*rows, good_row(9)])], profile="beijing12345", db=db)[
        0
    ]
    assert _outcome(again) == (1, 0, 3, 0)
    with wh.read_only(db) as con:
        categories = con.execute(
            "SELECT DISTINCT category_l1, category_derived FROM complaints WHERE record_id <> 'BJ000009'"
        ).fetchall()
        nulls = con.execute("SELECT count(*) FROM complaints WHERE row_hash IS NULL").fetchall()
    assert categories == [("城乡建设", True)]
    assert nulls == [(0,)]


def test_a_warehouse_made_before_v6_keeps_its_rows_and_loses_the_key_index(tmp_path: Path) -> None:
    db = tmp_path / "old.duckdb"
    con = duckdb.connect(str(db))
    con.execute(wh.sql_text("schema/schema_version"))
    for version, name, description in wh.MIGRATIONS:
        if version < 5:
            con.execute(wh.sql_text(name))
            con.execute(
                "INSERT INTO schema_version (version, description) VALUES (?, ?)", [version, description]
            )
    con.execute("""
        INSERT INTO complaints (source, record_id, received_at, district, content, handling_units,
                                row_hash, first_batch_id, batch_id)
        VALUES ('beijing12345', 'OLD1', TIMESTAMP '2023-05-01 10:00:00', '朝阳区', '旧投诉',
                ['朝阳区望京街道办事处'], 'd41d8cd98f00b204e9800998ecf8427e', 1, 1)""")
    con.close()
    with wh.connect(db) as con:
        kept = con.execute("SELECT record_id, content, handling_units, row_hash FROM complaints").fetchall()
        keys = con.execute(
            "SELECT count(*) FROM duckdb_constraints() WHERE table_name = "
            "'complaints' AND constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        versions = {v for (v,) in con.execute("SELECT version FROM schema_version").fetchall()}
    assert kept == [("OLD1", "旧投诉", ["朝阳区望京街道办事处"], None)]
    assert keys == [(0,)]
    assert versions == {v for v, _, _ in wh.MIGRATIONS}
