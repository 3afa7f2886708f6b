"""Lists stay fast: the number of queries does not grow with the number of records."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from gongkai.portal.tests import factories as f

pytestmark = pytest.mark.django_db


def _pages(corpus) -> list[str]:  # type: ignore[no-untyped-def]
    slug = corpus.agency.slug
    return [
        "/",
        reverse("portal:agencies"),
        reverse("portal:agency", args=[slug]),
        reverse("portal:agency-documents", args=[slug]),
        corpus.rules.get_absolute_url(),
        reverse("portal:catalogue", args=[slug, "statutory"]),
        reverse("portal:documents"),
        reverse("portal:documents") + "?kind=general&year=2021",
        reverse("portal:topic", args=["04"]),
        reverse("portal:topics"),
        reverse("portal:years"),
        reverse("portal:year", args=[2021]),
        reverse("portal:interpretations"),
        reverse("portal:part", args=["statutory"]),
        reverse("portal:feed-latest"),
        reverse("portal:catalogue-feed", args=[slug, "statutory"]),
        "/sitemap-documents.xml",
        "/sitemap-columns.xml",
    ]


def _counts(client, urls: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    out = {}
    for url in urls:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200, url
        out[url] = len(ctx.captured_queries)
    return out


def test_query_count_does_not_grow_with_records(client, corpus, staff, agency_b):
    topic = f.topic("0401")
    for i in range(2):
        f.publish(
            staff,
            corpus.agency,
            now=f.at(2021, 1, 1 + i),
            title=f"批量信息{i}",
            topic=topic,
            doc_number=f"甲政发〔2021〕{i}号",
            catalogue_nodes=[corpus.rules],
            issuing_agencies=[corpus.agency, agency_b],
        )
    before = _counts(client, _pages(corpus))
    for i in range(2, 14):
        f.publish(
            staff,
            corpus.agency,
            now=f.at(2021, 2, 1 + i),
            title=f"批量信息{i}",
            topic=topic,
            doc_number=f"甲政发〔2021〕{i}号",
            catalogue_nodes=[corpus.rules],
            issuing_agencies=[corpus.agency, agency_b],
        )
    after = _counts(client, _pages(corpus))
    assert after == before
    assert max(after.values()) <= 12, after
