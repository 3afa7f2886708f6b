"""index_entry/remove_entry write in the caller's transaction: readers never see a
withdrawn record, nor a publication that was rolled back."""

import threading

import pytest
from django.db import connection, transaction

from gongkai.search.index import index_entry, remove_entry
from gongkai.search.params import SearchParams
from gongkai.search.queries import search
from gongkai.search.tests.factories import make_entry


def total(q: str) -> int:
    return search(SearchParams(q=q, facets=False)).total


def in_other_connection(fn):
    """Run fn in a new thread, i.e. on a separate database connection."""
    box = {}

    def target():
        try:
            box["value"] = fn()
        finally:
            connection.close()

    t = threading.Thread(target=target)
    t.start()
    t.join(30)
    return box["value"]


@pytest.mark.django_db
def test_rolled_back_publication_never_appears():
    with pytest.raises(RuntimeError), transaction.atomic():
        index_entry(make_entry("撤回测试通知", "正文", key="r1"))
        assert total("撤回测试") == 1  # visible inside its own transaction
        raise RuntimeError("publication failed")
    assert total("撤回测试") == 0


@pytest.mark.django_db
def test_withdrawal_rolled_back_keeps_the_entry():
    index_entry(make_entry("撤回测试通知", "正文", key="r2"))
    with pytest.raises(RuntimeError), transaction.atomic():
        remove_entry("document", "r2")
        assert total("撤回测试") == 0
        raise RuntimeError("withdrawal failed")
    assert total("撤回测试") == 1


@pytest.mark.django_db
def test_reindexing_replaces_the_old_text():
    index_entry(make_entry("旧标题", "旧正文", key="r3"))
    index_entry(make_entry("新标题", "新正文", key="r3"))
    assert total("旧标题") == 0 and total("新标题") == 1


@pytest.mark.django_db(transaction=True)
def test_other_readers_see_a_withdrawal_exactly_at_commit():
    index_entry(make_entry("撤回测试通知", "正文", key="w1"))
    with transaction.atomic():
        remove_entry("document", "w1")
        assert total("撤回测试") == 0
        # another connection still sees the committed state: published
        assert in_other_connection(lambda: total("撤回测试")) == 1
    assert in_other_connection(lambda: total("撤回测试")) == 0


@pytest.mark.django_db(transaction=True)
def test_other_readers_never_see_an_uncommitted_publication():
    with transaction.atomic():
        index_entry(make_entry("撤回测试通知", "正文", key="w2"))
        assert in_other_connection(lambda: total("撤回测试")) == 0
    assert in_other_connection(lambda: total("撤回测试")) == 1


@pytest.mark.django_db
def test_bulk_indexing_replaces_existing_keys_and_adds_new_ones():
    from gongkai.search.index import index_entries

    index_entry(make_entry("旧标题", "旧正文", key="b1"))
    written = index_entries(
        [
            make_entry("新标题", "新正文", key="b1"),
            make_entry("另一标题", "另一正文", key="b2"),
        ]
    )
    assert written == 2
    assert total("旧标题") == 0 and total("新标题") == 1 and total("另一标题") == 1
    with connection.cursor() as cur:
        cur.execute("SELECT COUNT(*) FROM search_searchentry")
        assert cur.fetchone()[0] == 2
