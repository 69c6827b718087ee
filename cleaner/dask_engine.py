"""The Dask engine of directory runs: an existing cluster (``--scheduler tcp://HOST:PORT``) or a LocalCluster.

Workers may be other machines, so they see no local files: the runner sends each input
with its bytes, and the file outputs come back for the sink to write, as in local runs.
A worker plugin sets the run's worker (its Cleaners) up once in every worker process,
also in workers that join or are restarted later. A chunk whose worker dies is run again by Dask on
another; only the result the runner takes is written, so a retry cannot repeat a
record line.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from contextlib import suppress

from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin

from .engines import EngineError, in_order
from .io.sources import SetupError
from .worker import Fingerprinter, Worker

CONNECT_SECONDS = 10
_workers: dict[str, Worker | Fingerprinter] = {}  # in a worker process: the worker of each pass the plugin set up


class DaskEngine:
    shares_files = False

    def __init__(self, scheduler: str | None, workers: int):
        """Connect to ``scheduler``, or start a LocalCluster of ``workers`` single-threaded processes."""
        self._cluster = self._client = None
        try:
            if scheduler is None:
                self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=":0", silence_logs=logging.ERROR)
            self._client = Client(self._cluster or scheduler, timeout=CONNECT_SECONDS)
        except (OSError, ValueError) as error:  # ValueError: an address Dask cannot parse
            self.close()
            where = f"the Dask scheduler at {scheduler}" if scheduler else "a local Dask cluster"
            raise SetupError(f"cannot reach {where}: {error}") from None
        self.slots = max(1, sum(self._client.nthreads().values()))

    def map(self, chunks: Iterable[list], worker: Worker | Fingerprinter) -> Iterator[list]:
        run = f"article-cleaner-{uuid.uuid4().hex}"
        self._client.register_plugin(_SetUp(run, worker), name=run)
        try:
            yield from in_order((self._client.submit(_work, run, chunk, pure=False) for chunk in chunks), 2 * self.slots)
        except (KilledWorker, CancelledError, OSError) as error:  # OSError: the connection to the scheduler lost
            raise EngineError(f"the Dask cluster failed: {error}") from None
        finally:
            with suppress(OSError):  # a cluster that is gone has nothing to unregister
                self._client.unregister_worker_plugin(run)

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


class _SetUp(WorkerPlugin):
    """Sets a run's worker up once in each worker process (unpickled there, it compiles its Cleaners as it meets sites)."""

    def __init__(self, run: str, worker: Worker | Fingerprinter):
        self.run, self.worker = run, worker

    def setup(self, worker) -> None:
        _workers[self.run] = self.worker

    def teardown(self, worker) -> None:
        _workers.pop(self.run, None)


def _work(run: str, chunk: list) -> list:
    """The outcomes of a chunk, in a worker process, by the run's worker."""
    return _workers[run].work(chunk)
