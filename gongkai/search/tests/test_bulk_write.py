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


def _vocabulary() -> dict[str, int]:
    """term -> number of rows that hold it, as the FTS5 index itself says."""
    with connection.cursor() as cur:
        cur.execute(
            "CREATE VIRTUAL TABLE IF NOT EXISTS temp.gk_vocab "
            "USING fts5vocab(main, search_fts, 'row')"
        )
        cur.execute("SELECT term, doc FROM temp.gk_vocab")
        return dict(cur.fetchall())


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="FTS5 segments exist on SQLite only"
)
def test_removing_and_replacing_rows_takes_their_tokens_out_of_the_index():
    from gongkai.search import index

    index.index_entry(make_entry("旧标题麒麟通知", "正文写着凤凰", key="v1"))
    index.index_entry(make_entry("另一份麒麟通知", "正文", key="v2"))
    vocab = _vocabulary()
    assert (vocab["麒麟"], vocab["凤凰"]) == (2, 1)
    # replaced: the old text's tokens go, the new text's come
    index.index_entry(make_entry("新标题白泽通知", "正文", key="v1"))
    vocab = _vocabulary()
    assert (vocab.get("麒麟"), vocab.get("凤凰"), vocab["白泽"]) == (1, None, 1)
    index.remove_entry("document", "v2")
    assert "麒麟" not in _vocabulary()
    index.clear(["document"])
    assert "白泽" not in _vocabulary()
    index.index_entry(make_entry("再来麒麟", "", key="v3"))
    index.clear()
    assert _vocabulary() == {}
