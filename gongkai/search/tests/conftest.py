from __future__ import annotations

import pytest

from gongkai.search import index


@pytest.fixture
def sources():  # type: ignore[no-untyped-def]
    """Registered sources, restored after the test."""
    saved = dict(index._SOURCES)
    yield index
    index._SOURCES.clear()
    index._SOURCES.update(saved)
