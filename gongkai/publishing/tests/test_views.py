"""Staff pages through HTTP. Every page refuses agency B's staff with a 404."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai.conftest import PASSWORD
from gongkai.publishing import actions
from gongkai.publishing.models import (
    Attachment,
    CatalogueNode,
    Document,
    DocumentKind,
    DocumentRelation,
    Revision,
)
from gongkai.publishing.tests.factories import (
    make_document,
    make_policy_with_interpretation,
    pdf,
    publish,
    submit,
)

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    c = Client()
    assert c.login(username=user.username, password=PASSWORD)
    return c


def url(name, *args):
    return reverse(f"publishing:{name}", args=args)


@pytest.fixture
def draft(agency_a, drafter_a):
    doc = make_document(agency_a, drafter_a, title="甲县草稿通知")
    actions.add_attachment(actions.open_revision(doc), by=drafter_a, upload=pdf())
    return doc


@pytest.fixture
def published_doc(agency_a, drafter_a, reviewer_a, approver_a):
    return publish(
        make_document(agency_a, drafter_a, title="甲县已发布通知"),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )


DOC_GET_PAGES = [
    "document-detail",
    "document-edit",
    "document-history",
    "document-review",
    "document-approve",
    "document-revise",
    "document-withdraw",
    "document-relations",
    "interpretation-create",
]
DOC_POST_PAGES = [
    "document-submit",
    "document-discard",
    "document-edit",
    "document-review",
    "document-approve",
    "document-withdraw",
    "document-revise",
    "attachment-add",
    "interpretation-create",
]


@pytest.mark.parametrize("name", DOC_GET_PAGES)
def test_agency_b_cannot_open_agency_a_record_pages(name, draft, drafter_b):
    assert login(drafter_b).get(url(name, draft.pk)).status_code == 404


@pytest.mark.parametrize("name", DOC_POST_PAGES)
def test_agency_b_cannot_change_agency_a_records(name, draft, drafter_b):
    before = actions.open_revision(draft)
    response = login(drafter_b).post(
        url(name, draft.pk),
        {"title": "乙县改的", "reason": "x", "decision": "pass", "change_note": "x"},
    )
    assert response.status_code == 404
    after = actions.open_revision(draft)
    assert (after.pk, after.status, after.title) == (
        before.pk,
        before.status,
        before.title,
    )


def test_agency_b_cannot_download_or_remove_agency_a_attachments(draft, drafter_b):
    att = actions.open_revision(draft).attachments.get()
    client = login(drafter_b)
    assert client.get(url("attachment-download", draft.pk, att.pk)).status_code == 404
    assert client.post(url("attachment-remove", draft.pk, att.pk)).status_code == 404
    assert Attachment.objects.filter(pk=att.pk).exists()


def test_agency_b_does_not_see_agency_a_drafts_in_lists_or_queues(
    draft, drafter_a, drafter_b
):
    submit(draft, drafter_a)
    client = login(drafter_b)
    for page in (url("document-list"), url("home"), url("document-list") + "?q=甲县"):
        response = client.get(page)
        assert response.status_code == 200
        assert "甲县草稿通知" not in response.content.decode()


def test_missing_record_is_the_same_404(drafter_a):
    assert login(drafter_a).get(url("document-detail", 999999)).status_code == 404


def test_anonymous_users_are_sent_to_login(draft):
    response = Client().get(url("document-detail", draft.pk))
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


def test_queues_show_each_role_its_work(
    agency_a, draft, drafter_a, reviewer_a, approver_a
):
    assert "甲县草稿通知" in login(drafter_a).get(url("home")).content.decode()
    submit(draft, drafter_a)
    page = login(reviewer_a).get(url("home")).content.decode()
    assert "待我审查" in page and "甲县草稿通知" in page
    actions.pass_review(actions.open_revision(draft), by=reviewer_a)
    page = login(approver_a).get(url("home")).content.decode()
    assert url("document-approve", draft.pk) in page
    actions.return_revision(
        actions.open_revision(draft), by=approver_a, reason="请补充附件说明"
    )
    page = login(drafter_a).get(url("home")).content.decode()
    assert "请补充附件说明" in page


def test_overdue_record_is_listed_as_late(agency_a, drafter_a):
    make_document(
        agency_a, drafter_a, title="逾期信息", formed_date=dt.date(2024, 1, 2)
    )
    page = login(drafter_a).get(url("home")).content.decode()
    assert "逾期信息" in page and "已逾期" in page


def test_document_list_filters(agency_a, drafter_a, published_doc, draft):
    client = login(drafter_a)
    page = client.get(url("document-list"), {"state": "published"}).content.decode()
    assert "甲县已发布通知" in page and "甲县草稿通知" not in page
    page = client.get(url("document-list"), {"state": "draft"}).content.decode()
    assert "甲县草稿通知" in page and "甲县已发布通知" not in page
    page = client.get(
        url("document-list"), {"q": published_doc.index_number}
    ).content.decode()
    assert "甲县已发布通知" in page and "甲县草稿通知" not in page
    page = client.get(url("document-list"), {"year": "abc", "topic": "x"})
    assert page.status_code == 200


def form_data(agency, **overrides):
    data = {
        "agency": agency.pk,
        "title": "关于开展安全生产检查的通知",
        "kind": DocumentKind.GENERAL,
        "genre": "通知",
        "topic": "",
        "doc_number": "甲政办发〔2024〕9号",
        "issuing_agencies": [agency.pk],
        "written_date": "2024-03-01",
        "formed_date": "2024-03-01",
        "keywords": "安全生产",
        "source": "县应急管理局",
        "body_html": "第一段\n第二段",
        "disclosure": "proactive",
        "disclosure_reason": "",
        "effective_date": "",
        "expiry_date": "",
        "attachment_kind": "attachment",
    }
    data.update(overrides)
    return data


def test_drafter_creates_a_record_with_plain_text_body(agency_a, drafter_a):
    response = login(drafter_a).post(url("document-create"), form_data(agency_a))
    doc = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url("document-detail", doc.pk)
    rev = actions.open_revision(doc)
    assert rev.body_html == "<p>第一段</p>\n<p>第二段</p>"
    assert rev.doc_number_normalized == "甲政办发〔2024〕9号"
    assert list(rev.issuing_agencies.all()) == [agency_a]


def test_reviewer_cannot_open_the_create_page(reviewer_a):
    assert login(reviewer_a).get(url("document-create")).status_code == 404


def test_full_workflow_through_the_pages(agency_a, drafter_a, reviewer_a, approver_a):
    login(drafter_a).post(url("document-create"), form_data(agency_a))
    doc = Document.objects.get()
    login(drafter_a).post(url("document-submit", doc.pk))
    # A return without reason is refused on the page, and nothing changes.
    response = login(reviewer_a).post(
        url("document-review", doc.pk), {"decision": "return", "note": ""}
    )
    assert response.status_code == 200
    assert "退回时必须填写理由" in response.content.decode()
    assert actions.open_revision(doc).status == Revision.Status.IN_REVIEW
    login(reviewer_a).post(url("document-review", doc.pk), {"decision": "pass"})
    login(approver_a).post(url("document-approve", doc.pk), {"decision": "pass"})
    doc.refresh_from_db()
    assert doc.status == Document.Status.PUBLISHED
    history = login(drafter_a).get(url("document-history", doc.pk)).content.decode()
    for label in ("创建草稿", "提交保密审查", "保密审查通过", "签发并发布"):
        assert label in history
    assert "approver_a" in history


def test_policy_review_page_shows_the_tuiwen_message(agency_a, drafter_a, reviewer_a):
    policy = make_document(agency_a, drafter_a, kind=DocumentKind.POLICY)
    submit(policy, drafter_a)
    response = login(reviewer_a).post(
        url("document-review", policy.pk), {"decision": "pass"}
    )
    assert response.status_code == 200
    assert "退文" in response.content.decode()
    assert actions.open_revision(policy).status == Revision.Status.IN_REVIEW


def test_interpretation_is_drafted_from_the_policy_page(agency_a, drafter_a):
    policy = make_document(agency_a, drafter_a, kind=DocumentKind.POLICY)
    client = login(drafter_a)
    detail = client.get(url("document-detail", policy.pk)).content.decode()
    assert url("interpretation-create", policy.pk) in detail
    form = client.get(url("interpretation-create", policy.pk)).content.decode()
    assert "政策解读" in form
    data = form_data(
        agency_a,
        title="政策解读",
        qa="问：谁适用？\n答：全县企业。",
        media_url="https://example.gov.cn/v.mp4",
    )
    response = client.post(url("interpretation-create", policy.pk), data)
    interp = Document.objects.get(interprets=policy)
    assert response.status_code == 302
    rev = actions.open_revision(interp)
    assert rev.kind == DocumentKind.INTERPRETATION
    assert rev.qa == [{"q": "谁适用？", "a": "全县企业。"}]


def test_approving_the_policy_page_publishes_the_interpretation(
    agency_a, drafter_a, reviewer_a, approver_a
):
    policy, interp = make_policy_with_interpretation(agency_a, drafter_a, reviewer_a)
    client = login(approver_a)
    response = client.post(url("document-approve", interp.pk), {"decision": "pass"})
    assert "同步签发" in response.content.decode()
    client.post(url("document-approve", policy.pk), {"decision": "pass"})
    interp.refresh_from_db()
    assert interp.status == Document.Status.PUBLISHED


def test_revise_and_withdraw_pages(published_doc, drafter_a, approver_a):
    client = login(drafter_a)
    response = client.post(
        url("document-revise", published_doc.pk), {"change_note": "更正"}
    )
    assert response["Location"] == url("document-edit", published_doc.pk)
    assert actions.open_revision(published_doc).change_note == "更正"
    response = login(approver_a).post(
        url("document-withdraw", published_doc.pk), {"reason": ""}
    )
    assert response.status_code == 200
    published_doc.refresh_from_db()
    assert published_doc.status == Document.Status.PUBLISHED
    login(approver_a).post(
        url("document-withdraw", published_doc.pk), {"reason": "过时"}
    )
    published_doc.refresh_from_db()
    assert published_doc.status == Document.Status.WITHDRAWN


def test_relations_page_searches_by_doc_number_and_links(
    agency_a, drafter_a, reviewer_a, approver_a, published_doc
):
    new = publish(
        make_document(agency_a, drafter_a, title="废止决定", doc_number=""),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )
    client = login(drafter_a)
    page = client.get(url("document-relations", new.pk), {"q": "甲政办发[2024]3号"})
    assert "甲县已发布通知" in page.content.decode()
    client.post(
        url("document-relations", new.pk),
        {"q": "甲政办发[2024]3号", "target": published_doc.pk, "kind": "repeals"},
    )
    assert DocumentRelation.objects.filter(source=new, target=published_doc).exists()


def test_attachment_download_for_staff(draft, drafter_a):
    att = actions.open_revision(draft).attachments.get()
    response = login(drafter_a).get(url("attachment-download", draft.pk, att.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_catalogue_pages_for_the_agency_admin_only(
    agency_a, admin_a, drafter_a, drafter_b
):
    node = CatalogueNode.objects.get(agency=agency_a, slug="system")
    client = login(admin_a)
    assert client.get(url("catalogue", agency_a.pk)).status_code == 200
    response = client.post(
        url("catalogue", agency_a.pk), {"name": "专项信息", "parent": ""}
    )
    assert response.status_code == 302
    assert CatalogueNode.objects.filter(agency=agency_a, name="专项信息").exists()
    client.post(url("catalogue-node-edit", node.pk), {"name": "公开制度"})
    node.refresh_from_db()
    assert node.name == "公开制度"
    for user in (drafter_a, drafter_b):
        other = login(user)
        assert other.get(url("catalogue", agency_a.pk)).status_code == 404
        assert other.get(url("catalogue-node-edit", node.pk)).status_code == 404
        assert other.post(url("catalogue-node-remove", node.pk)).status_code == 404
        assert other.post(url("catalogue-node-move", node.pk)).status_code == 404
    assert CatalogueNode.objects.filter(pk=node.pk).exists()


def test_removing_a_column_with_children_shows_why(agency_a, admin_a):
    node = CatalogueNode.objects.get(agency=agency_a, slug="statutory")
    response = login(admin_a).post(url("catalogue-node-remove", node.pk), follow=True)
    assert "子栏目" in response.content.decode()
    assert CatalogueNode.objects.filter(pk=node.pk).exists()


def test_staff_home_links_to_the_publishing_queues(drafter_a):
    page = login(drafter_a).get(reverse("core:staff-home")).content.decode()
    for name in ("home", "document-list", "document-create", "catalogue-index"):
        assert url(name) in page
