"""Prefect flows: thin wiring around the library functions in ``analytics``.

Importing this package configures embedded Prefect (see :mod:`flows.runtime`) before any
flow module imports ``prefect``.
"""

import contextlib

from flows import runtime as _runtime

# An unwritable data folder is reported by the command that needs it, not at import.
with contextlib.suppress(OSError):
    _runtime.configure()
