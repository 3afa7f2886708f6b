"""Every transition of a record and every refusal, through the actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.audit import events_for
from gongkai.core.models import Notification
from gongkai.publishing import actions
from gongkai.publishing.models import (
    Attachment,
    Document,
    DocumentKind,
    IndexSequence,
    Revision,
)
from gongkai.publishing.queries import document_history, public_documents
from gongkai.publishing.tests.factories import (
    exe_as_pdf,
    make_document,
    make_policy_with_interpretation,
    pdf,
    publish,
    review,
    submit,
)

pytestmark = pytest.mark.django_db


def actions_of(doc):
    return list(document_history(doc).values_list("action", flat=True))


def test_draft_goes_through_review_and_approval_to_published(
    agency_a, drafter_a, reviewer_a, approver_a
):
    doc = make_document(agency_a, drafter_a)
    rev = actions.open_revision(doc)
    assert rev.status == Revision.Status.DRAFT
    assert not public_documents().filter(pk=doc.pk).exists()

    actions.submit_for_review(rev, by=drafter_a)
    rev.refresh_from_db()
    assert rev.status == Revision.Status.IN_REVIEW

    actions.pass_review(rev, by=reviewer_a, note="不涉密")
    rev.refresh_from_db()
    assert rev.status == Revision.Status.IN_APPROVAL
    assert rev.reviewed_by == reviewer_a

    actions.approve_and_publish(rev, by=approver_a)
    doc.refresh_from_db()
    rev.refresh_from_db()
    assert doc.status == Document.Status.PUBLISHED
    assert rev.status == Revision.Status.PUBLISHED
    assert doc.live_revision == rev
    assert doc.doc_number == "甲政办发〔2024〕3号"
    assert public_documents().filter(pk=doc.pk).exists()
    assert actions_of(doc)[:4] == [
        "publishing.published",
        "publishing.review_passed",
        "publishing.submitted",
        "publishing.created",
    ]


def test_each_step_writes_who_from_to_and_reason(
    agency_a, drafter_a, reviewer_a, approver_a
):
    doc = make_document(agency_a, drafter_a)
    submit(doc, drafter_a)
    actions.return_revision(
        actions.open_revision(doc), by=reviewer_a, reason="附件含内部联系电话"
    )
    event = events_for(doc).get(action="publishing.returned")
    assert event.actor == reviewer_a
    assert (event.from_state, event.to_state) == ("in_review", "returned")
    assert event.reason == "附件含内部联系电话"
    assert event.agency == agency_a


def test_reviewer_returns_with_reason_and_drafter_sees_it(
    agency_a, drafter_a, reviewer_a
):
    doc = make_document(agency_a, drafter_a)
    submit(doc, drafter_a)
    rev = actions.return_revision(
        actions.open_revision(doc), by=reviewer_a, reason="请删除身份证号"
    )
    assert rev.status == Revision.Status.RETURNED
    assert rev.returned_reason == "请删除身份证号"
    assert Notification.objects.filter(
        user=drafter_a, message__contains="请删除身份证号"
    ).exists()
    # The drafter fixes it and submits again; the old reason is cleared.
    actions.update_draft(rev, by=drafter_a, title="关于做好政务公开工作的通知")
    actions.submit_for_review(rev, by=drafter_a)
    rev.refresh_from_db()
    assert rev.status == Revision.Status.IN_REVIEW
    assert rev.returned_reason == ""


def test_approver_can_return_too(agency_a, drafter_a, reviewer_a, approver_a):
    doc = make_document(agency_a, drafter_a)
    submit(doc, drafter_a)
    review(doc, reviewer_a)
    rev = actions.return_revision(
        actions.open_revision(doc), by=approver_a, reason="文号有误"
    )
    assert rev.status == Revision.Status.RETURNED


def test_return_without_reason_is_refused(agency_a, drafter_a, reviewer_a):
    doc = make_document(agency_a, drafter_a)
    submit(doc, drafter_a)
    with pytest.raises(actions.WorkflowError, match="理由"):
        actions.return_revision(actions.open_revision(doc), by=reviewer_a, reason=" ")
    assert actions.open_revision(doc).status == Revision.Status.IN_REVIEW


def test_drafter_cannot_review_or_approve(agency_a, drafter_a, reviewer_a):
    doc = make_document(agency_a, drafter_a)
    submit(doc, drafter_a)
    with pytest.raises(actions.WorkflowError, match="权限"):
        actions.pass_review(actions.open_revision(doc), by=drafter_a)
    review(doc, reviewer_a)
    with pytest.raises(actions.WorkflowError, match="权限"):
        actions.approve_and_publish(actions.open_revision(doc), by=reviewer_a)


def test_staff_of_another_agency_cannot_act(agency_a, drafter_a, drafter_b):
    doc = make_document(agency_a, drafter_a)
    with pytest.raises(actions.WorkflowError):
        actions.update_draft(actions.open_revision(doc), by=drafter_b, title="改")
    submit(doc, drafter_a)
    with pytest.raises(actions.WorkflowError):
        actions.pass_review(actions.open_revision(doc), by=drafter_b)


def test_cannot_skip_review(agency_a, drafter_a, approver_a):
    doc = make_document(agency_a, drafter_a)
    with pytest.raises(actions.WorkflowError, match="当前状态"):
        actions.approve_and_publish(actions.open_revision(doc), by=approver_a)


def test_withdrawn_with_reason_leaves_public_list(
    agency_a, drafter_a, reviewer_a, approver_a
):
    doc = publish(
        make_document(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )
    with pytest.raises(actions.WorkflowError, match="理由"):
        actions.withdraw(doc, by=approver_a, reason="")
    actions.withdraw(doc, by=approver_a, reason="内容已过时")
    doc.refresh_from_db()
    assert doc.status == Document.Status.WITHDRAWN
    assert doc.withdrawn_reason == "内容已过时"
    assert doc.withdrawn_at is not None
    assert not public_documents().filter(pk=doc.pk).exists()
    event = events_for(doc).get(action="publishing.withdrawn")
    assert event.reason == "内容已过时"
    assert event.actor == approver_a


def test_drafter_cannot_withdraw(agency_a, drafter_a, reviewer_a, approver_a):
    doc = publish(
        make_document(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )
    with pytest.raises(actions.WorkflowError, match="权限"):
        actions.withdraw(doc, by=drafter_a, reason="x")


def test_policy_without_interpretation_is_refused_at_review_with_tuiwen(
    agency_a, drafter_a, reviewer_a, approver_a
):
    policy = make_document(agency_a, drafter_a, kind=DocumentKind.POLICY)
    submit(policy, drafter_a)
    with pytest.raises(actions.WorkflowError, match=r"退文.*政策解读"):
        review(policy, reviewer_a)
    assert actions.open_revision(policy).status == Revision.Status.IN_REVIEW


def test_policy_and_interpretation_publish_together(
    agency_a, drafter_a, reviewer_a, approver_a
):
    policy, interp = make_policy_with_interpretation(agency_a, drafter_a, reviewer_a)
    actions.approve_and_publish(actions.open_revision(policy), by=approver_a)
    policy.refresh_from_db()
    interp.refresh_from_db()
    assert policy.status == interp.status == Document.Status.PUBLISHED
    assert policy.published_at == interp.published_at
    assert interp.interprets == policy
    assert interp.qa == [{"q": "适用范围？", "a": "全县各部门。"}]


def test_interpretation_cannot_be_published_alone(
    agency_a, drafter_a, reviewer_a, approver_a
):
    _, interp = make_policy_with_interpretation(agency_a, drafter_a, reviewer_a)
    with pytest.raises(actions.WorkflowError, match="同步签发"):
        actions.approve_and_publish(actions.open_revision(interp), by=approver_a)
    interp.refresh_from_db()
    assert interp.status == Document.Status.DRAFT


def test_interpretation_must_be_drafted_by_the_policy_agency(
    agency_a, agency_b, drafter_a, drafter_b
):
    policy = make_document(agency_a, drafter_a, kind=DocumentKind.POLICY)
    with pytest.raises(actions.WorkflowError, match="谁起草谁解读"):
        actions.create_document(
            agency=agency_b, by=drafter_b, interprets=policy, title="解读"
        )


def test_withdrawing_a_policy_withdraws_its_interpretation(
    agency_a, drafter_a, reviewer_a, approver_a
):
    policy, interp = make_policy_with_interpretation(agency_a, drafter_a, reviewer_a)
    actions.approve_and_publish(actions.open_revision(policy), by=approver_a)
    actions.withdraw(policy, by=approver_a, reason="政策调整")
    interp.refresh_from_db()
    assert interp.status == Document.Status.WITHDRAWN
    assert "政策调整" in interp.withdrawn_reason


def test_revision_keeps_old_version_public_until_approved(
    agency_a, drafter_a, reviewer_a, approver_a
):
    doc = publish(
        make_document(agency_a, drafter_a, title="原标题"),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )
    first_published = doc.published_at
    index_number = doc.index_number
    rev2 = actions.start_revision(doc, by=drafter_a, change_note="更正数据")
    actions.update_draft(rev2, by=drafter_a, title="新标题")
    submit(doc, drafter_a)
    doc.refresh_from_db()
    assert doc.title == "原标题"
    assert public_documents().get(pk=doc.pk).title == "原标题"
    with pytest.raises(actions.WorkflowError, match="正在办理"):
        actions.start_revision(doc, by=drafter_a)

    review(doc, reviewer_a)
    actions.approve_and_publish(actions.open_revision(doc), by=approver_a)
    doc.refresh_from_db()
    assert doc.title == "新标题"
    assert doc.live_revision.number == 2
    assert doc.index_number == index_number
    assert doc.published_at == first_published
    assert Revision.objects.get(document=doc, number=1).status == "superseded"


def test_revision_carries_attachments_forward(
    agency_a, drafter_a, reviewer_a, approver_a
):
    doc = make_document(agency_a, drafter_a)
    actions.add_attachment(actions.open_revision(doc), by=drafter_a, upload=pdf())
    publish(doc, drafter=drafter_a, reviewer=reviewer_a, approver=approver_a)
    rev2 = actions.start_revision(doc, by=drafter_a)
    assert [a.original_name for a in rev2.attachments.all()] == ["附件.pdf"]


def test_discarding_a_revision_keeps_the_public_copy(
    agency_a, drafter_a, reviewer_a, approver_a
):
    doc = publish(
        make_document(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )
    rev2 = actions.start_revision(doc, by=drafter_a)
    actions.discard_revision(rev2, by=drafter_a)
    doc.refresh_from_db()
    assert doc.status == Document.Status.PUBLISHED
    assert actions.open_revision(doc) is None


def test_only_one_open_revision_per_document_in_the_database(agency_a, drafter_a):
    doc = make_document(agency_a, drafter_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        Revision.objects.create(document=doc, number=2, title="x")


def test_index_number_is_formatted_by_template_assigned_once_and_kept(
    agency_a, drafter_a, reviewer_a, approver_a
):
    agency_a.index_template = "{org_code}-{year}-{seq:04d}"
    agency_a.save()
    now = timezone.make_aware(dt.datetime(2024, 5, 6, 10, 0))
    first = publish(
        make_document(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
        now=now,
    )
    second = publish(
        make_document(agency_a, drafter_a, title="第二份"),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
        now=now,
    )
    assert first.index_number == "11A000001-2024-0001"
    assert second.index_number == "11A000001-2024-0002"
    assert IndexSequence.objects.get(agency=agency_a, year=2024).last == 2
    # Immutable: a later template change and a new revision leave it alone.
    agency_a.index_template = "{org_code}/{year}-{seq:05d}"
    agency_a.save()
    actions.start_revision(first, by=drafter_a)
    submit(first, drafter_a)
    review(first, reviewer_a)
    actions.approve_and_publish(actions.open_revision(first), by=approver_a)
    first.refresh_from_db()
    assert first.index_number == "11A000001-2024-0001"
    # Unique in the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=second.pk).update(index_number=first.index_number)


def test_index_number_skips_a_number_taken_by_an_imported_record(
    agency_a, drafter_a, reviewer_a, approver_a
):
    imported = make_document(agency_a, drafter_a, title="导入")
    Document.objects.filter(pk=imported.pk).update(index_number="11A000001/2024-00001")
    now = timezone.make_aware(dt.datetime(2024, 5, 6, 10, 0))
    doc = publish(
        make_document(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
        now=now,
    )
    assert doc.index_number == "11A000001/2024-00002"


def test_submit_refuses_withheld_record_without_reason(agency_a, drafter_a):
    doc = make_document(agency_a, drafter_a, disclosure="withheld")
    with pytest.raises(actions.WorkflowError, match="理由"):
        submit(doc, drafter_a)


def test_submit_refuses_empty_record(agency_a, drafter_a):
    doc = make_document(agency_a, drafter_a, body_html="")
    with pytest.raises(actions.WorkflowError, match="正文和附件"):
        submit(doc, drafter_a)


def test_script_in_title_is_refused_and_body_is_sanitised(agency_a, drafter_a):
    with pytest.raises(actions.WorkflowError, match="纯文本"):
        make_document(agency_a, drafter_a, title="通知<script>alert(1)</script>")
    assert not Document.objects.exists()
    doc = make_document(
        agency_a,
        drafter_a,
        body_html='<p onclick="x()">正文</p><script>alert(1)</script>',
    )
    body = actions.open_revision(doc).body_html
    assert "script" not in body
    assert "onclick" not in body
    assert "正文" in body


def test_disguised_upload_is_refused_and_leaves_no_draft(agency_a, drafter_a):
    with pytest.raises(actions.WorkflowError, match="文件类型"):
        actions.create_document(
            agency=agency_a,
            by=drafter_a,
            title="带附件的通知",
            body_html="<p>x</p>",
            attachments=[(exe_as_pdf(), Attachment.Kind.ATTACHMENT)],
        )
    assert not Document.objects.exists()
    assert not Attachment.objects.exists()


def test_notifications_reach_the_next_role(agency_a, drafter_a, reviewer_a, approver_a):
    doc = make_document(agency_a, drafter_a)
    submit(doc, drafter_a)
    assert Notification.objects.filter(user=reviewer_a).count() == 1
    review(doc, reviewer_a)
    assert Notification.objects.filter(user=approver_a).count() == 1
