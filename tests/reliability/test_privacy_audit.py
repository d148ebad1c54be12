"""Issue 9 part 3 and issue 15: no planted phone or ID number leaves the warehouse in clear.

A small demo inbox gets two extra exports whose texts, addresses and caller column carry
planted mobiles, landlines and ID numbers (some rows quarantined, so the quarantine's raw JSON
is covered too): plain ones, and every written form of the privacy corpus
(``corpus/privacy/variants.txt``: full-width, spaced, Chinese numerals, other scripts' digits,
every dash, glued to letters...). Then, in child processes like an operator's: the nightly
flow (ingest, marts, Great Expectations + Data Docs, reports, markdown summary, Prefect
artifact), ``weisu report``, ``weisu rates --out``, ``rank``, ``risk``, ``status`` and a
seasonal-naive ``forecast``. Every file they wrote (HTML, JSON, markdown, CSV, Data Docs,
Prefect's SQLite with artifacts and logs) and everything they printed is scanned for the
planted numbers, as written and as plain digits; so are the warehouse's text columns. The raw
inputs (inbox/archive) are the only place the numbers may remain.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from demo import write_demo
from tests.analytics.ingest.helpers_ingest import HEADER, good_row, write_csv
from tests.reliability.corpus.privacy import variants
from tests.reliability.warehouse_state import PYTHON, REPO, child_env, query, run_weisu

pytestmark = pytest.mark.slow
START, END = dt.date(2024, 3, 1), dt.date(2024, 3, 14)
AS_OF = "2024-03-15"
MOBILES = [f"139{i:08d}" for i in range(1, 13)]
CALLERS = [f"137{i:08d}" for i in range(1, 13)]
IDS = [f"11010519900101{i:03d}X" for i in range(1, 13)]
LANDLINES = [f"010-6512{i:04d}" for i in range(1, 13)]
VARIANTS = variants()
#: Each variant as written and as its plain digits: neither may appear outside the inputs.
WRITTEN = [form for v in VARIANTS for form in (v.written, v.digits)]
PLANTED = [*MOBILES, *CALLERS, *IDS, *LANDLINES, *(n.replace("-", "") for n in LANDLINES), *WRITTEN]
SCRIPT = "<script>alert('pii-audit')</script>"


def _plant(inbox: Path) -> None:
    rows = []
    for i in range(12):
        text = (
            f"我的手机{MOBILES[i]}，身份证{IDS[i]}，座机{LANDLINES[i]}，物业不作为{SCRIPT}"
            if i % 2
            else f"请回电{MOBILES[i]}，证件号{IDS[i]}，{LANDLINES[i]}小区噪音"
        )
        rows.append(
            good_row(
                900 + i,
                来电时间=f"2024-03-{10 + i % 4} 10:{i:02d}:00",
                诉求内容=text,
                来电号码=CALLERS[i],
                办结时间="2024-03-14 18:00:00",
                **({"区": "火星区"} if i % 4 == 3 else {}),
            )
        )  # 3 quarantined
    write_csv(inbox / "12345_export_2024-03-14_pii.csv", rows)
    _plant_variants(inbox)


#: Places for the variants, so each district page's newest open complaints show some of them.
PLACES = [
    ("东城区", "东华门街道"),
    ("西城区", "西长安街街道"),
    ("朝阳区", "建外街道"),
    ("丰台区", "右安门街道"),
    ("石景山区", "八宝山街道"),
    ("海淀区", "万寿路街道"),
    ("通州区", "中仓街道"),
    ("昌平区", "城北街道"),
]


def _plant_variants(inbox: Path) -> None:
    """Every written form in a text, an address and (phones) the caller column of an open
    complaint received last thing on the last day (so district pages list it); every fourth row
    in an unknown district, so it is quarantined with its raw values."""
    rows = []
    for i, variant in enumerate(VARIANTS):
        district, street = PLACES[i % len(PLACES)] if i % 4 != 3 else ("火星区", "望京街道")
        rows.append(
            good_row(
                800 + i,
                来电时间=f"2024-03-14 23:{i:02d}:00",
                区=district,
                街乡镇=street,
                诉求内容=f"小区噪音扰民，请回电{variant.written}，物业不管",
                地址=f"望京西园{variant.written}号",
                来电号码=variant.written if variant.is_phone else f"1361234{i:04d}",
                办结时间="",
                是否解决="未解决",
                是否满意="",
            )
        )
    write_csv(inbox / "12345_export_2024-03-14_pii_variants.csv", rows, header=[*HEADER, "地址"])


def _outputs(data: Path) -> list[Path]:
    skip = {"inbox", "archive"}
    return [
        p
        for p in data.rglob("*")
        if p.is_file()
        and not skip & set(p.relative_to(data).parts)
        and not p.name.startswith(("warehouse.duckdb", "caller_hash.key", "warm"))
    ]


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    data = tmp_path_factory.mktemp("privacy") / "data"
    write_demo(data / "inbox", start=START, end=END, scale=0.01, seed=3, dirty_rate=0.01)
    _plant(data / "inbox")
    env = child_env(data)
    runs: list[subprocess.CompletedProcess[str]] = [
        subprocess.run(
            [PYTHON, str(Path(__file__).with_name("nightly_driver.py")), AS_OF],
            env=env,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=300,
        )
    ]
    for args in (
        ["report", "--as-of", AS_OF],
        ["status"],
        ["rates", "--level", "unit", "--out", str(data / "exports" / "rates.csv")],
        ["rank", "--level", "street"],
        ["risk"],
        ["forecast", "--model", "snaive", "--level", "district", "--horizon", "7", "--workers", "1"],
    ):
        (data / "exports").mkdir(exist_ok=True)
        runs.append(run_weisu(args, env, timeout=300))
    printed = [f"$ {run.args}\n{run.stdout}\n{run.stderr}" for run in runs]
    return data, printed


def test_every_command_ran(audited) -> None:
    data, printed = audited
    assert (data / "exports" / "rates.csv").exists()
    assert list((data / "reports").rglob("*.html")) and list((data / "reports").rglob("*.md"))
    assert list((data / "reports" / "data_docs").rglob("*.html"))
    assert query(
        data / "warehouse.duckdb", "SELECT count(*) FROM complaints WHERE record_id LIKE 'BJ0009%'"
    ) == [(9,)]
    assert query(
        data / "warehouse.duckdb", "SELECT count(*) FROM quarantine WHERE raw::VARCHAR LIKE '%BJ0009%'"
    ) == [(3,)]
    quarantined = len(range(3, len(VARIANTS), 4))
    assert query(
        data / "warehouse.duckdb", "SELECT count(*) FROM complaints WHERE record_id LIKE 'BJ0008%'"
    ) == [(len(VARIANTS) - quarantined,)]
    assert query(
        data / "warehouse.duckdb", "SELECT count(*) FROM quarantine WHERE raw::VARCHAR LIKE '%BJ0008%'"
    ) == [(quarantined,)]
    for text in printed[1:]:
        assert "Traceback" not in text, text[-2000:]


def test_prefect_artifacts_and_logs_were_scanned(audited) -> None:
    data, _printed = audited
    [home_db] = list((data / "prefect").rglob("*.db"))
    with sqlite3.connect(home_db) as con:
        artifacts = con.execute("SELECT data FROM artifact").fetchall()
    assert artifacts and any("Weisu" in (a[0] or "") or "rows" in (a[0] or "") for a in artifacts)
    assert home_db in _outputs(data)


def _in_bytes(planted: str, blob: bytes) -> bool:
    """Whether ``blob`` holds ``planted`` as UTF-8 or as ASCII-escaped JSON (``\\uff11``)."""
    escaped = json.dumps(planted)[1:-1]
    return planted.encode() in blob or escaped.encode() in blob


def test_no_planted_number_in_any_output_file_or_print(audited) -> None:
    data, printed = audited
    leaks = []
    for path in _outputs(data):
        blob = path.read_bytes()
        leaks += [f"{path.relative_to(data)}: {n}" for n in PLANTED if _in_bytes(n, blob)]
    for text in printed:
        leaks += [f"{text[:60]!r}: {n}" for n in PLANTED if n in text]
    assert leaks == []


def test_no_planted_number_in_the_warehouse_text(audited) -> None:
    data, _printed = audited
    columns = ("content", "address", "caller_hash", "record_id", "handling_unit")
    # the values themselves, not their repr (which would escape a no-break or zero-width space)
    text = "\n".join(
        str(v) for c in columns for (v,) in query(data / "warehouse.duckdb", f"SELECT {c} FROM complaints")
    )
    text += "\n".join(str(v) for (v,) in query(data / "warehouse.duckdb", "SELECT raw FROM quarantine"))
    assert [n for n in PLANTED if n in text] == []


def test_injected_script_is_shown_as_text_in_reports(audited) -> None:
    data, _printed = audited
    pages = [p for p in (data / "reports").rglob("*.html")]
    assert not [p for p in pages if SCRIPT in p.read_text(encoding="utf-8", errors="ignore")]


def test_the_scan_would_see_a_leak(audited) -> None:
    """Negative control: the same scan finds the numbers in the raw input, the one place they
    are allowed, and covers a real number of output files."""
    data, _printed = audited
    raw = (data / "archive" / "12345_export_2024-03-14_pii.csv").read_bytes()
    assert all(n.encode() in raw for n in MOBILES + CALLERS + IDS)
    raw = (data / "archive" / "12345_export_2024-03-14_pii_variants.csv").read_bytes()
    assert all(v.written.encode() in raw for v in VARIANTS)
    assert len(_outputs(data)) >= 20
