"""A child process for the themes crash test: one theme refresh with the test's parameters.

``python refresh_driver.py DB AS_OF`` refreshes the warehouse at DB as of AS_OF and exits 0; with
``WEISU_FAULT_AFTER_STATEMENTS=N`` the warehouse module ends the process (exit 137, as
``kill -9`` would) right after the refresh's N-th statement.
"""

from __future__ import annotations

import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

from analytics import warehouse as wh
from analytics.themes.discovery import ThemeParams
from analytics.themes.refresh import RefreshParams, refresh_themes

#: Small data, so small numbers: a few ingest batches per step and pool pages of 1,500
#: complaints make the step write in several pieces, each of which a kill may follow.
CRASH_PARAMS = RefreshParams(
    themes=replace(ThemeParams(), min_size=15, n_init=1),
    train_rows=5_000,
    batch_step=1,
    assign_chunk=1_500,
)


def main(db: str, as_of: str) -> int:
    with wh.connect(Path(db)) as con:
        refresh_themes(con, date.fromisoformat(as_of), CRASH_PARAMS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
