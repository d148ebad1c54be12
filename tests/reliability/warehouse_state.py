"""Invariants and snapshots of a warehouse, shared by the reliability tests.

Every check opens the warehouse read-only, so it also proves the file is openable (and its
WAL replayed) after whatever the test did to the process that wrote it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from analytics import warehouse as wh
from analytics.ingest.load import BatchResult, ingest_files

REPO = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
WEISU = str(Path(sys.executable).with_name("weisu"))


def child_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a child Weisu process: its own data folder, a fixed hashing key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("WEISU_", "PREFECT_"))}
    env.update(
        {
            "WEISU_DATA_DIR": str(data_dir),
            "WEISU_HASH_KEY": "reliability-key",
            "PREFECT_HOME": str(data_dir / "prefect"),
            "PYTHONPATH": str(REPO),
            "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "NO_COLOR": "1",
            "COLUMNS": "200",
        },
        **extra,
    )
    return env


def run_weisu(
    args: list[str], env: dict[str, str], timeout: float = 120, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WEISU, *args], env=env, cwd=cwd or REPO, capture_output=True, text=True, timeout=timeout
    )


def ingest(paths: list[Path], db: Path) -> list[BatchResult]:
    """Ingest ``paths`` into the warehouse at ``db`` in this process, one connection for all."""
    with wh.connect(db) as con:
        return ingest_files(con, paths)


def query(db: Path, sql: str) -> list[tuple]:
    with wh.read_only(db) as con:
        return con.execute(sql).fetchall()


def invariant_violations(db: Path) -> list[str]:
    """Every way the warehouse breaks the ingest contract; empty when it is consistent."""
    problems = []
    with wh.read_only(db) as con:

        def rows(sql: str) -> list[tuple]:
            return con.execute(sql).fetchall()

        running = rows("SELECT batch_id, file_name FROM ingest_batches WHERE status = 'running'")
        if running:
            problems.append(f"batches left 'running': {running}")
        unbalanced = rows(
            "SELECT batch_id FROM ingest_batches WHERE status = 'ok' AND rows_read <> "
            "rows_loaded + rows_updated + rows_duplicate + rows_quarantined"
        )
        if unbalanced:
            problems.append(f"unbalanced batches: {unbalanced}")
        loaded, complaints = rows(
            "SELECT (SELECT coalesce(sum(rows_loaded), 0) FROM ingest_batches WHERE status = 'ok'),"
            " (SELECT count(*) FROM complaints)"
        )[0]
        if loaded != complaints:
            problems.append(f"complaints {complaints} != loaded in ok batches {loaded}")
        orphans = rows(
            "SELECT count(*) FROM complaints c LEFT JOIN ingest_batches b "
            "ON b.batch_id = c.batch_id AND b.status = 'ok' WHERE b.batch_id IS NULL"
        )[0][0]
        if orphans:
            problems.append(f"{orphans} complaints whose batch is not an ok batch")
        mismatched = rows(
            "SELECT b.batch_id, b.rows_quarantined, count(q.batch_id) FROM ingest_batches b "
            "LEFT JOIN quarantine q USING (batch_id) GROUP BY ALL "
            "HAVING b.rows_quarantined <> count(q.batch_id)"
        )
        if mismatched:
            problems.append(f"quarantine rows differ from batch counts: {mismatched}")
    return problems


def final_state(db: Path) -> dict[str, object]:
    """What an ingest must end with however it got there: the record versions and the
    quarantine, keyed by file name (batch ids differ between an interrupted and a clean run)."""
    with wh.read_only(db) as con:
        records = set(con.execute("SELECT source, record_id, row_hash FROM complaints").fetchall())
        quarantine = dict(
            con.execute(
                "SELECT b.file_name, count(q.batch_id) FROM ingest_batches b "
                "LEFT JOIN quarantine q USING (batch_id) WHERE b.status = 'ok' GROUP BY ALL"
            ).fetchall()
        )
        files_ok = sorted(
            r[0]
            for r in con.execute(
                "SELECT DISTINCT file_name FROM ingest_batches WHERE status = 'ok'"
            ).fetchall()
        )
    return {"records": records, "quarantine_by_file": quarantine, "files_ok": files_ok}
