import pytest
from django.urls import reverse

from gongkai.core.models import AuditEvent
from gongkai.search import actions
from gongkai.search.index import index_entry
from gongkai.search.lexicon import get_lexicon, index_is_stale
from gongkai.search.models import LexiconEntry
from gongkai.search.tests.factories import add, keys, make_entry, run

pytestmark = pytest.mark.django_db


def test_platform_admin_adds_a_word_and_the_page_prompts_a_rebuild(
    client, platform_admin
):
    client.force_login(platform_admin)
    response = client.post(
        reverse("search:lexicon"),
        {"kind": "word", "text": "秒报秒批一体化"},
        follow=True,
    )
    html = response.content.decode()
    assert "秒报秒批一体化" in html
    assert "rebuild-search-index" in html
    assert index_is_stale()
    assert get_lexicon().tokenizer.has_word("秒报秒批一体化")
    assert AuditEvent.objects.filter(action="search.lexicon_added").exists()


def test_agency_synonym_group_applies_to_queries_without_a_rebuild(platform_admin):
    add("关于规范网约车经营服务的通知", "网络预约出租汽车", key="a")
    assert keys(run("滴滴打车")) == []
    actions.add_lexicon_entry("synonym", "滴滴打车 网约车", by=platform_admin)
    assert keys(run("滴滴打车")) == ["a"]


def test_added_word_is_used_when_the_entry_is_indexed_again(platform_admin):
    actions.add_lexicon_entry("word", "秒报秒批一体化", by=platform_admin)
    index_entry(make_entry("推行秒报秒批一体化改革", "", key="a"))
    assert keys(run("秒报秒批一体化", mode="title")) == ["a"]


def test_synonym_group_needs_two_terms(client, platform_admin):
    client.force_login(platform_admin)
    response = client.post(
        reverse("search:lexicon"), {"kind": "synonym", "text": "网约车"}
    )
    assert response.status_code == 400
    assert "至少需要两个词" in response.content.decode()
    assert not LexiconEntry.objects.exists()


def test_duplicate_word_is_refused(platform_admin):
    actions.add_lexicon_entry("word", "一件事一次办", by=platform_admin)
    with pytest.raises(actions.LexiconError):
        actions.add_lexicon_entry("word", "一件事一次办", by=platform_admin)


def test_admin_deletes_an_entry(client, platform_admin):
    entry = actions.add_lexicon_entry("word", "一件事一次办", by=platform_admin)
    client.force_login(platform_admin)
    client.post(reverse("search:lexicon-delete", args=[entry.pk]))
    assert not LexiconEntry.objects.exists()


def test_agency_staff_cannot_open_the_lexicon_page(client, drafter_b):
    client.force_login(drafter_b)
    assert client.get(reverse("search:lexicon")).status_code == 404
    assert (
        client.post(
            reverse("search:lexicon"), {"kind": "word", "text": "x"}
        ).status_code
        == 404
    )


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("search:lexicon"))
    assert response.status_code == 302
