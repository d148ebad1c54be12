"""The scale-out path: where per-series forecast fitting runs.

``thread`` (the default) fits on this machine's cores in a process pool. ``dask`` fits on a Dask
cluster: an existing one at ``dask_address`` (``dask scheduler`` plus ``dask worker ADDRESS`` on
each machine, each with Weisu installed), or a local cluster of worker processes when no address
is given. Only pure, picklable work goes there (frames in, frames out); the warehouse connection
and every write stay in the flow process, because DuckDB allows one writer per file.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Literal

from analytics.errors import WeisuError
from forecasts.parallel import Workers, available_cores

TaskRunner = Literal["thread", "dask"]


@contextlib.contextmanager
def fitting_workers(task_runner: TaskRunner, dask_address: str | None = None) -> Iterator[Workers]:
    """What forecasting fans out to for the length of the block (None: local processes)."""
    if task_runner == "thread":
        yield None
        return
    if task_runner != "dask":
        raise WeisuError(f"unknown task runner {task_runner!r}: use thread or dask")
    with _dask_client(dask_address) as client:
        yield client.get_executor()


@contextlib.contextmanager
def _dask_client(address: str | None) -> Iterator[object]:
    try:
        from distributed import Client, LocalCluster
    except ImportError as err:  # pragma: no cover - prefect-dask brings it
        raise WeisuError("the dask task runner needs `distributed` (pip install prefect-dask)") from err
    if address:
        try:
            client = Client(address, timeout="15s")
        except OSError as err:
            raise WeisuError(f"cannot reach the Dask scheduler at {address}: {err}") from None
        with client:
            yield client
        return
    workers = available_cores()
    with (
        LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client
