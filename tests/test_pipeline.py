"""The pipeline's read-ahead: chunks made in a background thread arrive in order, errors
surface in the caller, the thread ends when the caller stops early, and messages made in the
thread are in the run's language."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from neutrality.i18n import language, tr
from neutrality.i18n.catalogue import INDONESIAN
from neutrality.pipeline import _prefetched


def test_items_arrive_in_order_and_all_of_them() -> None:
    assert list(_prefetched(iter(range(1000)), depth=2)) == list(range(1000))
    assert list(_prefetched(iter([]))) == []


def test_an_error_in_the_reader_is_raised_in_the_caller_after_the_items_before_it() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise ValueError("record 3 cannot be read")

    got: list[int] = []
    with pytest.raises(ValueError, match="record 3"):
        for item in _prefetched(items()):
            got.append(item)
    assert got == [1, 2]


def test_stopping_early_ends_the_reader_thread() -> None:
    made: list[int] = []

    def endless() -> Iterator[int]:
        n = 0
        while True:
            made.append(n)
            yield n
            n += 1

    before = threading.active_count()
    stream = _prefetched(endless(), depth=1)
    assert [next(stream) for _ in range(3)] == [0, 1, 2]
    stream.close()  # what a for loop's break or an exception in the caller does
    assert threading.active_count() == before
    assert len(made) <= 3 + 2  # read ahead by at most the queue's depth (and one in hand)


def test_the_reader_thread_speaks_the_run_language() -> None:
    def messages() -> Iterator[str]:
        yield tr("file not found")

    with language("id"):
        (message,) = list(_prefetched(messages()))
    assert message == INDONESIAN["file not found"] != "file not found"
