"""Process settings for a long audit: Arrow's memory pool, glibc's heap and the cyclic
garbage collector.

Arrow's pool: jemalloc, handing freed pages back to the system within a quarter second.

pyarrow allocates with mimalloc by default. Over an audit, chunk after chunk allocated in the
read-ahead thread and freed in the main one, mimalloc's per-thread heaps keep freed pages: a
10M-row audit peaked at about 715 MiB, and the peak kept creeping with rows. pyarrow's jemalloc
pool with a short decay returns them soon after they are free, whatever the input's size. At 0
(returned at once) every chunk took fresh pages: about 216,000 page faults at 1M rows. At
ARROW_DECAY_MS, a chunk mostly reuses the pages the chunk before freed: about 145,000 faults,
0.4 s less CPU and 0.16 s less time at 1M, for about 40 MiB more peak memory at 1M and at 10M
alike (summed over the two processes: 1M 608 -> 660 MiB, 10M 664 -> 706 MiB; kept a whole
second instead, about 100 MiB more, and the 10M peak 11 % above the 1M one; docs/performance.md).
Applications choose the pool, so the command line calls `lean_arrow_pool` (and so does each
`--workers` process); the library itself changes nothing global. A user's
ARROW_DEFAULT_MEMORY_POOL is respected, and where the pyarrow build has no jemalloc (Windows
wheels) the default pool stays.
"""

from __future__ import annotations

import ctypes
import gc
import os

import pyarrow as pa

#: how long jemalloc keeps the pages Arrow freed before handing them back (milliseconds)
ARROW_DECAY_MS = 250


def lean_arrow_pool() -> str:
    """Make jemalloc with a short decay (ARROW_DECAY_MS) Arrow's pool; the name of the pool in
    use."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):  # the user chose one
        return str(pa.default_memory_pool().backend_name)
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(ARROW_DECAY_MS)
    except NotImplementedError:  # a pyarrow built without jemalloc
        return str(pa.default_memory_pool().backend_name)
    pa.set_memory_pool(pool)
    return str(pool.backend_name)


#: glibc's M_MMAP_THRESHOLD and M_TRIM_THRESHOLD (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
#: allocations this large or larger get pages of their own (glibc's default starts at 128 KiB)
MMAP_THRESHOLD = 32 << 20
#: free memory at the top of the heap kept for the next chunk rather than handed back
TRIM_THRESHOLD = 64 << 20


def reuse_freed_heap() -> bool:
    """Let glibc reuse the memory a chunk freed for the next chunk; whether it was set.

    pandas and numpy allocate with malloc. glibc gives an allocation from 128 KiB up pages of
    its own and hands them back when it is freed (it raises that bound only as such blocks are
    freed, and only up to 32 MiB), and trims the heap whenever 128 KiB lie free at its top. A
    chunk's arrays (100,000 rows: 0.8 MB a number column, several MB a gather of text bytes)
    are made and freed once a chunk, so every chunk took fresh pages and the kernel zeroed each
    on first touch: about 270,000 page faults and 0.9 s of system time at 1M rows. With the
    bound at 32 MiB from the start and 64 MiB of free heap kept, the next chunk reuses what
    the one before freed: about 220,000 faults, 0.2-0.3 s less a 1M-row audit, and the same
    peak memory (the chunks' memory is reused, not added to; docs/performance.md). Only where
    the C library is glibc; elsewhere nothing changes. Like the pool, the command line's choice.
    """
    try:
        glibc = os.confstr("CS_GNU_LIBC_VERSION") or ""  # "glibc 2.36"; musl has none
    except (AttributeError, ValueError, OSError):  # no confstr (Windows) or no such name
        return False
    if not glibc.startswith("glibc"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    # mallopt returns 1 when it takes the value
    return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD)) and bool(
        libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD)
    )


#: objects allocated (net) between two young-generation collections; Python's default is 700.
#: A chunk's column as Python objects (100,000 rows) stays under it
COLLECT_EVERY = 100_000


def fewer_collections() -> tuple[int, int, int]:
    """Run the cyclic garbage collector less often; the thresholds set.

    An audit makes millions of short-lived tuples, dicts and lists (findings, rows, masks) on
    top of a large long-lived heap (pandas, spaCy's vocabulary, the registry). With Python's
    default thresholds the collector runs a full collection several times a run and walks that
    whole heap each time: 0.6 s of a 1M-row audit. From 10,000 allocations on, 0.25 s; from
    100,000 on (a chunk's column as Python objects then collects nothing), 0.06 s against
    0.12 s at 10,000 once the rest below was done.
    What is alive when this is called (the modules, classes and tables of the libraries already
    imported) lives as long as the process, so it is moved out of the collector's sight
    (`gc.freeze`): a full collection then walks only what came after, 0.28 -> 0.14 s of
    collection at 1M. Collection still runs (reference cycles are freed), only less often and
    over less. Like the pool, this is the application's choice: the command line calls it, the
    library does not.
    """
    _, middle, oldest = gc.get_threshold()
    gc.set_threshold(COLLECT_EVERY, middle, oldest)
    gc.freeze()
    return gc.get_threshold()
