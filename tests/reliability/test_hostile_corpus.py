"""Issue 9 part 2: the hostile-input corpus (``corpus/make_corpus.py``) and what each file must
do. Every file ends in a clear failure or in rows loaded / quarantined with a reason; the batch
invariants hold; nothing in a value is executed (tables intact, SQL text stored verbatim);
exported CSV neutralises formulas; archive moves stay in the archive whatever the file name.
"""

from __future__ import annotations

import filecmp
import subprocess
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from analytics.export import safe_csv_frame
from analytics.ingest import sources
from analytics.ingest.load import BatchResult
from flows.inbox import archive_file
from tests.reliability.corpus import make_corpus
from tests.reliability.warehouse_state import child_env, ingest, invariant_violations, query, run_weisu

# file: (status, read, loaded, quarantined, quarantine reasons, text in the message)
CASES: dict[str, tuple[str, int, int, int, tuple[str, ...], str]] = {
    "utf16_bom.csv": ("ok", 3, 3, 0, (), "transcoded from utf-16"),
    "gb18030_no_bom.csv": ("ok", 3, 3, 0, (), "transcoded from gb18030"),
    "utf8_bom.csv": ("ok", 3, 3, 0, (), ""),
    "mixed_line_endings.csv": ("ok", 3, 3, 0, (), "mixed CRLF/LF line ends normalised"),
    # CRLF inside a quoted field of an LF file counts as mixed: the text keeps LF only.
    "embedded_newlines_quotes.csv": ("ok", 3, 3, 0, (), ""),
    # 50,000 characters is the limit: exactly 50,000 loads, 50,001 and 1 MiB are quarantined.
    "long_content.csv": ("ok", 3, 1, 2, ("content too long", "content too long"), ""),
    "formula_injection.csv": ("ok", 4, 4, 0, (), ""),
    "formula_injection.xlsx": ("ok", 4, 4, 0, (), ""),
    "html_js.csv": ("ok", 2, 2, 0, (), ""),
    # SQL text as content and as record id loads verbatim; as district/street/type it is
    # an unknown value, quarantined.
    "sql_in_fields.csv": ("ok", 5, 2, 3, ("unknown district", "unknown street", "unknown appeal_type"), ""),
    "dates_1900_2100.csv": (
        "ok",
        4,
        1,
        3,
        (
            "received_at out of range",
            "received_at out of range",
            "closed_at before received_at",
            "unparseable received_at",
        ),
        "",
    ),
    "..%2F..%2Fetc%2Fpasswd.csv": ("ok", 3, 3, 0, (), ""),
    "..\\..\\etc\\passwd.csv": ("ok", 3, 3, 0, (), ""),
    # 8 MiB inflated is under the 1 GiB limit, and it is no workbook: a clear failure.
    "zip_bomb.xlsx": ("failed", 0, 0, 0, (), "zip_bomb.xlsx: cannot read workbook"),
}
SQL = make_corpus.SQL


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, rebuilt by its script (the 1 MiB text file is not committed)."""
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus.build(folder)
    return folder


@pytest.fixture(scope="module")
def ingested(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, BatchResult]]:
    db = tmp_path_factory.mktemp("corpus-db") / "warehouse.duckdb"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WEISU_HASH_KEY", "reliability-key")
        results = ingest(sorted(corpus.iterdir()), db)
    return db, {r.file.name: r for r in results}


def test_committed_corpus_files_are_current(corpus: Path) -> None:
    committed = make_corpus.FILES
    for path in sorted(corpus.iterdir()):
        if path.name != "long_content.csv":
            assert filecmp.cmp(path, committed / path.name, shallow=False), (
                f"{path.name}: run python tests/reliability/corpus/make_corpus.py"
            )


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_hostile_file_has_its_expected_outcome(name: str, ingested) -> None:
    db, results = ingested
    status, read, loaded, quarantined, reasons, text = CASES[name]
    result = results[name]
    assert (result.status, result.rows_read, result.rows_loaded, result.rows_quarantined) == (
        status,
        read,
        loaded,
        quarantined,
    ), result
    assert result.balanced
    assert text in result.message
    if result.batch_id is not None:
        found = [
            r
            for row in query(db, f"SELECT reasons FROM quarantine WHERE batch_id = {int(result.batch_id)}")
            for r in row[0]
        ]
        assert Counter(found) == Counter(reasons)


def test_corpus_leaves_the_warehouse_whole(ingested) -> None:
    db, _results = ingested
    assert invariant_violations(db) == []
    tables = {r[0] for r in query(db, "SELECT table_name FROM duckdb_tables()")}
    assert {"complaints", "quarantine", "ingest_batches"} <= tables
    stored = dict(
        query(
            db,
            "SELECT record_id, content FROM complaints WHERE record_id IN "
            "('SQL0', 'NL0', 'NL1', 'FX0', 'HTML0') OR record_id LIKE '%DROP%'",
        )
    )
    assert stored["SQL0"] == SQL and SQL in stored  # verbatim text, verbatim key
    assert stored["NL0"] == '第一行\n第二行，"引号"里的话\n第三行'
    assert stored["NL1"] == '他说："物业,不管"'
    assert stored["FX0"] == "=cmd|' /C calc'!A0"
    assert stored["HTML0"].startswith("<script>")  # stored as text; reports escape it


def test_zip_bomb_over_the_limit_is_refused_before_inflating(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_XLSX_UNCOMPRESSED", 1 << 20)
    monkeypatch.setenv("WEISU_HASH_KEY", "reliability-key")
    [result] = ingest([corpus / "zip_bomb.xlsx"], tmp_path / "w.duckdb")
    assert result.status == "failed"
    assert result.message == (
        "zip_bomb.xlsx: .xlsx would inflate to 8 MiB, over the 1 MiB limit; refusing to open it"
    )


@pytest.mark.parametrize("name", ["..%2F..%2Fetc%2Fpasswd.csv", "..\\..\\etc\\passwd.csv", "..passwd.csv"])
def test_archive_moves_stay_inside_the_archive(name: str, tmp_path: Path) -> None:
    inbox, archive = tmp_path / "inbox", tmp_path / "archive"
    inbox.mkdir()
    for _ in range(2):  # the second move of the same name gets a numbered name
        (inbox / name).write_text("x")
        moved = archive_file(inbox / name, archive)
        assert moved.resolve().parent == archive.resolve()
    assert sorted(p.parent for p in tmp_path.rglob("*") if p.is_file()) == [archive, archive]


def test_safe_csv_frame_neutralises_formula_cells() -> None:
    frame = pl.DataFrame(
        {"text": [*make_corpus.FORMULAS, "\t=1", "正常", "a=b", None], "n": [1, -1, 2, 3, 4, 5, 6, 7]}
    )
    out = safe_csv_frame(frame)
    assert out["text"].to_list() == [*("'" + f for f in make_corpus.FORMULAS), "'\t=1", "正常", "a=b", None]
    assert out["n"].to_list() == frame["n"].to_list()  # numbers, even negative, untouched
    assert frame["text"][0] == "=cmd|' /C calc'!A0"  # input not mutated


def _formula_cells(csv_file: Path) -> list[str]:
    frame = pl.read_csv(csv_file, infer_schema=False)
    return [
        cell
        for column in frame.columns
        for cell in frame[column].drop_nulls()
        if cell[:1] in ("=", "+", "@") or (cell[:1] == "-" and not _is_number(cell))
    ]


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_rates_csv_export_neutralises_formulas(ingested, tmp_path: Path) -> None:
    db, _results = ingested
    out = tmp_path / "rates.csv"
    done = run_weisu(
        ["rates", "--level", "unit", "--month", "2024-03", "--db", str(db), "--out", str(out)],
        child_env(tmp_path),
    )
    assert done.returncode == 0, done.stderr
    assert _formula_cells(out) == []


@pytest.mark.parametrize(
    "args",
    [
        ["rates", "--month", SQL],
        ["rank", "--month", SQL],
        ["risk", "--month", SQL],
        ["status", "--db", f"/tmp/x{SQL}.duckdb"],
        ["report", "--month", SQL],
    ],
)
def test_sql_in_cli_filters_is_a_one_line_error(args: list[str], ingested, tmp_path: Path) -> None:
    db, _results = ingested
    args = args if "--db" in args else [*args, "--db", str(db)]
    before = query(db, "SELECT count(*) FROM complaints")
    done: subprocess.CompletedProcess[str] = run_weisu(args, child_env(tmp_path))
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert done.returncode != 0 and len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    assert query(db, "SELECT count(*) FROM complaints") == before


def test_a_csv_duckdb_cannot_parse_fails_alone(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without the mixed-line-end normalisation DuckDB's reader stops on that file ("CSV Parser
    state machine reached an invalid state"); that must fail the file, not the whole run."""
    monkeypatch.setattr(sources, "mixed_line_endings", lambda _path: False)
    monkeypatch.setenv("WEISU_HASH_KEY", "reliability-key")
    bad, good = ingest([corpus / "mixed_line_endings.csv", corpus / "utf8_bom.csv"], tmp_path / "w.duckdb")
    assert bad.status == "failed" and bad.message.startswith("mixed_line_endings.csv: malformed CSV")
    assert "\n" not in bad.message
    assert good.status == "ok" and good.rows_loaded == 3
    assert invariant_violations(tmp_path / "w.duckdb") == []


def _forged_bomb(path: Path, real_bytes: int, declared: int) -> Path:
    """A workbook-shaped zip whose one big part declares a small size in both headers."""
    import struct
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * real_bytes)
    data = bytearray(path.read_bytes())
    local = data.find(b"PK\x03\x04")
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, local + 22, declared)
    struct.pack_into("<I", data, central + 24, declared)
    path.write_bytes(bytes(data))
    return path


def test_a_forged_size_header_does_not_get_a_bomb_past_the_guard(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sources, "MAX_XLSX_UNCOMPRESSED", 1 << 20)
    monkeypatch.setenv("WEISU_HASH_KEY", "reliability-key")
    bomb = _forged_bomb(tmp_path / "forged.xlsx", real_bytes=8 << 20, declared=1000)
    import zipfile

    assert sum(i.file_size for i in zipfile.ZipFile(bomb).infolist()) == 1000  # declared: harmless
    [result] = ingest([bomb], tmp_path / "w.duckdb")
    assert result.status == "failed"
    assert result.message.startswith("forged.xlsx: not a valid .xlsx (damaged zip archive:")
    assert result.rows_read == 0
