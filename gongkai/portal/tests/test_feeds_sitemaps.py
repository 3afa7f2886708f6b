"""RSS/Atom feeds, sitemap.xml and robots.txt parse and list only public records."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from gongkai.publishing.models import Document

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _xml(response) -> ET.Element:  # type: ignore[no-untyped-def]
    assert response.status_code == 200
    return ET.fromstring(response.content)  # noqa: S314 (our own output)


def _paths(urls: list[str]) -> set[str]:
    return {"/" + u.split("://", 1)[1].split("/", 1)[1] for u in urls}


def _public_urls(corpus) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.get_absolute_url() for d in corpus.public}


def _hidden_urls(corpus) -> set[str]:  # type: ignore[no-untyped-def]
    return {d.get_absolute_url() for d in corpus.hidden}


def test_latest_rss_lists_public_records_only(client, corpus):
    response = client.get(reverse("portal:feed-latest"))
    assert response["Content-Type"].startswith("application/rss+xml")
    root = _xml(response)
    items = root.findall("./channel/item")
    links = _paths([i.findtext("link") for i in items])
    assert links == _public_urls(corpus)
    titles = {i.findtext("title") for i in items}
    assert corpus.policy.title in titles
    policy = next(i for i in items if i.findtext("title") == corpus.policy.title)
    assert "甲政规〔2025〕2号" in policy.findtext("description")
    assert policy.findtext("pubDate")


def test_latest_atom_parses(client, corpus):
    root = _xml(client.get(reverse("portal:feed-latest-atom")))
    entries = root.findall(f"{ATOM}entry")
    links = _paths([e.find(f"{ATOM}link").get("href") for e in entries])
    assert links == _public_urls(corpus)
    assert all(e.findtext(f"{ATOM}updated") for e in entries)


def test_column_feeds_cover_the_column_subtree(client, corpus):
    args = [corpus.agency.slug, "statutory"]
    rss = _xml(client.get(reverse("portal:catalogue-feed", args=args)))
    links = _paths([i.findtext("link") for i in rss.findall("./channel/item")])
    assert corpus.policy.get_absolute_url() in links
    assert corpus.report.get_absolute_url() not in links
    assert not links & _hidden_urls(corpus)
    atom = _xml(client.get(reverse("portal:catalogue-atom", args=args)))
    assert atom.findall(f"{ATOM}entry")
    assert (
        client.get(f"/xxgk/org/{corpus.agency.slug}/c/nope/rss.xml").status_code == 404
    )
    assert client.get("/xxgk/org/nobody/c/statutory/rss.xml").status_code == 404


def test_feed_with_hostile_title_is_still_well_formed(client, corpus):
    title = '<script>alert("x")</script> & ]]> 标题'
    Document.objects.filter(pk=corpus.policy.pk).update(title=title)
    root = _xml(client.get(reverse("portal:feed-latest")))
    assert title in {i.findtext("title") for i in root.findall("./channel/item")}


def test_sitemap_index_and_sections_list_public_records_and_columns(client, corpus):
    index = _xml(client.get(reverse("portal:sitemap")))
    sections = [loc.text for loc in index.iter(f"{SM}loc")]
    assert len(sections) >= 4
    urls: list[str] = []
    for section in sections:
        path = "/" + section.split("://", 1)[1].split("/", 1)[1]
        urls += [loc.text for loc in _xml(client.get(path)).iter(f"{SM}loc")]
    paths = _paths(urls)
    assert _public_urls(corpus) <= paths
    assert not paths & _hidden_urls(corpus)
    assert corpus.rules.get_absolute_url() in paths
    assert corpus.agency.get_absolute_url() in paths
    assert "/" in paths


def test_sitemap_documents_have_lastmod(client, corpus):
    root = _xml(client.get("/sitemap-documents.xml"))
    entries = root.findall(f"{SM}url")
    assert len(entries) == len(corpus.public)
    assert all(e.findtext(f"{SM}lastmod") for e in entries)


def test_robots_txt_points_to_sitemap_and_keeps_staff_out(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    text = response.content.decode()
    assert "Disallow: /staff/" in text and "Disallow: /admin/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text
