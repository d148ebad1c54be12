"""Issue 15, item 6: every bad profile is one line naming its key, before any file is read —
never a traceback from YAML, Python or DuckDB in the middle of a batch."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from analytics import warehouse as wh
from analytics.errors import ProfileError
from flows.cli import app
from tests.analytics.ingest.helpers_ingest import good_row, ingest_into, write_csv

#: A profile that works on the helpers' export; each case below breaks one key of it.
GOOD = {
    "name": "mine",
    "fields": (
        "\n  record_id: [工单编号]\n  received_at: [来电时间]\n  district: [区]\n  content: [诉求内容]"
    ),
}

# case: (YAML appended to, or replacing a line of, the good profile; the key; the reason)
CASES: dict[str, tuple[str, str, str]] = {
    "backreference": (
        "district: {pattern: '(朝)\\1', from: content}",
        "fields.district.pattern",
        "invalid escape sequence: \\1",
    ),
    "look-behind": (
        "district: {pattern: '(?<=北京市)朝阳区', from: content}",
        "fields.district.pattern",
        "invalid perl operator: (?<",
    ),
    "pattern-number": (
        "district: {pattern: 5, from: content}",
        "fields.district.pattern",
        "expected text, got the number 5",
    ),
    "pattern-without-from": (
        "district: {pattern: '朝阳区'}",
        "fields.district.pattern",
        "needs `from`: the field whose text the pattern searches",
    ),
    "base64": ("encoding: base64", "encoding", "'base64' is not a text encoding"),
    "no-such-encoding": ("encoding: klingon", "encoding", "unknown encoding 'klingon'"),
    "year-only-string": (
        "timestamp_formats: '%Y'",
        "timestamp_formats[0]",
        "'%Y' has no month or day: a format must make a whole date (e.g. '%Y-%m-%d %H:%M:%S')",
    ),
    "no-day": (
        "timestamp_formats: ['%Y-%m-%d %H:%M', '%Y-%m']",
        "timestamp_formats[1]",
        "'%Y-%m' has no day: a format must make a whole date (e.g. '%Y-%m-%d %H:%M:%S')",
    ),
    "duckdb-format": (
        "timestamp_formats: ['%Y-%m-%d %Q']",
        "timestamp_formats[0]",
        "Failed to parse format specifier %Y-%m-%d %Q: Unrecognized format for strftime/strptime: %Q",
    ),
    "list-for-fields": (
        "fields: [record_id, content]",
        "fields",
        "expected a mapping (key: value), got a list",
    ),
    "list-for-value-maps": (
        "value_maps: [a, b]",
        "value_maps",
        "expected a mapping (key: value), got a list",
    ),
    "list-in-value-map": (
        "value_maps: {status: [a, b]}",
        "value_maps.status",
        "expected a mapping (key: value), got a list",
    ),
    "list-for-districts": (
        "area: list\ndistricts: [东城, 西城]",
        "districts",
        "expected a mapping (key: value), got a list",
    ),
    "mapping-for-words": ("true_words: {好: yes}", "true_words", "expected text, got a mapping"),
    "mapping-in-aliases": ("content: [{诉求内容: x}]", "fields.content[0]", "expected text, got a mapping"),
    "made-up-timezone": (
        "timezone: Mars/Olympus_Mons",
        "timezone",
        "unknown time zone 'Mars/Olympus_Mons' (e.g. Asia/Shanghai)",
    ),
    "unknown-key": ("timestamp_format: ['%Y-%m-%d']", "timestamp_format", "unknown key; known:"),
}


def _profile(tmp_path: Path, change: str) -> Path:
    """The good profile with ``change``: a field line replaces its namesake, anything else is
    added (or replaces a top-level key of the same name)."""
    fields = GOOD["fields"]
    name = change.split(":")[0]
    lines = [f"  {change}" if line.strip().startswith(f"{name}:") else line for line in fields.split("\n")]
    body = "\n".join(lines)
    top = "" if body != fields else change
    if name == "fields":
        text = f"name: {GOOD['name']}\n{change}\n"
    else:
        text = f"name: {GOOD['name']}\nfields:{body}\n{top}\n"
    path = tmp_path / "my.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_bad_profile_is_one_line_naming_the_key(case: str, tmp_path: Path, db: Path) -> None:
    change, key, reason = CASES[case]
    profile = _profile(tmp_path, change)
    export = write_csv(tmp_path / "a.csv", [good_row(1)])
    with pytest.raises(ProfileError) as raised:
        ingest_into([export], profile=str(profile), db=db)
    message = str(raised.value)
    assert message.startswith(f"profile {profile}: {key}: {reason}"), message
    assert "\n" not in message
    with wh.read_only(db) as con:  # refused before any file: no batch, not even a failed one
        assert con.execute("SELECT count(*) FROM ingest_batches").fetchall() == [(0,)]


def test_the_good_profile_loads(tmp_path: Path, db: Path) -> None:
    profile = _profile(tmp_path, "timezone: Asia/Shanghai")
    [result] = ingest_into([write_csv(tmp_path / "a.csv", [good_row(1)])], profile=str(profile), db=db)
    assert (result.status, result.rows_loaded) == ("ok", 1), result.message


def test_the_cli_prints_a_bad_profile_in_one_line(tmp_path: Path, db: Path) -> None:
    change, key, reason = CASES["backreference"]
    profile = _profile(tmp_path, change)
    export = write_csv(tmp_path / "a.csv", [good_row(1)])
    done = CliRunner().invoke(app, ["ingest", str(export), "--profile", str(profile), "--db", str(db)])
    assert done.exit_code == 1
    lines = [line for line in done.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in done.output, done.output
    assert lines[0] == f"error: profile {profile}: {key}: {reason}"
