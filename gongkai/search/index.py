"""Write side of the search index, called inside the content app's transaction."""

from __future__ import annotations

from gongkai.search.entry import Entry


def index_entry(entry: Entry) -> None:
    """Add or replace the entry (kind, key)."""
    raise NotImplementedError


def remove_entry(kind: str, key: str) -> None:
    """Remove the entry (kind, key) if present."""
    raise NotImplementedError
