"""Issue 15, items 4, 6 and 7 at the ingest: one hostile file fails alone, naming itself in one
line; a line over the reader's limit gets a reason; a symbolic link is refused, not read;
temporary copies live beside the warehouse and a killed ingest's copies go at the next start."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import duckdb
import polars as pl
import psutil
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from analytics import warehouse as wh
from analytics.ingest import load, store
from flows.cli import app
from tests.analytics.ingest.helpers_ingest import HEADER, good_row, ingest_into, write_csv

#: A password file's first line: if it shows up anywhere, a link was followed.
SECRET = "root:x:0:0:root:/root:/bin/bash"


def _deep_json(path: Path, depth: int = 100_000) -> Path:
    path.write_text("[" * depth + "]" * depth, encoding="utf-8")
    return path


def _bad_parquet(path: Path) -> Path:
    """A Parquet file whose record ids are a binary column holding a byte that is not UTF-8."""
    table = pa.table(
        {
            "工单编号": pa.array([b"BJ000001", b"BJ\xff\xfe02"], pa.binary()),
            "来电时间": ["2024-03-05 09:01:00", "2024-03-05 09:02:00"],
            "区": ["朝阳区", "朝阳区"],
            "诉求内容": ["物业不作为", "电梯故障"],
        }
    )
    pq.write_table(table, path)
    return path


def _around(tmp_path: Path, hostile: Path) -> list[Path]:
    """A good file before and after ``hostile`` (rows 1-2 and 3)."""
    return [
        write_csv(tmp_path / "a_before.csv", [good_row(1), good_row(2)]),
        hostile,
        write_csv(tmp_path / "c_after.csv", [good_row(3)]),
    ]


def _complaints(db: Path) -> int:
    with wh.read_only(db) as con:
        return int(con.execute("SELECT count(*) FROM complaints").fetchall()[0][0])


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda tmp: _deep_json(tmp / "b_deep.json"),
            "b_deep.json: JSON nested too deeply to read",
        ),
        (
            lambda tmp: _bad_parquet(tmp / "b_binary.parquet"),
            "b_binary.parquet: column '工单编号' holds bytes that are not UTF-8 text; "
            "cannot read it as text (invalid utf8)",
        ),
    ],
    ids=["json-nested-100000-levels", "parquet-invalid-utf8"],
)
def test_a_hostile_file_fails_alone_naming_itself(
    make: Callable[[Path], Path], message: str, tmp_path: Path, db: Path
) -> None:
    before, hostile, after = ingest_into(_around(tmp_path, make(tmp_path)), db=db)
    assert (before.status, hostile.status, after.status) == ("ok", "failed", "ok")
    assert hostile.message == message
    assert _complaints(db) == 3  # the files on both sides loaded
    with wh.read_only(db) as con:
        recorded = con.execute(
            "SELECT status, message FROM ingest_batches WHERE file_name = ?", [hostile.file.name]
        )
        assert recorded.fetchall() == [("failed", message)]


#: (what a reader raises, the reason the file fails with)
UNFORESEEN = [
    (RecursionError("maximum recursion depth exceeded"), "nested too deeply to read (RecursionError)"),
    (MemoryError(), "too large to read in memory (MemoryError)"),
    (pl.exceptions.ComputeError("invalid utf8\n\nin col(x)"), "ComputeError: invalid utf8 in col(x)"),
    (
        duckdb.ConversionException("Could not convert\nstring"),
        "ConversionException: Could not convert string",
    ),
    (UnicodeError("bad text"), "UnicodeError: bad text"),
    (KeyError("a bug of ours"), "KeyError: 'a bug of ours'"),
]


@pytest.mark.parametrize(("error", "reason"), UNFORESEEN, ids=[type(e).__name__ for e, _ in UNFORESEEN])
def test_whatever_reading_raises_fails_that_file_in_one_line(
    error: Exception, reason: str, tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _around(tmp_path, write_csv(tmp_path / "b_odd.csv", [good_row(9)]))
    real = load.read_source

    def reader(path: Path, *args: object, **kwargs: object):
        if path.name == "b_odd.csv":
            raise error
        return real(path, *args, **kwargs)

    monkeypatch.setattr(load, "read_source", reader)
    before, odd, after = ingest_into(paths, db=db)
    assert (before.status, odd.status, after.status) == ("ok", "failed", "ok")
    assert odd.message == f"cannot read b_odd.csv: {reason}"
    assert "Traceback" in odd.detail  # for the logs, never the message
    assert _complaints(db) == 3


def test_an_error_while_writing_a_batch_rolls_it_back_and_the_next_file_loads(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = _around(tmp_path, write_csv(tmp_path / "b_mapped.csv", [good_row(7), good_row(8)]))
    real = store.complaints_insert
    calls = iter(range(3))

    def breaks_on_second_file(con: duckdb.DuckDBPyConnection, batch_id: int) -> None:
        if next(calls) == 1:
            raise duckdb.InvalidInputException("a mapping DuckDB could not run")
        real(con, batch_id)

    monkeypatch.setattr(store, "complaints_insert", breaks_on_second_file)
    before, broken, after = ingest_into(paths, db=db)
    assert broken.message == "cannot read b_mapped.csv: InvalidInputException: a mapping DuckDB could not run"
    assert (before.status, after.status, _complaints(db)) == ("ok", "ok", 3)
    with wh.read_only(db) as con:  # nothing of the broken batch stayed but its failure row
        rows = con.execute("SELECT status, rows_read FROM ingest_batches ORDER BY batch_id").fetchall()
    assert rows == [("ok", 2), ("failed", 0), ("ok", 1)]


@pytest.mark.slow
def test_a_line_over_the_reader_limit_is_quarantined_with_a_reason(tmp_path: Path, db: Path) -> None:
    """DuckDB reports a line over ``max_line_size`` (20 MB) with no column; the reason used to
    come out NULL."""
    rows = [good_row(1), good_row(2, 诉求内容="长" * 8_000_000), good_row(3)]  # 24 MB of UTF-8
    [result] = ingest_into([write_csv(tmp_path / "long_line.csv", rows)], db=db)
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == ("ok", 3, 2, 1)
    assert result.balanced
    with wh.read_only(db) as con:
        reasons = con.execute("SELECT row_number, reasons FROM quarantine").fetchall()
    assert reasons == [(3, ["malformed row: line too long"])]


def _passwd_link(tmp_path: Path, name: str = "passwd.csv") -> Path:
    secret = tmp_path / "elsewhere" / "passwd"
    secret.parent.mkdir()
    secret.write_text(SECRET + "\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n", encoding="utf-8")
    link = tmp_path / "drop" / name
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(secret)
    return link


def test_a_symbolic_link_is_refused_and_never_read(tmp_path: Path, db: Path) -> None:
    link = _passwd_link(tmp_path)
    refused, good = ingest_into([link, write_csv(tmp_path / "drop" / "good.csv", [good_row(1)])], db=db)
    assert refused.status == "failed" and good.status == "ok"
    assert refused.message == "passwd.csv: a symbolic link; refusing to follow it (put the file itself there)"
    with wh.read_only(db) as con:
        stored = con.execute("SELECT sha256, size_bytes, message FROM ingest_batches WHERE status = 'failed'")
        assert stored.fetchall() == [("", 0, refused.message)]


def test_the_cli_refuses_a_link_given_by_name_in_one_line(tmp_path: Path, db: Path) -> None:
    link = _passwd_link(tmp_path)
    done = CliRunner().invoke(app, ["ingest", str(link), "--db", str(db)])
    assert done.exit_code == 1
    assert "error: passwd.csv: a symbolic link; refusing to follow it" in done.output
    assert "root:" not in done.output and "Traceback" not in done.output


def test_transcoded_copies_live_beside_the_warehouse_not_in_the_system_temp(
    tmp_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    system_tmp = tmp_path / "system-tmp"
    system_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_tmp))
    gbk = write_csv(tmp_path / "gbk.csv", [good_row(i, 来电号码="13900001111") for i in range(3)], "gb18030")
    copies: list[Path] = []
    real = store.raw_insert

    def noting(con: duckdb.DuckDBPyConnection, source) -> None:
        copies.append(source.csv_path)
        real(con, source)

    monkeypatch.setattr(store, "raw_insert", noting)
    [result] = ingest_into([gbk], db=db)
    assert result.status == "ok" and "transcoded from gb18030" in result.message
    [copy] = copies
    assert copy.parent.parent == db.parent / "tmp"  # <data>/tmp/weisu-<pid>-<start>-*/utf8.csv
    assert copy.parent.name.startswith(f"weisu-{os.getpid()}-")
    assert not copy.exists() and list((db.parent / "tmp").iterdir()) == []  # removed after the batch
    assert list(system_tmp.iterdir()) == []


def test_copies_a_dead_ingest_left_are_removed_at_the_next_start(tmp_path: Path, db: Path) -> None:
    tmp = db.parent / "tmp"
    dead = tmp / "weisu-999999999-1-abc"  # no such process: killed mid-ingest
    dead.mkdir(parents=True)
    (dead / "utf8.csv").write_text("工单编号,来电号码\nBJ1,13900001111\n", encoding="utf-8")
    me = psutil.Process()
    alive = tmp / f"weisu-{me.pid}-{int(me.create_time())}-xyz"  # a live ingest's copy stays
    alive.mkdir()
    [result] = ingest_into([write_csv(tmp_path / "good.csv", [good_row(1)], header=HEADER)], db=db)
    assert result.status == "ok"
    assert sorted(p.name for p in tmp.iterdir()) == [alive.name]
