"""Process settings for audits: Arrow's pool (jemalloc handing pages back within ARROW_DECAY_MS, unless the
user chose), glibc's heap reused from chunk to chunk and the collector's thresholds."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator

import pyarrow as pa
import pytest

from neutrality.memory import lean_arrow_pool


@pytest.fixture
def restored_pool() -> Iterator[pa.MemoryPool]:
    before = pa.default_memory_pool()
    yield before
    pa.set_memory_pool(before)


def test_a_pool_the_user_chose_is_kept(
    monkeypatch: pytest.MonkeyPatch, restored_pool: pa.MemoryPool
) -> None:
    monkeypatch.setenv("ARROW_DEFAULT_MEMORY_POOL", "system")
    assert lean_arrow_pool() == restored_pool.backend_name
    assert pa.default_memory_pool().backend_name == restored_pool.backend_name


def test_jemalloc_where_pyarrow_has_it(
    monkeypatch: pytest.MonkeyPatch, restored_pool: pa.MemoryPool
) -> None:
    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    assert lean_arrow_pool() == "jemalloc" == pa.default_memory_pool().backend_name
    table = pa.table({"text": ["a" * 1000] * 1000})  # allocations work in the pool chosen
    assert table.nbytes > 1_000_000


def test_without_jemalloc_the_default_pool_stays(
    monkeypatch: pytest.MonkeyPatch, restored_pool: pa.MemoryPool
) -> None:
    """pyarrow builds without jemalloc (Windows wheels) raise NotImplementedError for it."""

    def missing() -> pa.MemoryPool:
        raise NotImplementedError("built without jemalloc")

    monkeypatch.delenv("ARROW_DEFAULT_MEMORY_POOL", raising=False)
    monkeypatch.setattr(pa, "jemalloc_memory_pool", missing)
    assert lean_arrow_pool() == restored_pool.backend_name
    assert pa.default_memory_pool().backend_name == restored_pool.backend_name


def test_fewer_collections_keeps_the_collector_on() -> None:
    """The collector still runs by itself and frees cycles, about COLLECT_EVERY allocations
    apart instead of Python's 700."""
    import gc
    import weakref

    from neutrality.memory import COLLECT_EVERY, fewer_collections

    class Node:
        other: object = None

    before = gc.get_threshold()
    runs: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            runs.append(info["generation"])

    gc.collect()
    gc.callbacks.append(count)
    try:
        alive = Node()  # made before: out of the collector's sight from now on
        assert fewer_collections() == (COLLECT_EVERY, before[1], before[2])
        assert gc.isenabled() and gc.get_freeze_count() > 0
        assert not any(o is alive for o in gc.get_objects())
        probes = []
        for n in range(5 * COLLECT_EVERY):  # cycles only the collector can free
            first, second = Node(), Node()
            first.other, second.other = second, first
            if n % COLLECT_EVERY == 0:
                probes.append(weakref.ref(first))
            del first, second
        assert 1 <= len(runs) <= 15  # by itself; at Python's 700 it runs about 140 times here
        assert any(probe() is None for probe in probes)  # freed without gc.collect()
    finally:
        gc.callbacks.remove(count)
        gc.set_threshold(*before)


_FAULTS = """
import resource, sys
import numpy as np
from neutrality.memory import reuse_freed_heap
set_ = sys.argv[1] == "set"
if set_:
    assert reuse_freed_heap()
def chunk():  # what a chunk does: make a few arrays of 1 MiB, touch every page, free them
    blocks = [np.ones(1 << 20, dtype=np.uint8) for _ in range(8)]
    del blocks
chunk()  # the first chunk takes its pages either way
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(5):
    chunk()
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


@pytest.mark.skipif(
    not (hasattr(os, "confstr") and (os.confstr("CS_GNU_LIBC_VERSION") or "").startswith("glibc")),
    reason="glibc's malloc only",
)
def test_reuse_freed_heap_stops_the_page_faults_of_every_chunk() -> None:
    """Five chunks of eight 1 MiB arrays made and freed: with glibc's defaults the 8 MiB freed
    at the heap's top is more than the trim threshold (twice the largest block freed), so it is
    handed back and every chunk takes fresh pages (2,048 faults a chunk); once set, the pages
    the first chunk freed are reused."""

    def faults(mode: str) -> int:
        done = subprocess.run(
            [sys.executable, "-c", _FAULTS, mode], capture_output=True, text=True, check=True
        )
        return int(done.stdout)

    assert faults("default") > 4 * 2048  # fresh pages again and again
    assert faults("set") < 200  # the same pages, reused


def test_reuse_freed_heap_elsewhere_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without glibc (musl, macOS, Windows) the call says so and touches nothing."""
    from neutrality import memory

    monkeypatch.setattr(memory.os, "confstr", lambda name: None, raising=False)
    assert memory.reuse_freed_heap() is False
