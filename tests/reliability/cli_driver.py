"""A child process running the ``weisu`` command line with the busy-warehouse wait shortened.

``python cli_driver.py ARG...`` is ``weisu ARG...``, except that opening a busy warehouse waits
50 ms between its retries instead of 10 s (the retry count is unchanged).
"""

from __future__ import annotations

import sys

from flows import retries
from flows.cli import main

if __name__ == "__main__":
    retries.WAREHOUSE_RETRY_DELAY_SECONDS = 0.05
    sys.argv = ["weisu", *sys.argv[1:]]
    main()
