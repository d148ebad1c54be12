"""Warehouses for the notebook runs: the demo months, and a copy with forecasts and themes."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reports.warehouses import (
    add_forecasts,
    add_theme_tables,
    cached_demo_warehouse,
    copy_warehouse,
)


@pytest.fixture(scope="session")
def notebook_warehouses(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    demo = cached_demo_warehouse(tmp_path_factory.getbasetemp())
    full = copy_warehouse(demo, tmp_path_factory.mktemp("notebook-full"))
    add_forecasts(full)
    add_theme_tables(full)
    return {"demo": demo, "full": full}
