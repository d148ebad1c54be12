"""Write ``analytics/sql/schema/current.sql`` from a freshly migrated in-memory warehouse."""

from __future__ import annotations

import tempfile
from pathlib import Path

from analytics import warehouse as wh

TARGET = Path(__file__).resolve().parents[1] / "analytics" / "sql" / "schema" / "current.sql"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder, wh.connect(Path(folder) / "w.duckdb") as con:
        TARGET.write_text(wh.schema_snapshot(con), encoding="utf-8")
    print(TARGET)


if __name__ == "__main__":
    main()
