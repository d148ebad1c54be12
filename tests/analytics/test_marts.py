"""daily_counts: the incremental refresh agrees with a full recompute, and touches only the
days a night's batches changed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analytics import marts
from analytics import vocabulary as v
from analytics import warehouse as wh
from analytics.ingest.load import ingest_file
from tests.flows.beijing_exports import export_rows, write_export

NOV1 = dt.date(2026, 11, 1)
STAMP = "%Y-%m-%d %H:%M:%S"
KEY = b"test-key"


def _load(con, path: Path) -> None:
    result = ingest_file(con, path, key=KEY)
    assert result.status == "ok", result.message


def _moved(row: list[str], days: int) -> list[str]:
    """The same record re-exported: received ``days`` later, on another street of its
    district."""
    out = list(row)
    for i in (1, 10, 11, 12):  # 来电时间, 派单时间, 响应时间, 办结时间
        if out[i]:
            out[i] = (dt.datetime.strptime(out[i], STAMP) + dt.timedelta(days=days)).strftime(STAMP)
    out[3] = next(s.name for s in v.streets() if s.district == out[2] and s.name != out[3])
    return out


def _mart(con) -> list[tuple]:
    return con.execute("SELECT * FROM daily_counts ORDER BY ALL").fetchall()


def _rebuilt(con) -> list[tuple]:
    marts.rebuild_daily_counts(con)
    return _mart(con)


def test_incremental_equals_full_recompute_after_an_update_moves_a_day(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    day1, day2, day3 = (export_rows(NOV1 + dt.timedelta(days=k), 6) for k in range(3))
    with wh.connect(db) as con:
        _load(con, write_export(tmp_path / "night1.csv", day1 + day2))
        first = marts.refresh_daily_counts(con)
        assert first.days == (NOV1, NOV1 + dt.timedelta(days=1))
        # Night 2: day 3 arrives, and two day-2 records are corrected to day 4 elsewhere.
        corrected = [_moved(r, 2) for r in day2[:2]]
        _load(con, write_export(tmp_path / "night2.csv", day3 + corrected))
        second = marts.refresh_daily_counts(con)
        # Day 1 is untouched; day 2 lost two records; days 3 and 4 are new.
        assert second.days == tuple(NOV1 + dt.timedelta(days=k) for k in (1, 2, 3))
        incremental = _mart(con)
        assert incremental == _rebuilt(con)
        total = con.execute("SELECT sum(complaints) FROM daily_counts").fetchall()[0][0]
        assert total == con.execute("SELECT count(*) FROM complaints").fetchall()[0][0] == 18
        moved = con.execute(
            "SELECT count(*) FROM complaints WHERE batch_id = 2 AND first_batch_id = 1"
        ).fetchall()[0][0]
        assert moved == 2  # the corrections were updates, not new records


def test_refresh_without_new_batches_changes_nothing(tmp_path: Path):
    with wh.connect(tmp_path / "w.duckdb") as con:
        _load(con, write_export(tmp_path / "a.csv", export_rows(NOV1, 4)))
        marts.refresh_daily_counts(con)
        before = _mart(con)
        again = marts.refresh_daily_counts(con)
        assert again.days == () and again.after_batch_id == again.upto_batch_id
        assert _mart(con) == before


def test_backfill_recomputes_a_range_and_clears_empty_days(tmp_path: Path):
    with wh.connect(tmp_path / "w.duckdb") as con:
        _load(
            con,
            write_export(
                tmp_path / "a.csv", export_rows(NOV1, 4) + export_rows(NOV1 + dt.timedelta(days=1), 4)
            ),
        )
        marts.refresh_daily_counts(con)
        good = _mart(con)
        con.execute("UPDATE daily_counts SET complaints = 99")  # a damaged mart
        result = marts.backfill_daily_counts(con, NOV1 - dt.timedelta(days=1), NOV1 + dt.timedelta(days=1))
        assert len(result.days) == 3  # the empty day before is cleared too
        assert _mart(con) == good
        with pytest.raises(ValueError, match="before start"):
            marts.backfill_daily_counts(con, NOV1, NOV1 - dt.timedelta(days=1))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    nights=st.lists(
        st.tuples(st.integers(0, 6), st.integers(1, 5), st.integers(0, 3)), min_size=1, max_size=3
    )
)
def test_property_incremental_equals_rebuild(tmp_path_factory, nights):
    # Each night: a day offset, rows that day, and how many earlier rows move forward a day.
    folder = tmp_path_factory.mktemp("nights")
    seen: list[list[str]] = []
    with wh.connect(folder / "w.duckdb") as con:
        for k, (offset, n, moves) in enumerate(nights):
            rows = export_rows(NOV1 + dt.timedelta(days=offset), n, start=100 * k)
            rows += [_moved(r, 1) for r in seen[:moves]]
            seen += rows
            _load(con, write_export(folder / f"n{k}.csv", rows))
            marts.refresh_daily_counts(con)
        assert _mart(con) == _rebuilt(con)
