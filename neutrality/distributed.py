"""The Dask engine: the same chunk function as the local engine, run on a Dask cluster.

The driver reads the inputs (row numbers, ragged records and duplicate record ids are facts
of the file's order, so they are settled there, cheaply) and sends each canonical chunk to a
worker, which normalises and evaluates it with an Engine built once per worker process. Results
come back in input order, so findings, finding ids, rejected rows and the summary are the same
as the local engine's. Workers need this package (same version) and its rule and registry files
at the same paths, or a shared file system; see docs/distributed.md.
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from neutrality.engine import Engine
from neutrality.errors import UsageError
from neutrality.i18n import tr
from neutrality.io.records import NormaliseContext
from neutrality.pipeline import ChunkResult, Encoding, Executor, encode_result, evaluate_chunk
from neutrality.registry import Registry, load_registry
from neutrality.rules import RuleSet, load_rules

#: Chunks in flight per worker thread: enough to keep workers busy, few enough to bound memory.
IN_FLIGHT_PER_THREAD = 2
#: Seconds to reach a running scheduler before the run stops with a usage error.
CONNECT_TIMEOUT = 30


@functools.lru_cache(maxsize=4)
def worker_engine(rules_path: str, registry_paths: tuple[str, ...], lang: str) -> Engine:
    """Built once per worker process (spaCy and matchers included), then reused."""
    registry = load_registry([Path(p) for p in registry_paths])
    return Engine(load_rules(Path(rules_path)), registry, lang)


def evaluate_on_worker(
    frame: Any,
    context: NormaliseContext,
    rules_path: str,
    registry_paths: tuple[str, ...],
    encoding: Encoding | None = None,
) -> ChunkResult:
    """One chunk on a worker; with `encoding`, its findings and rejected rows come back as
    the text of the streamed files, so the driver only writes."""
    engine = worker_engine(rules_path, registry_paths, context.lang)
    result = evaluate_chunk(frame, context, engine)
    return encode_result(result, encoding) if encoding is not None else result


class DaskExecutor(Executor):
    """Submits chunks to a Dask cluster: a running scheduler, or a local cluster."""

    def __init__(
        self,
        rules: RuleSet,
        registry: Registry,
        scheduler: str | None,
        encoding: Encoding | None = None,
    ) -> None:
        try:
            from dask.distributed import Client, LocalCluster
        except ImportError:
            raise UsageError(
                tr('--engine dask needs Dask: pip install "neutrality[dask]"')
            ) from None
        self.encoding = encoding
        self.rules_path = str(Path(rules.path).resolve())
        self.registry_paths = tuple(str(Path(p).resolve()) for p in registry.paths)
        self.cluster = None
        if scheduler is None:
            self.cluster = LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            )
            self.client = Client(self.cluster)
        else:
            try:
                self.client = Client(scheduler, timeout=CONNECT_TIMEOUT)
            except OSError as exc:
                raise UsageError(
                    tr(
                        '--scheduler "{address}": cannot connect ({error})',
                        address=scheduler,
                        error=exc,
                    )
                ) from None
        threads = sum(self.client.nthreads().values()) or 1
        self.window = IN_FLIGHT_PER_THREAD * threads

    def map_ordered(
        self, frames: Iterator[Any], context: NormaliseContext
    ) -> Iterator[tuple[str, ChunkResult]]:
        shared = self.client.scatter(context, broadcast=True)
        pending: deque[tuple[str, Any]] = deque()
        for frame in frames:
            # Scattered, not an argument: a chunk inside the task graph (about 25 MiB at
            # 100,000 rows) makes Dask warn on every submit and pass it through the scheduler.
            data = self.client.scatter(frame, hash=False)
            future = self.client.submit(
                evaluate_on_worker, data, shared, self.rules_path, self.registry_paths,
                self.encoding, pure=False,
            )  # fmt: skip
            pending.append((frame.attrs["path"], future))
            if len(pending) >= self.window:
                path, done = pending.popleft()
                yield path, done.result()
        while pending:
            path, done = pending.popleft()
            yield path, done.result()

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
