import re

import pytest
from django.urls import reverse

from gongkai.search.tests.factories import add

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    add(
        "国务院办公厅关于进一步优化营商环境的实施意见",
        "深化放管服改革，推进<b>一网通办</b>。",
        key="a",
        doc_number="国办发〔2020〕24号",
        agency="国务院办公厅",
        agency_ids=(1,),
        topic="综合政务",
        validity="valid",
    )
    add(
        "关于优化营商环境的若干规定（已废止）",
        "营商环境。",
        key="b",
        agency="甲县人民政府",
        agency_ids=(2,),
        topic="商贸",
        validity="repealed",
    )


def test_results_page_shows_count_heading_hits_and_marks(client, docs):
    response = client.get(reverse("search:results"), {"q": "营商环境"})
    html = response.content.decode()
    assert response.status_code == 200
    assert re.search(r"<h2 id=\"result-count\"[^>]*>共找到 2 条结果", html)
    assert "<mark>营商环境</mark>" in html
    assert "&lt;b&gt;" not in html or "<b>一网通办</b>" not in html
    assert "国办发〔2020〕24号" in html
    assert "extends" not in html and "跳到主要内容" in html  # extends base.html


def test_results_page_escapes_the_body_text(client, docs):
    html = client.get(reverse("search:results"), {"q": "一网通办"}).content.decode()
    assert "<b>一网通办</b>" not in html
    assert "&lt;b&gt;<mark>一网通办</mark>&lt;/b&gt;" in html


def test_facet_links_filter_and_keep_other_facet_counts(client, docs):
    html = client.get(
        reverse("search:results"), {"q": "营商环境", "validity": "valid"}
    ).content.decode()
    assert "共找到 1 条结果" in html
    # the validity facet still offers 已废止 with its count (it excludes its own filter)
    assert re.search(r"已废止 <span class=\"count\">\(1\)</span>", html)
    assert 'aria-current="true"' in html


def test_invalid_date_gives_a_clear_message_not_a_500(client, docs):
    response = client.get(
        reverse("search:results"), {"q": "营商", "written_from": "2020-13-45"}
    )
    assert response.status_code == 400
    assert "日期格式应为" in response.content.decode()


def test_no_hits_page_offers_a_suggestion(client, docs):
    html = client.get(
        reverse("search:results"), {"q": "营商环境 火星殖民"}
    ).content.decode()
    assert "共找到 0 条结果" in html
    assert "您是不是要找" in html and "营商环境" in html


def test_long_query_is_cut_and_the_page_says_so(client, docs):
    html = client.get(reverse("search:results"), {"q": "营商" * 5000}).content.decode()
    assert "检索词过长" in html


def test_empty_search_page_invites_a_query(client):
    response = client.get(reverse("search:results"))
    assert response.status_code == 200
    assert "高级检索" in response.content.decode()


def test_advanced_page_has_labelled_fields_in_fieldsets(client, docs):
    html = client.get(reverse("search:advanced")).content.decode()
    assert html.count("<fieldset>") >= 3
    for field_id in ("adv-q", "adv-wf", "adv-pt", "adv-validity", "adv-agency"):
        assert f'for="{field_id}"' in html and f'id="{field_id}"' in html
    assert "国务院办公厅" in html


def test_header_search_box_submits_to_results(client, docs):
    response = client.get("/search/", {"q": "國辦發[2020]24號"})
    assert "共找到 1 条结果" in response.content.decode()
