"""A child process that holds the warehouse open until its stdin closes.

``python holder.py DB rw|ro`` opens the warehouse read-write (``connect``) or read-only
(``read_only``) — like a notebook or a long report — prints ``held`` and waits; if opening fails
it prints ``error: <message>`` and exits 1.
"""

from __future__ import annotations

import sys

from analytics import warehouse as wh
from analytics.errors import WeisuError


def main(db: str, mode: str) -> int:
    opener = wh.connect if mode == "rw" else wh.read_only
    try:
        with opener(db) as con:
            con.execute("SELECT count(*) FROM complaints").fetchall()
            print("held", flush=True)
            sys.stdin.read()
    except WeisuError as err:
        print(f"error: {err}", flush=True)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1], sys.argv[2]))
