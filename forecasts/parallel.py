"""Fan a pure per-series function out over processes, with a progress callback.

Pools use ``forkserver`` (or ``spawn``), never ``fork``: once the parent has fitted a Prophet
model, cmdstanpy has used polars' thread pool, which does not survive a fork, and a forked worker
deadlocks (stack-notes.md). The fork server is a fresh interpreter that only imports the
``preload`` modules and never fits, so forking workers from it is safe, and each worker starts
with Prophet / statsforecast already imported instead of spending seconds importing them
itself. Workers silence cmdstanpy before their first fit.

A pool costs a few seconds to start (the server's imports), so with the default worker count
small jobs run inline; ``workers=1`` always does. ``workers`` may instead be an executor (a Dask
client's ``get_executor()``): the scale-out path, where the same function runs on a cluster.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from typing import TypeVar

from forecasts.errors import ForecastError

T = TypeVar("T")
R = TypeVar("R")
Progress = Callable[[int, int], None]
#: How to fan out: a number of local processes (None: all cores) or an executor to submit to.
Workers = int | Executor | None

#: With the default worker count, below this many items the pool's start-up costs more than it saves.
MIN_ITEMS_FOR_POOL = 16


def available_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        return os.cpu_count() or 1


def _context(preload: Sequence[str]) -> multiprocessing.context.BaseContext:
    if "forkserver" not in multiprocessing.get_all_start_methods():  # pragma: no cover - Windows
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(list(preload))  # no effect once this process's server runs
    return context


def _init_worker() -> None:
    from forecasts.prophet_model import quiet_logs

    quiet_logs()


def _inline(fn: Callable[[T], R], items: Sequence[T], progress: Progress | None) -> list[R]:
    results = []
    for done, item in enumerate(items, start=1):
        results.append(fn(item))
        if progress:
            progress(done, len(items))
    return results


def map_series(
    fn: Callable[[T], R],
    items: Sequence[T],
    workers: Workers = None,
    progress: Progress | None = None,
    preload: Sequence[str] = (),
) -> list[R]:
    """``[fn(item) for item in items]`` on ``workers`` processes (default: all cores) or on the
    executor given as ``workers``, in order.

    ``fn`` must be picklable (a module-level function or a ``functools.partial`` of one).
    ``progress(done, total)`` is called in this process after each item.
    """
    if isinstance(workers, Executor):
        return _submitted(workers, fn, items, progress)
    total = len(items)
    worthwhile = total >= (MIN_ITEMS_FOR_POOL if workers is None else 2)
    workers = min(workers or available_cores(), total)
    if workers <= 1 or not worthwhile:
        return _inline(fn, items, progress)
    try:
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=_context(preload), initializer=_init_worker
        ) as pool:
            return _submitted(pool, fn, items, progress)
    except BrokenProcessPool as err:
        raise ForecastError(
            f"a forecast worker process died ({err}); out of memory? retry with fewer workers"
        ) from err


def _submitted(
    executor: Executor, fn: Callable[[T], R], items: Sequence[T], progress: Progress | None
) -> list[R]:
    out: list[R | None] = [None] * len(items)
    futures = {executor.submit(fn, item): i for i, item in enumerate(items)}
    for done, future in enumerate(as_completed(futures), start=1):
        out[futures[future]] = future.result()
        if progress:
            progress(done, len(items))
    return out  # type: ignore[return-value]
