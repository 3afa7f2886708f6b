"""Bulk index writes on SQLite keep FTS5's pending tokens in memory until the end."""

import pytest
from django.db import connection

from gongkai.search.index import index_entries
from gongkai.search.params import SearchParams
from gongkai.search.queries import search
from gongkai.search.tests.factories import make_entry

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="FTS5 segments exist on SQLite only"
)
def test_new_facet_sets_do_not_flush_the_fts_hash_chunk_by_chunk():
    # 30 entries, each with facet values no other has: a new facet set per entry.
    # A statement that opens a statement journal (ON CONFLICT, RETURNING) makes
    # FTS5 write its pending tokens out as a segment every time.
    entries = [
        make_entry(
            f"批量写入测试{i}号", "批量写入正文", key=f"bulk{i}", genre=f"体裁{i}"
        )
        for i in range(30)
    ]
    assert index_entries(entries, chunk_size=5) == 30
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(DISTINCT segid) FROM search_fts_idx")
        segments = cur.fetchone()[0]
    assert segments <= 1
    result = search(SearchParams(q="批量写入"))
    assert result.total == 30
    assert len(result.facets["genre"]) == 30
