"""Odd or hostile input gives a page or a clear message, never a 500 or an exception."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search.params import SearchParams
from gongkai.search.queries import search
from gongkai.search.tests.factories import add

NASTY = [
    '"',
    '"政务',
    "*",
    "政务*",
    "NEAR(政务 公开)",
    "NEAR(",
    "政务 OR 公开",
    "政务 AND NOT 公开",
    "tw:政务",
    "{tw bw}: 政务",
    "^政务",
    "政务 & !公开 | x <-> y",
    "'; DROP TABLE search_searchentry; --",
    "1' OR '1'='1",
    "\x00",
    "政\x00务",
    "\x07\x1b[31m",
    "😀🇨🇳",
    "政务😀公开",
    "",
    "   ",
    "-",
    "--",
    "- -政务",
    '"" ""',
    "“”",
    "﻿",  # BOM
    "\u202e政务",
    "国办发〔" * 50,
    "政" * 10_000,
    "a " * 5_000,
    "%",
    "_",
    "\\",
    ":*",
    "'",
]

query_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=80),
    st.text(
        alphabet=st.sampled_from(list("\"*():^-'&|!<>{} 政务公开OR NEAR AND NOT")),
        max_size=40,
    ),
)

PROFILE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def docs(db):
    add(
        "政务公开工作要点",
        "推进政务公开，国办发〔2020〕17号。",
        key="a",
        doc_number="国办发〔2020〕17号",
    )
    add("营商环境条例", "优化营商环境。", key="b", validity="repealed")


@pytest.mark.django_db
@pytest.mark.parametrize("q", NASTY)
def test_known_nasty_queries_give_a_page(client, docs, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    assert "共找到" in html or "请输入检索词" in html


@pytest.mark.django_db
@PROFILE
@given(
    q=query_text,
    mode=st.sampled_from(["all", "title"]),
    sort=st.sampled_from(["relevance", "date"]),
)
def test_search_function_never_raises(docs, q, mode, sort):
    result = search(SearchParams(q=q, mode=mode, sort=sort))
    assert result.total >= 0
    assert len(result.hits) <= result.total
    for hit in result.hits:
        assert "<script" not in hit.snippet_html


@pytest.mark.django_db
@PROFILE
@given(
    q=query_text,
    extra=st.dictionaries(
        st.sampled_from(
            [
                "mode",
                "sort",
                "page",
                "page_size",
                "year",
                "agency",
                "validity",
                "written_from",
                "published_to",
                "topic",
                "kind",
            ]
        ),
        st.text(max_size=30),
        max_size=4,
    ),
)
def test_search_page_never_errors(client, docs, q, extra):
    response = client.get("/search/", {"q": q, **extra})
    assert response.status_code in (200, 400)
    api = client.get("/api/search/", {"q": q, **extra})
    assert api.status_code in (200, 422)
