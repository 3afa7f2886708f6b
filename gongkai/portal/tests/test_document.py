"""Document pages: the metadata table, relations on both sides, 404 and 410."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from gongkai.publishing.models import Document

pytestmark = pytest.mark.django_db


def _get(client, doc):  # type: ignore[no-untyped-def]
    return client.get(reverse("portal:document", args=[doc.pk]))


def _cell(html: str, label: str) -> str:
    """The value cell that the header `label` labels in the 信息属性 table."""
    m = re.search(
        rf'<th id="meta-(\w+)">{label}</th><td headers="meta-\1"[^>]*>(.*?)</td>', html
    )
    assert m, f"no {label} row"
    return m.group(2)


def test_metadata_table_shows_the_county_portal_fields(client, corpus):
    response = _get(client, corpus.policy)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>信息属性</caption>" in html
    doc = corpus.policy
    assert _cell(html, "索引号") == doc.index_number
    assert "财政" in _cell(html, "主题分类")
    assert corpus.agency.name in _cell(html, "发布机构")
    assert _cell(html, "成文日期") == "2025年05月28日"
    assert _cell(html, "发布日期") == "2025年06月02日"
    assert _cell(html, "文号") == "甲政规〔2025〕2号"
    assert "有效" in _cell(html, "有效性")
    assert _cell(html, "来源") == "甲县人民政府办公室"
    assert _cell(html, "主题词") == "民营经济 营商环境"
    assert _cell(html, "体裁") == "行政规范性文件"
    assert _cell(html, "施行日期") == "2025年06月10日"
    assert "法规文件" in _cell(html, "所属栏目")
    assert '<h1 id="doc-title">甲县促进民营经济高质量发展若干措施</h1>' in html
    assert "为进一步优化营商环境" in html


def test_missing_optional_fields_read_none_rather_than_blank(client, corpus):
    html = _get(client, corpus.report).content.decode()
    assert _cell(html, "文号") == "无"
    assert "施行日期" not in html


def test_publish_statement_follows_the_agency_setting(client, corpus):
    assert "（此件公开发布）" in _get(client, corpus.policy).content.decode()
    corpus.agency.show_publish_statement = False
    corpus.agency.save()
    assert "（此件公开发布）" not in _get(client, corpus.policy).content.decode()


def test_repealed_original_is_marked_prominently_with_the_new_document(client, corpus):
    html = _get(client, corpus.repealed).content.decode()
    notice = html.split('class="notice notice-warning doc-status"', 1)[1].split(
        "</div>", 1
    )[0]
    assert "本文件已废止" in notice
    assert f'本文件已被《<a href="{corpus.policy.get_absolute_url()}">' in notice
    assert corpus.policy.title in notice and "废止" in notice
    assert "2025年6月10日起生效" in notice
    # The notice comes before the metadata table and the body.
    assert html.index("doc-status") < html.index("<caption>信息属性</caption>")
    assert "已废止" in _cell(html, "有效性")


def test_new_document_says_what_it_repeals(client, corpus):
    html = _get(client, corpus.policy).content.decode()
    assert "本文件修改、废止的文件" in html
    assert (
        f'本文件废止了《<a href="{corpus.repealed.get_absolute_url()}">'
        f"{corpus.repealed.title}</a>》" in html
    )


def test_amendment_is_shown_on_both_sides(client, corpus, staff):
    from gongkai.portal.tests import factories as f
    from gongkai.publishing import actions
    from gongkai.publishing.models import DocumentRelation

    amending = f.publish(staff, corpus.agency, title="关于修改年报工作制度的决定")
    actions.add_relation(
        amending, corpus.report, DocumentRelation.Kind.AMENDS, by=staff.approver
    )
    original = _get(client, corpus.report).content.decode()
    assert f'本文件已被《<a href="{amending.get_absolute_url()}">' in original
    assert "修改" in original
    new = _get(client, amending).content.decode()
    assert "本文件修改了《" in new and corpus.report.title in new


def test_relation_to_a_non_public_document_is_not_shown(client, corpus, staff):
    from gongkai.portal.tests import factories as f
    from gongkai.publishing import actions
    from gongkai.publishing.models import DocumentRelation

    secret = f.not_public(staff, corpus.agency, title="依申请公开的修改决定")
    actions.add_relation(
        secret, corpus.report, DocumentRelation.Kind.AMENDS, by=staff.approver
    )
    html = _get(client, corpus.report).content.decode()
    assert secret.title not in html
    assert "doc-status" not in html


def test_policy_links_its_interpretations_and_back(client, corpus):
    policy = _get(client, corpus.policy).content.decode()
    assert "相关解读" in policy
    assert corpus.interpretation.get_absolute_url() in policy
    interp = _get(client, corpus.interpretation).content.decode()
    assert f'本文是对《<a href="{corpus.policy.get_absolute_url()}">' in interp
    assert "解读的政策文件" in interp
    # 问答 of the interpretation.
    assert "哪些企业可以申报？" in interp and "在本县登记的民营企业。" in interp


def test_attachments_are_listed_with_download_links(client, corpus):
    html = _get(client, corpus.policy).content.decode()
    att = corpus.policy.live_revision.attachments.get()
    url = reverse("portal:attachment", args=[corpus.policy.pk, att.pk])
    assert f'href="{url}"' in html
    assert "附件1 申报表.pdf" in html and "PDF" in html


@pytest.mark.parametrize("which", ["on_request", "draft"])
def test_non_public_documents_are_404(client, corpus, which):
    doc = getattr(corpus, which)
    response = _get(client, doc)
    assert response.status_code == 404
    assert doc.title not in response.content.decode()
    assert "页面不存在" in response.content.decode()


def test_withheld_document_is_404(client, corpus, staff):
    from gongkai.portal.tests import factories as f

    doc = f.not_public(
        staff,
        corpus.agency,
        title="不予公开的信息",
        disclosure="withheld",
        disclosure_reason="涉及国家秘密",
    )
    assert _get(client, doc).status_code == 404


def test_missing_document_is_404(client, db):
    assert client.get("/documents/987654/").status_code == 404


def test_withdrawn_document_is_410_with_reason_and_date_and_no_body(client, corpus):
    from gongkai.publishing.models import Revision

    body = Revision.objects.filter(document=corpus.withdrawn).first().body_html
    response = _get(client, corpus.withdrawn)
    assert response.status_code == 410
    html = response.content.decode()
    assert "该信息已撤回" in html
    assert "公示内容有误，已另行发布更正后的公示。" in html
    assert "2024年6月1日" in html
    assert corpus.withdrawn.index_number in html
    assert "正文内容" in body and "正文内容" not in html
    assert 'name="robots" content="noindex"' in html


def test_withdrawing_a_policy_withdraws_its_interpretation_as_410(
    client, corpus, staff
):
    from gongkai.publishing import actions

    actions.withdraw(corpus.policy, by=staff.approver, reason="政策调整")
    assert _get(client, corpus.policy).status_code == 410
    assert _get(client, corpus.interpretation).status_code == 410
    # The repealed document no longer shows a link to a withdrawn one.
    html = _get(client, corpus.repealed).content.decode()
    assert corpus.policy.get_absolute_url() not in html


def test_withdrawn_record_that_was_never_public_is_404(client, corpus, staff):
    from gongkai.publishing import actions

    actions.withdraw(corpus.on_request, by=staff.approver, reason="撤回")
    assert _get(client, corpus.on_request).status_code == 404


def test_public_copy_stays_online_while_a_revision_is_in_review(client, corpus, staff):
    from gongkai.publishing import actions

    rev = actions.start_revision(corpus.report, by=staff.drafter)
    actions.update_draft(rev, by=staff.drafter, title="尚未签发的新标题")
    html = _get(client, corpus.report).content.decode()
    assert corpus.report.title in html and "尚未签发的新标题" not in html


def test_hostile_strings_are_escaped_everywhere(client, corpus, staff):
    """Titles from imports, column and agency names are reference data: escape all."""
    from gongkai.portal.tests import factories as f

    doc = f.publish(
        staff,
        corpus.agency,
        title='关于"引号"与 & 符号的通知',
        doc_number='甲〔2025〕"1号',
        catalogue_nodes=[corpus.rules],
    )
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    # An imported record whose title bypassed the form's plain-text rule.
    Document.objects.filter(pk=doc.pk).update(title=hostile + "标题")
    corpus.rules.name = hostile + "栏目"
    corpus.rules.save()
    corpus.agency.short_name = hostile
    corpus.agency.save()
    pages = [
        reverse("portal:document", args=[doc.pk]),
        corpus.rules.get_absolute_url(),
        reverse("portal:agency", args=[corpus.agency.slug]),
        reverse("portal:documents"),
        "/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert "<script>alert" not in html, url
        assert "<img src=x" not in html, url
        assert "&lt;script&gt;" in html, url
    html = client.get(reverse("portal:document", args=[doc.pk])).content.decode()
    assert "甲〔2025〕&quot;1号" in html
    assert "关于&quot;引号&quot;与 &amp; 符号的通知" not in html  # title was replaced


def test_body_html_is_sanitised_on_display(client, corpus):
    Document.objects.filter(pk=corpus.report.pk).update(
        body_html='<p>正文</p><script>alert(1)</script><a href="javascript:x()">链接</a>'
    )
    html = _get(client, corpus.report).content.decode()
    assert "<script>alert(1)" not in html and "javascript:" not in html
    assert "<p>正文</p>" in html


def test_document_page_query_count_is_bounded(
    client, corpus, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20):
        assert _get(client, corpus.policy).status_code == 200
