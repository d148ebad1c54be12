"""Task runners by name: threads by default, Dask (local cluster or a scheduler address)."""

from __future__ import annotations

from typing import Any

from analytics.errors import WeisuError

TASK_RUNNERS = ("thread", "dask")


def task_runner_for(name: str = "thread", dask_address: str | None = None, dask_workers: int = 2) -> Any:
    """A Prefect task runner: ``thread`` (in-process pool) or ``dask``.

    ``dask`` connects to ``dask_address`` if given, else starts a local cluster of
    ``dask_workers`` single-threaded worker processes for the flow run.
    """
    if name == "thread":
        from prefect.task_runners import ThreadPoolTaskRunner

        return ThreadPoolTaskRunner()
    if name != "dask":
        raise WeisuError(f"unknown task runner {name!r}: use one of {', '.join(TASK_RUNNERS)}")
    try:
        from prefect_dask import DaskTaskRunner
    except ImportError:
        raise WeisuError(
            "the dask task runner needs prefect-dask: pip install 'prefect-dask>=0.3.7'"
        ) from None
    if dask_address:
        return DaskTaskRunner(address=dask_address)
    return DaskTaskRunner(
        cluster_kwargs={
            "n_workers": dask_workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )
