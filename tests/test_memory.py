"""Process settings for audits: Arrow's pool (jemalloc handing pages back at once, unless the
user chose) and the collector's thresholds."""

from __future__ import annotations

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
    import gc

    from neutrality.memory import COLLECT_EVERY, fewer_collections

    before = gc.get_threshold()
    try:
        assert fewer_collections() == (COLLECT_EVERY, before[1], before[2])
        assert gc.isenabled()  # cycles are still freed, only less often

        class Node:
            other: object = None

        first, second = Node(), Node()
        first.other, second.other = second, first  # a cycle only the collector frees
        del first, second
        assert gc.collect() >= 2
    finally:
        gc.set_threshold(*before)
