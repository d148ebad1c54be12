"""What a night writes: the files, their size, offline assets, safety of the text, the index."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from analytics import warehouse as wh
from reports import layout
from reports.performance import NO_CHOSEN_TOPICS
from reports.writer import ReportIndex, write_reports
from tests.reports.conftest import GENERATED, write_night
from tests.reports.warehouses import (
    AS_OF,
    CLEAR_ID,
    CLEAR_PHONE,
    INJECTED_DISTRICT,
    PERF_AS_OF,
    SCRIPT_TEXT,
    TOPIC_ID,
)

BUDGET = 2 * 1024 * 1024  # one night's pages, besides the shared plotly.js


def _pages(index: ReportIndex) -> dict[str, str]:
    return {f.path.name: f.path.read_text(encoding="utf-8") for f in index.pages}


def test_a_night_writes_every_page_and_the_shared_assets(written: ReportIndex) -> None:
    names = {f.path.name for f in written.pages}
    assert {"overview.html", f"topics-{AS_OF:%Y-%m}.html", "rankings.html", "risk.html"} <= names
    assert not [n for n in names if n.startswith("impact-")]  # no chosen topic in this warehouse
    assert len([n for n in names if n.startswith("district-")]) == 16  # every demo district
    assert written.index.exists() and written.overview.exists()
    assets = {f.path.name: f.bytes for f in written.assets}
    assert set(assets) == {"plotly.min.js", "weisu.css", "weisu.js"}
    assert assets["plotly.min.js"] > 3_000_000


def test_one_night_is_small(written: ReportIndex) -> None:
    sizes = sorted(((f.bytes, f.path.name) for f in written.pages), reverse=True)
    print(f"\n{written.summary()}; largest: {sizes[0][1]} {sizes[0][0] / 1024:.0f} KB")
    assert written.pages_bytes < BUDGET
    assert all(size < 200_000 for size, _ in sizes)


def test_offline_plotly_once_and_no_cdn(written: ReportIndex) -> None:
    out = written.index.parent
    assert [p.relative_to(out).as_posix() for p in out.rglob("plotly*.js")] == ["assets/plotly.min.js"]
    for name, html in _pages(written).items() | {("index.html", written.index.read_text("utf-8"))}:
        sources = re.findall(r'(?:src|href)="([^"]*)"', html)
        assert not [s for s in sources if re.match(r"^[a-z]+:|^//", s)], name
        assert "cdn" not in html.lower(), name
    overview = _pages(written)["overview.html"]
    assert '<script src="../assets/plotly.min.js">' in overview


def test_complaint_text_is_escaped_and_masked(written: ReportIndex) -> None:
    pages = _pages(written)
    every = "\n".join([*pages.values(), written.index.read_text("utf-8")])
    assert "<script>alert(1)" not in every
    assert "onerror=alert(2)>" not in every  # a hostile theme label
    assert CLEAR_PHONE not in every and CLEAR_ID not in every and "13900001111" not in every
    assert "callerhash-must-not-show" not in every
    district = pages[layout.district_file(INJECTED_DISTRICT)]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in district
    assert "[电话]" in district and "[身份证号]" in district
    assert SCRIPT_TEXT.replace("<", "&lt;").replace(">", "&gt;") in district


def test_sections_show_the_optional_analyses(written: ReportIndex, written_bare: ReportIndex) -> None:
    full, bare = _pages(written), _pages(written_bare)
    topics = f"topics-{AS_OF:%Y-%m}.html"
    assert "夜间施工噪音" in full[topics] and "candidate-3" in full[topics] and "difficulty" in full[topics]
    assert "&lt;img src=x onerror=alert(2)&gt;楼道照明" in full[topics]
    assert "尚未计算" in bare[topics] and "candidate-1" not in bare[topics]
    assert "东城区 · 城乡建设" in full["overview.html"] and "望京街道" in full["overview.html"]
    assert bare["overview.html"].count("尚未计算") == 3  # early warnings, hotspots, 三率 step
    assert "尚未计算" in bare["rankings.html"] and "chart-composite" not in bare["rankings.html"]
    assert "chart-composite" in full["rankings.html"] and "chart-components" in full["risk.html"]
    assert NO_CHOSEN_TOPICS in full["overview.html"] and "impact-" not in full["overview.html"]
    assert '"name":"预测"' in full["overview.html"] and '"name":"预测"' not in bare["overview.html"]


def test_index_links_every_page(written: ReportIndex) -> None:
    html = written.index.read_text("utf-8")
    night = layout.night_dir(AS_OF)
    for f in written.pages:
        assert f'href="{night}/{f.path.name}"' in html
    manifest = json.loads((written.night_dir / "manifest.json").read_text("utf-8"))
    assert {m["file"] for m in manifest} == {f.path.name for f in written.pages}


def test_rewriting_a_night_is_stable_and_keeps_other_months(full_db: Path, tmp_path: Path) -> None:
    first = write_night(full_db, tmp_path, generated_at=GENERATED)
    before = {f.path.name: f.path.read_bytes() for f in first.pages}
    plotly = tmp_path / "assets" / "plotly.min.js"
    stamp = plotly.stat().st_mtime_ns
    again = write_night(full_db, tmp_path, generated_at=GENERATED)
    assert {f.path.name: f.path.read_bytes() for f in again.pages} == before
    assert plotly.stat().st_mtime_ns == stamp  # plotly.js not rewritten
    stale = first.night_dir / "district-gone.html"
    stale.write_text("old", encoding="utf-8")
    manifest = first.night_dir / "manifest.json"
    entries = json.loads(manifest.read_text("utf-8"))
    manifest.write_text(
        json.dumps([*entries, {"file": stale.name, "title": "旧", "kind": "district", "bytes": 3}]),
        encoding="utf-8",
    )
    other = write_night(full_db, tmp_path, month=dt.date(2024, 5, 1), generated_at=GENERATED)
    assert not stale.exists()  # a page an earlier run wrote and this one did not
    assert (other.night_dir / "topics-2024-06.html").exists()  # the other month stays listed
    html = other.index.read_text("utf-8")
    assert "topics-2024-06.html" in html and "topics-2024-05.html" in html


def test_nights_are_listed_newest_first(demo_db: Path, tmp_path: Path) -> None:
    write_night(demo_db, tmp_path, AS_OF - dt.timedelta(days=7), generated_at=GENERATED)
    index = write_night(demo_db, tmp_path, generated_at=GENERATED)
    html = index.index.read_text("utf-8")
    assert html.index("2024-06-01/overview.html") < html.index("2024-05-25/overview.html")


def test_data_docs_linked_when_present(demo_db: Path, tmp_path: Path) -> None:
    (tmp_path / "data_docs").mkdir()
    (tmp_path / "data_docs" / "index.html").write_text("<html></html>", encoding="utf-8")
    index = write_night(demo_db, tmp_path, generated_at=GENERATED)
    assert 'href="../data_docs/index.html"' in index.overview.read_text("utf-8")


def test_reports_read_through_a_read_write_connection_too(demo_db: Path, tmp_path: Path) -> None:
    """The nightly flow passes its own (read-write) connection: same pages, nothing written."""
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(demo_db.read_bytes())
    read_only = write_night(copy, tmp_path / "a", generated_at=GENERATED)
    with wh.connect(copy) as con:
        read_write = write_reports(con, tmp_path / "b", AS_OF, generated_at=GENERATED)
    assert {f.path.name: f.path.read_bytes() for f in read_write.pages} == {
        f.path.name: f.path.read_bytes() for f in read_only.pages
    }


def test_a_chosen_topic_gets_an_impact_page_linked_from_overview_and_index(perf_written: ReportIndex) -> None:
    pages = _pages(perf_written)
    impact = layout.impact_file(TOPIC_ID)
    assert impact in pages and "显著下降" in pages[impact]
    assert "chart-volume" in pages[impact] and "chart-rates" in pages[impact]
    assert f'href="{impact}"' in pages["overview.html"]
    assert f'href="{layout.night_dir(PERF_AS_OF)}/{impact}"' in perf_written.index.read_text("utf-8")
    every = "\n".join(pages.values())
    assert "13900002222" not in every and "[电话]" in pages[impact]  # the topic label, masked
    sizes = {f.path.name: f.bytes for f in perf_written.pages}
    print(
        f"\nperformance pages: rankings {sizes['rankings.html'] / 1024:.0f} KB, risk "
        f"{sizes['risk.html'] / 1024:.0f} KB, impact {sizes[impact] / 1024:.0f} KB"
    )
    assert all(sizes[n] < 200_000 for n in ("rankings.html", "risk.html", impact))
