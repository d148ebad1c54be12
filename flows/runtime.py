"""Embedded Prefect: where Prefect keeps its state, quiet defaults — set before import — and
no temporary server outliving its run.

Prefect runs in local ephemeral mode (no server): with no ``PREFECT_API_URL`` a flow run
starts a temporary server on loopback and keeps its state in ``PREFECT_HOME`` (SQLite).
:func:`configure` points ``PREFECT_HOME`` at a folder the user owns — never ``~/.prefect``,
so a read-only HOME works — and turns off telemetry that fails offline. It only sets values
the environment does not already set, and must run before ``prefect`` is first imported
(``flows/__init__.py`` calls it, so importing any flow module is enough).

Prefect stops its temporary server at interpreter exit; a run killed outright (``kill -9``,
out of memory) never gets there, and the server would run on for good. So every process tags
the server it may start with its own pid and start time (``WEISU_PREFECT_OWNER``, inherited
by the server), and :func:`configure` stops the servers of this ``PREFECT_HOME`` whose owner
is gone. :func:`exit_on_terminate` turns SIGTERM into a normal exit, so a run stopped politely
stops its server at once.
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import threading
from pathlib import Path
from typing import Any

import psutil

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
#: Set in every process to ``<pid>:<start time>``; a temporary server inherits it.
OWNER_VARIABLE = "WEISU_PREFECT_OWNER"
#: How Prefect starts its temporary server (``prefect/server/api/server.py``).
SERVER_APP = "prefect.server.api.server:create_app"
_STOP_SECONDS = 5.0


def prefect_home(environ: dict[str, str] | None = None) -> Path:
    """``$PREFECT_HOME`` if set, else ``$WEISU_DATA_DIR/prefect`` (default ``data/prefect``)."""
    env = os.environ if environ is None else environ
    if env.get("PREFECT_HOME"):
        return Path(env["PREFECT_HOME"]).expanduser()
    return (Path(env.get("WEISU_DATA_DIR", "data")) / "prefect").resolve()


def configure() -> Path:
    """Set Prefect's home and quiet defaults in the environment, tag this process as the owner
    of any server it starts, and stop servers a killed run left; returns the home folder."""
    home = prefect_home()
    home.mkdir(parents=True, exist_ok=True)
    os.environ["PREFECT_HOME"] = str(home)
    for name, value in DEFAULTS.items():
        os.environ.setdefault(name, value)
    os.environ[OWNER_VARIABLE] = _owner_tag(psutil.Process())
    stop_stray_servers(home)
    return home


def _owner_tag(process: psutil.Process) -> str:
    return f"{process.pid}:{int(process.create_time())}"


def _owner_alive(tag: str) -> bool:
    pid, _, started = tag.partition(":")
    try:
        return _owner_tag(psutil.Process(int(pid))) == f"{int(pid)}:{int(started)}"
    except (ValueError, psutil.Error):
        return False


def _is_stray_server(process: psutil.Process, home: Path) -> bool:
    """A temporary Prefect server of ``home`` whose owning run is gone."""
    try:
        if SERVER_APP not in process.cmdline():
            return False
        env = process.environ()
    except psutil.Error:  # gone meanwhile, or another user's process
        return False
    tag = env.get(OWNER_VARIABLE)
    return env.get("PREFECT_HOME") == str(home) and tag is not None and not _owner_alive(tag)


def stray_servers(home: Path) -> list[psutil.Process]:
    """Temporary Prefect servers of ``home`` left running by a run that was killed."""
    me = psutil.Process().uids().real
    return [
        p
        for p in psutil.process_iter()
        if p.pid != os.getpid() and _same_user(p, me) and _is_stray_server(p, home)
    ]


def _same_user(process: psutil.Process, uid: int) -> bool:
    try:
        return bool(process.uids().real == uid)
    except psutil.Error:
        return False


def stop_stray_servers(home: Path) -> list[int]:
    """Stop (terminate, then kill after a few seconds) the servers :func:`stray_servers`
    finds; returns their pids."""
    found = stray_servers(home)
    for process in found:
        with contextlib.suppress(psutil.Error):
            process.terminate()
    _gone, alive = psutil.wait_procs(found, timeout=_STOP_SECONDS)
    for process in alive:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(alive, timeout=_STOP_SECONDS)
    if found:
        logging.getLogger(__name__).info("stopped stray Prefect servers %s", [p.pid for p in found])
    return [p.pid for p in found]


def _exit(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


def exit_on_terminate() -> None:
    """SIGTERM ends the process like Ctrl-C would, through ``atexit``: Prefect stops its
    temporary server there (by default SIGTERM ends Python without running ``atexit``)."""
    main = threading.current_thread() is threading.main_thread()
    if main and signal.getsignal(signal.SIGTERM) in (signal.SIG_DFL, None):
        signal.signal(signal.SIGTERM, _exit)


def run_logger() -> Any:
    """The current Prefect run's logger (its lines reach Prefect's database), or a plain one
    outside a run."""
    from prefect.exceptions import MissingContextError
    from prefect.logging import get_run_logger

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("flows")
