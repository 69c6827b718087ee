"""Where a directory run's chunks are cleaned: this process, a local process pool, or a Dask cluster.

An engine takes the run's chunks of work items and gives back each chunk's outcomes,
in input order, with a bounded number of chunks in flight; the runner feeds and drains
every engine the same way. Engines hold no cleaning logic: their workers run a
``worker.Worker`` (or, in a run's first pass, a ``worker.Fingerprinter``).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from itertools import chain, islice
from typing import Protocol

from .io.sources import SetupError
from .worker import Fingerprinter, Worker, start, start_in_pool, work


class EngineError(Exception):
    """The machinery failed mid-run (a worker lost for good, the cluster gone), not a document."""


class Engine(Protocol):
    slots: int  # chunks it cleans at once
    shares_files: bool  # its workers read the inputs and write the file outputs on this machine's disk

    def map(self, chunks: Iterable[list], worker: Worker | Fingerprinter) -> Iterator[list]:
        """The outcomes of each chunk by ``worker.work``, in order (``worker`` is sent once to each process)."""

    def close(self) -> None: ...


def open_engine(engine: str, jobs: int, scheduler: str | None = None) -> Engine:
    """The engine of a run; a Dask cluster is reached (or started) here. Raises SetupError."""
    if engine == "local":
        return LocalEngine(jobs)
    try:
        from .dask_engine import DaskEngine
    except ImportError as error:
        raise SetupError(f"the Dask engine needs Dask's distributed scheduler ({error}): pip install 'article-cleaner[dask]'") from None
    return DaskEngine(scheduler, jobs)


def in_order(futures: Iterable, window: int) -> Iterator:
    """The results of ``futures`` (anything with ``result()`` and ``cancel()``), in order, at most ``window`` + 1 of
    them submitted ahead; those not taken are cancelled when the caller stops early."""
    pending: deque = deque()
    try:
        for future in futures:
            pending.append(future)
            if len(pending) > window:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        for future in pending:
            future.cancel()


class LocalEngine:
    """``jobs`` processes of a pool; this process alone when ``jobs`` is 1 or the run is a single chunk."""

    shares_files = True

    def __init__(self, jobs: int):
        self.slots = jobs

    def map(self, chunks: Iterable[list], worker: Worker | Fingerprinter) -> Iterator[list]:
        chunks = iter(chunks)
        first = list(islice(chunks, 2))
        chunks = chain(first, chunks)
        if self.slots == 1 or len(first) < 2:  # a pool would cost more to start than it saves
            start(worker)
            yield from map(work, chunks)
            return
        from concurrent.futures import ProcessPoolExecutor  # imported here: a run in this process alone starts faster

        worker.prepare()  # pool processes are forked (Linux): they start with what it built
        with ProcessPoolExecutor(self.slots, initializer=start_in_pool, initargs=(worker,)) as pool:
            yield from in_order((pool.submit(work, chunk) for chunk in chunks), 2 * self.slots)

    def close(self) -> None:
        """Nothing to release: the pool lives as long as ``map``."""
