"""A refresh for a day already refreshed is a no-op: reruns of a night converge.

Discovery runs once per day. Refreshing a day again with nothing loaded since writes nothing at
all, so the tables are compared whole, wall-clock columns included (none is ignored); with a
late batch loaded since, the rerun absorbs it (classify, assign or pool, that day's hotspots)
and discovers nothing, and the next rerun is again a no-op.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import polars as pl
from typer.testing import CliRunner

from analytics import warehouse as wh
from tests.analytics.themes.conftest import differing, generate, load, refresh, theme_tables
from tests.analytics.themes.test_themes_refresh_cli import _app

runner = CliRunner()


def test_refresh_as_of_a_day_twice_gives_identical_tables(warehouse_copy: Path) -> None:
    app, db = _app(), str(warehouse_copy)
    first = runner.invoke(app, ["themes", "refresh", "--as-of", "2024-03-08", "--db", db])
    assert first.exit_code == 0, first.output
    once = theme_tables(warehouse_copy)
    second = runner.invoke(app, ["themes", "refresh", "--as-of", "2024-03-08", "--db", db])
    assert second.exit_code == 0 and "already refreshed" in second.output, second.output
    assert not differing(theme_tables(warehouse_copy), once)


def test_a_late_batch_for_a_refreshed_day_is_absorbed_without_new_themes(warehouse_copy: Path) -> None:
    late, _ = generate(date(2024, 3, 8), date(2024, 3, 9), 0.005, 11)
    load(late, warehouse_copy.parent, warehouse_copy, "late")
    before = theme_tables(warehouse_copy)
    summary = refresh(warehouse_copy, date(2024, 3, 7))  # the fixture refreshed this day already
    assert summary.complaints == late.height and summary.new_themes == 0 and not summary.unchanged
    after = theme_tables(warehouse_copy)
    assert after["themes"].equals(before["themes"])
    with wh.read_only(warehouse_copy) as con:
        total = con.sql("SELECT count(*) FROM complaints").fetchall()[0][0]
    assert after["complaint_themes"].height + after["theme_pool"].height == total
    # absorbed by stored profiles only; what they miss waits in the pool
    used = after["complaint_themes"].select("theme_id").unique()
    assert used.join(after["themes"], on="theme_id", how="anti").is_empty()
    assert after["theme_pool"].filter(pl.col("received_at") >= pl.datetime(2024, 3, 8)).height > 0
    again = refresh(warehouse_copy, date(2024, 3, 7))
    assert again.unchanged and again.themes == after["themes"].height
    assert not differing(theme_tables(warehouse_copy), after)
