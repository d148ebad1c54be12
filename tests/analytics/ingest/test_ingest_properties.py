"""Property: for any batch with random bad rows, rows read = loaded + updated + duplicate +
quarantined, and ingesting the same rows again changes nothing."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import warehouse as wh
from tests.analytics.ingest.helpers_ingest import good_row, ingest_into, write_csv

DEFECTS = {
    "ok": {},
    "bad_time": {"来电时间": "2024-02-30 10:00:00"},
    "no_id": {"工单编号": ""},
    "no_content": {"诉求内容": ""},
    "bad_district": {"区": "火星区"},
    "bad_street": {"街乡镇": "不存在街道"},
    "bad_bool": {"是否解决": "也许"},
    "bad_type": {"诉求类型": "闲聊"},
}
row_spec = st.tuples(st.integers(0, 30), st.sampled_from(sorted(DEFECTS)))


def _state(db: Path) -> tuple:
    with wh.read_only(db) as con:
        return (
            con.execute("SELECT source, record_id, row_hash FROM complaints ORDER BY 2").fetchall(),
            con.execute("SELECT count(*) FROM quarantine").fetchall()[0][0],
        )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(row_spec, min_size=1, max_size=40), st.integers(0, 3))
def test_batches_balance_and_reingest_changes_nothing(
    specs: list[tuple[int, str]], extra_copies: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        rows = [good_row(i, **DEFECTS[kind]) for i, kind in specs]
        rows += rows[:extra_copies]
        db = tmp / "w.duckdb"
        first = ingest_into([write_csv(tmp / "a.csv", rows)], db=db)[0]
        assert first.status == "ok" and first.balanced
        assert first.rows_read == len(rows)
        expected_bad = sum(kind != "ok" for _, kind in specs) + sum(
            kind != "ok" for _, kind in specs[:extra_copies]
        )
        assert first.rows_quarantined == expected_bad
        before = _state(db)
        # The same bytes are recognised; a copy under another name is read and adds nothing.
        same = ingest_into([tmp / "a.csv"], db=db)[0]
        assert same.status == "unchanged"
        copy = write_csv(tmp / "b.csv", rows)
        again = ingest_into([copy], db=db)[0]
        assert again.balanced and again.rows_loaded == 0 and again.rows_updated == 0
        assert _state(db)[0] == before[0]
