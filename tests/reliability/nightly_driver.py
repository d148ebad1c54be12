"""A child process running one nightly flow without forecasts (Prophet is not under test).

``python nightly_driver.py AS_OF`` uses ``WEISU_DATA_DIR`` for the inbox, warehouse and reports;
prints ``ok <status>`` or ``failed <reason>`` and exits 0 / 1.
"""

from __future__ import annotations

import datetime as dt
import sys

from flows import runtime


def main(as_of: str) -> int:
    runtime.configure()
    from flows.nightly import nightly

    state = nightly(as_of=dt.date.fromisoformat(as_of), forecast_level=None, return_state=True)
    if not state.is_completed():
        print(f"failed {state.message}", flush=True)
        return 1
    print(f"ok {state.result().status}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1]))
