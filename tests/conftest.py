"""Fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from neutrality.i18n import language


@pytest.fixture(autouse=True)
def english_library_messages() -> Iterator[None]:
    """Each test starts with the library's default language (English) and leaves it so: a
    command sets the language of its process (`set_language`), and typer's CliRunner runs the
    command in the test's own thread, so without this a CLI test would change later tests."""
    with language("en"):
        yield


@pytest.fixture(autouse=True)
def collector_thresholds_restored() -> Iterator[None]:
    """The audit command sets the garbage collector's thresholds for its process and freezes
    what is alive (neutrality.memory.fewer_collections); CliRunner runs it in the test process,
    so each test leaves the collector as it found it."""
    import gc

    before = gc.get_threshold()
    yield
    gc.set_threshold(*before)
    gc.unfreeze()
