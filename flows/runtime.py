"""Embedded Prefect: where Prefect keeps its state, and quiet defaults — set before import.

Prefect runs in local ephemeral mode (no server): with no ``PREFECT_API_URL`` a flow run
starts a temporary server on loopback and keeps its state in ``PREFECT_HOME`` (SQLite).
:func:`configure` points ``PREFECT_HOME`` at a folder the user owns — never ``~/.prefect``,
so a read-only HOME works — and turns off telemetry that fails offline. It only sets values
the environment does not already set, and must run before ``prefect`` is first imported
(``flows/__init__.py`` calls it, so importing any flow module is enough).
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULTS = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_LOGGING_LEVEL": "WARNING",
    "PREFECT_LOGGING_INTERNAL_LEVEL": "ERROR",
    "PREFECT_LOGGING_SERVER_LEVEL": "ERROR",
    "GX_ANALYTICS_ENABLED": "False",
    # The temporary server takes 6-13 s to start on an idle 2-core machine; a busy night
    # (or CI running tests in parallel) can pass Prefect's 20 s default.
    "PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS": "120",
}


def prefect_home(environ: dict[str, str] | None = None) -> Path:
    """``$PREFECT_HOME`` if set, else ``$WEISU_DATA_DIR/prefect`` (default ``data/prefect``)."""
    env = os.environ if environ is None else environ
    if env.get("PREFECT_HOME"):
        return Path(env["PREFECT_HOME"]).expanduser()
    return (Path(env.get("WEISU_DATA_DIR", "data")) / "prefect").resolve()


def configure() -> Path:
    """Set Prefect's home and quiet defaults in the environment; returns the home folder."""
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(home)
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    return home
