"""Public pages: content, status codes, and that only 主动公开 published records appear."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def _assert_only_public(html: str, corpus) -> None:  # type: ignore[no-untyped-def]
    for doc in corpus.hidden:
        assert doc.title not in html, f"{doc.title} must not be listed"
        assert doc.get_absolute_url() not in html


def test_home_lists_latest_policies_interpretations_and_agencies(client, corpus):
    response = client.get("/")
    assert response.status_code == 200
    html = _html(response)
    assert corpus.policy.title in html
    assert corpus.interpretation.title in html
    assert corpus.report.title in html
    assert corpus.agency.name in html
    assert reverse("portal:part", args=["annual-report"]) in html
    assert 'action="/search/"' in html and 'name="q"' in html
    assert 'href="/foi/"' in html
    _assert_only_public(html, corpus)


def test_home_works_with_no_content(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "暂无已公开的政府信息" in _html(response)


def test_base_page_has_language_skip_link_and_landmarks(client, db):
    html = _html(client.get("/"))
    assert '<html lang="zh-CN"' in html
    assert html.index('class="skip-link" href="#main"') < html.index("<header")
    assert '<main id="main" tabindex="-1">' in html
    assert "<footer" in html and 'aria-label="主导航"' in html


def test_agency_column_has_the_four_parts_foi_entry_and_standard_catalogue(
    client, corpus
):
    response = client.get(reverse("portal:agency", args=[corpus.agency.slug]))
    assert response.status_code == 200
    html = _html(response)
    for label in ("政府信息公开指南", "政府信息公开制度", "法定主动公开内容"):
        assert label in html
    assert "政府信息公开年报" in html and corpus.report.title in html
    assert reverse("portal:agency-guide", args=[corpus.agency.slug]) in html
    assert 'href="/foi/"' in html
    # County agencies show the 基层政务公开标准目录 domains.
    assert "基层政务公开标准目录" in html and "义务教育" in html
    assert corpus.policy.title in html
    _assert_only_public(html, corpus)


def test_standard_catalogue_is_not_shown_for_a_provincial_agency(client, db):
    from gongkai.conftest import make_agency
    from gongkai.core.models import Agency

    province = make_agency("某省人民政府", "PROV0001", level=Agency.Level.PROVINCE)
    html = _html(client.get(reverse("portal:agency", args=[province.slug])))
    assert "基层政务公开标准目录" not in html
    assert "法定主动公开内容" in html


def test_unknown_agency_is_404(client, db):
    assert client.get("/xxgk/org/no-such-agency/").status_code == 404


def test_guide_shows_guide_html_and_office_contact(client, corpus):
    response = client.get(reverse("portal:agency-guide", args=[corpus.agency.slug]))
    assert response.status_code == 200
    html = _html(response)
    assert "本机关主动公开机构职能等信息。" in html
    assert corpus.agency.office_name in html
    assert "0908-5921234" in html and "迎宾路1号" in html
    assert "<caption>政府信息公开工作机构</caption>" in html


def test_guide_html_is_sanitised_on_display(client, agency_a):
    agency_a.guide_html = '<p onclick="x()">指南</p><script>alert(1)</script>'
    agency_a.save()
    html = _html(client.get(reverse("portal:agency-guide", args=[agency_a.slug])))
    assert "<script>alert(1)" not in html
    assert "onclick" not in html
    assert "<p>指南</p>" in html


def test_catalogue_lists_public_records_of_the_column_and_its_subcolumns(
    client, corpus
):
    response = client.get(corpus.rules.get_absolute_url())
    assert response.status_code == 200
    html = _html(response)
    assert corpus.policy.title in html and corpus.repealed.title in html
    assert corpus.policy.doc_number in html
    assert 'class="badge badge-repealed"' in html
    assert corpus.report.title not in html
    _assert_only_public(html, corpus)
    parent = client.get(
        reverse("portal:catalogue", args=[corpus.agency.slug, "statutory"])
    )
    assert corpus.policy.title in _html(parent)
    assert "法规文件" in _html(parent)


def test_standard_catalogue_shows_the_row_schema_as_a_table(client, corpus):
    url = reverse("portal:catalogue", args=[corpus.agency.slug, "standard"])
    html = _html(client.get(url))
    assert '<th scope="col">公开依据</th>' in html
    assert '<th scope="col">公开时限</th>' in html
    assert "义务教育" in html and "<caption" in html


def test_unknown_column_is_404(client, corpus):
    url = reverse("portal:catalogue", args=[corpus.agency.slug, "nope"])
    assert client.get(url).status_code == 404


def test_column_of_another_agency_is_not_found_under_this_agency(
    client, corpus, agency_b
):
    from gongkai.publishing.models import CatalogueNode

    CatalogueNode.objects.filter(agency=agency_b, slug="statutory-rules").update(
        name="乙县法规文件"
    )
    html = _html(client.get(corpus.rules.get_absolute_url()))
    assert "乙县法规文件" not in html


def test_catalogue_list_is_paginated(client, corpus, staff):
    from gongkai.portal.tests import factories as f
    from gongkai.portal.views import PAGE_SIZE

    for i in range(PAGE_SIZE):
        f.publish(
            staff,
            corpus.agency,
            now=f.at(2020, 1, 1 + i % 28),
            title=f"分页测试文件{i:02d}",
            catalogue_nodes=[corpus.rules],
        )
    first = _html(client.get(corpus.rules.get_absolute_url()))
    assert "第 1 / 2 页" in first and 'rel="next"' in first
    second = client.get(corpus.rules.get_absolute_url() + "?page=2")
    assert second.status_code == 200
    assert "第 2 / 2 页" in _html(second)
    # A page number out of range or not a number shows a real page, not a 500.
    for bad in ("999", "abc", "-1"):
        assert (
            client.get(corpus.rules.get_absolute_url(), {"page": bad}).status_code
            == 200
        )


def test_agency_documents_lists_only_public_records(client, corpus):
    url = reverse("portal:agency-documents", args=[corpus.agency.slug])
    html = _html(client.get(url))
    for doc in corpus.public:
        assert doc.title in html
    _assert_only_public(html, corpus)


def test_agency_documents_include_joint_issues(client, corpus, agency_b, staff):
    from gongkai.portal.tests import factories as f

    joint = f.publish(
        staff,
        corpus.agency,
        title="甲县乙县联合发布的通知",
        issuing_agencies=[corpus.agency, agency_b],
    )
    html = _html(client.get(reverse("portal:agency-documents", args=[agency_b.slug])))
    assert joint.title in html
    assert html.count(joint.title) == 1


def test_part_pages_gather_a_standard_part_across_agencies(client, corpus):
    html = _html(client.get(reverse("portal:part", args=["annual-report"])))
    assert corpus.report.title in html
    assert corpus.policy.title not in html
    guide = _html(client.get(reverse("portal:part", args=["guide"])))
    assert reverse("portal:agency-guide", args=[corpus.agency.slug]) in guide
    assert client.get("/xxgk/not-a-part/").status_code == 404


def test_agencies_page_lists_every_agency(client, corpus, agency_b):
    html = _html(client.get(reverse("portal:agencies")))
    assert corpus.agency.name in html and agency_b.name in html


def test_documents_filters_by_topic_year_kind_and_validity(client, corpus):
    url = reverse("portal:documents")
    by_year = _html(client.get(url, {"year": "2023"}))
    assert corpus.repealed.title in by_year and corpus.policy.title not in by_year
    by_kind = _html(client.get(url, {"kind": "policy"}))
    assert corpus.policy.title in by_kind
    assert corpus.interpretation.title not in by_kind
    by_validity = _html(client.get(url, {"validity": "repealed"}))
    assert corpus.repealed.title in by_validity
    assert corpus.report.title not in by_validity
    by_topic = _html(client.get(url, {"topic": "04"}))  # parent class includes 0401
    assert corpus.policy.title in by_topic and corpus.report.title not in by_topic
    _assert_only_public(_html(client.get(url)), corpus)


@pytest.mark.parametrize(
    "params, message",
    [
        ({"year": "20x4"}, "年份应为四位数字"),
        ({"agency": "nobody"}, "未找到所选的发布机构"),
        ({"topic": "zz"}, "未找到所选的主题分类"),
        ({"kind": "<b>"}, "信息类型不正确"),
        ({"validity": "maybe"}, "有效性选项不正确"),
    ],
)
def test_bad_filters_are_reported_and_ignored(client, corpus, params, message):
    response = client.get(reverse("portal:documents"), params)
    assert response.status_code == 200
    html = _html(response)
    assert message in html and 'role="alert"' in html
    assert corpus.policy.title in html  # the filter was dropped, nothing lost
    assert "<b>" not in html.split("<main", 1)[1].split("</form>", 1)[0]


def test_interpretations_page_lists_only_interpretations(client, corpus):
    html = _html(client.get(reverse("portal:interpretations")))
    assert corpus.interpretation.title in html
    assert corpus.repealed.title not in html


def test_topics_and_years_browse(client, corpus):
    topics = _html(client.get(reverse("portal:topics")))
    assert "财政、金融、审计" in topics
    topic = client.get(reverse("portal:topic", args=["0401"]))
    assert topic.status_code == 200 and corpus.policy.title in _html(topic)
    assert client.get(reverse("portal:topic", args=["nope"])).status_code == 404
    years = _html(client.get(reverse("portal:years")))
    assert "2025年" in years and "2023年" in years
    year = _html(client.get(reverse("portal:year", args=[2023])))
    assert corpus.repealed.title in year and corpus.policy.title not in year
    assert client.get("/years/1800/").status_code == 404


def test_year_boundary_uses_beijing_time(client, staff, agency_a):
    """Published at 2024-12-31 23:30 Beijing time belongs to 2024, not 2025."""
    from gongkai.portal.tests import factories as f

    doc = f.publish(staff, agency_a, now=f.at(2024, 12, 31, 23), title="年末发布的信息")
    assert doc.title in _html(client.get(reverse("portal:year", args=[2024])))
    assert doc.title not in _html(client.get(reverse("portal:year", args=[2025])))


def test_accessibility_statement_page(client, db):
    response = client.get(reverse("portal:accessibility"))
    assert response.status_code == 200
    assert "大字版" in _html(response) and "键盘" in _html(response)


def test_post_to_a_public_page_is_refused_cleanly(client, db):
    assert client.post("/").status_code == 405
