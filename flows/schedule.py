"""Scheduling the nightly flow.

Without a server: ``serve_nightly()`` (``weisu serve``) keeps a long-running process that
registers the deployment and runs the flow on its cron schedule — the process *is* the
scheduler, so run it under systemd/supervisor. Prefect's ``serve`` talks to an API: with no
``PREFECT_API_URL`` it uses a temporary local server that lives as long as the process.
With a server and a work pool: ``prefect deploy --all`` reads ``prefect.yaml`` at the repo root.
"""

from __future__ import annotations

from typing import Any

DEPLOYMENT_NAME = "weisu-nightly"


def nightly_deployment(
    cron: str = "0 2 * * *", timezone: str = "Asia/Shanghai", parameters: dict[str, Any] | None = None
) -> Any:
    """The nightly deployment (a ``RunnerDeployment``) with its cron schedule."""
    from prefect.schedules import Cron

    from flows.nightly import nightly

    return nightly.to_deployment(
        name=DEPLOYMENT_NAME,
        schedules=[Cron(cron, timezone=timezone)],
        parameters=parameters or {},
        description="Weisu: ingest, refresh marts, validate",
    )


def serve_nightly(
    cron: str = "0 2 * * *", timezone: str = "Asia/Shanghai", parameters: dict[str, Any] | None = None
) -> None:
    """Serve the nightly flow on ``cron`` (in ``timezone``) until interrupted."""
    from prefect import serve

    serve(nightly_deployment(cron, timezone, parameters))
