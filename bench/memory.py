"""Peak memory of a process tree, sampled on a thread: what every bench reports as "peak".

The resident sizes (RSS) of the root and all its descendants are summed — conservative, since a
page shared by several processes (forecast workers forked from one server) counts once per
process; with ``pss=True`` the proportional sizes (PSS, shared pages split between their
sharers) are summed too, which reads each process's smaps and so suits slower sampling.
"""

from __future__ import annotations

import threading

import psutil


class TreeSampler:
    """``with TreeSampler() as tree: ...`` then ``tree.rss_mib`` (and ``tree.pss_mib``)."""

    def __init__(self, root: int | None = None, interval: float = 0.05, pss: bool = False) -> None:
        self.root = psutil.Process(root)
        self.interval = interval
        self.pss = pss
        self.peak_rss = self.peak_pss = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> None:
        rss = pss = 0
        try:
            members = [self.root, *self.root.children(recursive=True)]
        except psutil.Error:  # the root has exited
            return
        for proc in members:
            try:  # a worker may exit between listing and reading
                info = proc.memory_full_info() if self.pss else proc.memory_info()
            except psutil.Error:
                continue
            rss += info.rss
            pss += info.pss if self.pss else 0
        self.peak_rss, self.peak_pss = max(self.peak_rss, rss), max(self.peak_pss, pss)

    def _run(self) -> None:
        while not self._done.wait(self.interval):
            self.sample()

    def __enter__(self) -> TreeSampler:
        self.sample()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
        self.sample()

    @property
    def rss_mib(self) -> float:
        return self.peak_rss / 2**20

    @property
    def pss_mib(self) -> float:
        return self.peak_pss / 2**20
