"""Arrow's memory pool for a long audit: jemalloc, handing freed pages back to the system at once.

pyarrow allocates with mimalloc by default. Over an audit, chunk after chunk allocated in the
read-ahead thread and freed in the main one, mimalloc's per-thread heaps keep freed pages: a
10M-row audit peaked at about 715 MiB, and the peak kept creeping with rows. pyarrow's jemalloc
pool with its decay set to 0 returns them as soon as they are free: about 605 MiB at 10M and
420 MiB at 1M, in the same time (docs/performance.md). Applications choose the pool, so the
command line calls `lean_arrow_pool` (and so does each `--workers` process); the library itself
changes nothing global. A user's ARROW_DEFAULT_MEMORY_POOL is respected, and where the pyarrow
build has no jemalloc (Windows wheels) the default pool stays.
"""

from __future__ import annotations

import os

import pyarrow as pa


def lean_arrow_pool() -> str:
    """Make jemalloc with immediate page return Arrow's pool; the name of the pool in use."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):  # the user chose one
        return str(pa.default_memory_pool().backend_name)
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # a pyarrow built without jemalloc
        return str(pa.default_memory_pool().backend_name)
    pa.set_memory_pool(pool)
    return str(pool.backend_name)
