"""A child process for kill tests: ingests files and prints each stage as it starts.

``python ingest_driver.py DB FILE...`` prints ``stage <file> <name>`` and ``done <file>``
lines (flushed), so a test can kill it inside a chosen stage of a chosen file.
"""

from __future__ import annotations

import sys
from pathlib import Path

from analytics import warehouse as wh
from analytics.ingest.load import ingest_files


def main(argv: list[str]) -> int:
    db, files = Path(argv[0]), [Path(a) for a in argv[1:]]
    with wh.connect(db) as con:
        ingest_files(
            con,
            files,
            stage=lambda path, name: print(f"stage {path.name} {name}", flush=True),
            progress=lambda r: print(f"done {r.file.name} {r.status}", flush=True),
        )
    print("finished", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
