"""Every transition of a case, through the actions, on a real database."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core.models import AuditEvent
from gongkai.domain.foi_codes import ResultCode
from gongkai.foi import actions, clock
from gongkai.foi.actions import ActionError
from gongkai.foi.models import Application, ClockEvent, Letter
from gongkai.foi.tests.factories import application_data, make_received

pytestmark = pytest.mark.django_db
D = date


def test_online_submission_waits_for_confirmation_and_has_no_clock(agency_a):
    submitted = actions.submit_online(agency_a, application_data(), id_proof=None)
    app = submitted.application
    assert app.status == Application.Status.SUBMITTED
    assert app.due_date is None
    assert app.tracking_number.startswith(f"YSQ-{timezone.localdate().year}-")
    assert len(submitted.access_code) == 10
    assert submitted.access_code not in app.access_code_hash
    assert actions.check_access_code(app, submitted.access_code.lower())
    assert not actions.check_access_code(app, "WRONGCODE1")


def test_confirmation_day_is_the_receipt_date_and_starts_twenty_workdays(
    agency_a, drafter_a
):
    app = actions.submit_online(agency_a, application_data(), id_proof=None).application
    today = timezone.localdate()
    actions.confirm_receipt(app, by=drafter_a, on=today)
    app.refresh_from_db()
    assert app.status == Application.Status.RECEIVED
    assert app.received_date == today
    expected, _ = clock.add_workdays(agency_a, today, 20)
    assert app.due_date == expected
    assert app.assigned_to == drafter_a
    assert app.letters.filter(kind=Letter.Kind.RECEIPT).count() == 1


def test_tracking_numbers_are_sequential_per_year(agency_a):
    a = actions.submit_online(agency_a, application_data(), id_proof=None).application
    b = actions.submit_online(agency_a, application_data(), id_proof=None).application
    assert int(b.tracking_number[-6:]) == int(a.tracking_number[-6:]) + 1


def test_staff_of_another_agency_cannot_act_on_the_case(agency_a, drafter_a, drafter_b):
    app = actions.submit_online(agency_a, application_data(), id_proof=None).application
    with pytest.raises(ActionError):
        actions.confirm_receipt(app, by=drafter_b)
    app.refresh_from_db()
    assert app.status == Application.Status.SUBMITTED


def test_oral_application_records_who_keyed_it_in(agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3), channel="oral")
    assert app.registered_by == drafter_a
    assert app.received_date == D(2025, 3, 3)
    assert app.due_date == D(2025, 3, 31)
    assert AuditEvent.objects.filter(action="foi.registered", actor=drafter_a).exists()


def test_supplement_restarts_the_clock(agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    actions.request_supplement(
        app,
        by=drafter_a,
        items="请写明年度",
        deadline=D(2025, 3, 20),
        today=D(2025, 3, 5),
    )
    assert app.status == Application.Status.AWAITING_SUPPLEMENT
    assert app.due_date is None
    actions.receive_supplement(app, answer="2025年度", on=D(2025, 3, 20))
    assert app.status == Application.Status.RECEIVED
    assert app.due_date == D(2025, 4, 18)
    with pytest.raises(ActionError, match="一次性"):
        actions.request_supplement(
            app,
            by=drafter_a,
            items="again",
            deadline=D(2025, 3, 28),
            today=D(2025, 3, 21),
        )


def test_supplement_notice_after_seven_workdays_is_refused(agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    with pytest.raises(ActionError, match="7个工作日"):
        actions.request_supplement(
            app, by=drafter_a, items="x", deadline=D(2025, 4, 1), today=D(2025, 3, 13)
        )
    assert not ClockEvent.objects.filter(
        application=app, kind="supplement_requested"
    ).exists()


def test_missed_supplement_deadline_abandons_the_case(agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    actions.request_supplement(
        app, by=drafter_a, items="x", deadline=D(2025, 3, 14), today=D(2025, 3, 4)
    )
    with pytest.raises(ActionError, match="尚未届满"):
        actions.abandon_without_supplement(app, by=drafter_a, today=D(2025, 3, 14))
    actions.abandon_without_supplement(app, by=drafter_a, today=D(2025, 3, 17))
    assert app.status == Application.Status.CLOSED
    assert app.result == ResultCode.OTHER_NO_SUPPLEMENT
    assert app.replied_date == D(2025, 3, 17)


def test_consultation_pauses_and_silent_agency_counts_as_consent(agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    c = actions.start_consultation(
        app,
        by=drafter_a,
        party="agency",
        party_name="乙局",
        matter="联合发文",
        sent_on=D(2025, 3, 10),
    )
    assert app.status == Application.Status.CONSULTING
    assert app.due_date is None
    assert c.reply_due == D(2025, 3, 31)
    with pytest.raises(ActionError, match="尚未届满"):
        actions.record_consultation_reply(
            c, by=drafter_a, opinion="silent", on=D(2025, 3, 31)
        )
    actions.record_consultation_reply(
        c, by=drafter_a, opinion="silent", on=D(2025, 4, 1)
    )
    app.refresh_from_db()
    assert c.deemed_consent
    assert app.status == Application.Status.RECEIVED
    # 5 wd used before the pause, 15 left after 4/1: 4/2,3,7–11,14–18,21,22,23.
    assert app.due_date == D(2025, 4, 23)
    assert app.letters.get(kind=Letter.Kind.CONSULTATION).to_applicant is False


def test_extension_needs_an_approver_and_is_once_only(agency_a, drafter_a, approver_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    with pytest.raises(ActionError, match="权限"):
        actions.extend(app, by=drafter_a, days=20, reason="量大", today=D(2025, 3, 20))
    actions.extend(
        app, by=approver_a, days=20, reason="涉及多个部门", today=D(2025, 3, 20)
    )
    assert app.due_date == D(2025, 4, 28)  # Sunday 4/27 is a make-up workday
    assert app.letters.filter(kind=Letter.Kind.EXTENSION).count() == 1
    with pytest.raises(ActionError, match="一次"):
        actions.extend(app, by=approver_a, days=1, reason="再延", today=D(2025, 3, 21))


def test_fee_notice_pauses_and_unpaid_fee_abandons(agency_a, drafter_a, approver_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    with pytest.raises(ActionError, match="不需收费"):
        actions.issue_fee_notice(
            app, by=approver_a, basis="per_page", pages=30, today=D(2025, 3, 5)
        )
    notice = actions.issue_fee_notice(
        app, by=approver_a, basis="per_page", pages=120, today=D(2025, 3, 5)
    )
    assert notice.amount == 700 + 20 * 20
    assert notice.pay_by == D(2025, 4, 2)
    assert app.status == Application.Status.AWAITING_FEE
    actions.lapse_fee(notice, by=drafter_a, today=D(2025, 4, 3))
    assert app.result == ResultCode.OTHER_FEE_UNPAID
    assert app.status == Application.Status.CLOSED


def test_payment_resumes_the_clock(agency_a, drafter_a, approver_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    notice = actions.issue_fee_notice(
        app, by=approver_a, basis="per_page", pages=40, today=D(2025, 3, 5)
    )
    actions.record_payment(notice, by=drafter_a, on=D(2025, 3, 12))
    app.refresh_from_db()
    assert app.status == Application.Status.RECEIVED
    assert app.due_date == D(2025, 4, 8)  # 2 wd used, 18 from 3/12, 清明 4/4 off


def test_reply_is_drafted_then_signed_with_exactly_one_result(
    agency_a, drafter_a, approver_a
):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    with pytest.raises(ActionError, match="理由"):
        actions.draft_reply(app, by=drafter_a, result="withheld_process")
    actions.draft_reply(app, by=drafter_a, result="granted", provision="电子邮件发送")
    with pytest.raises(ActionError, match="权限"):
        actions.sign_reply(app, by=drafter_a, today=D(2025, 3, 20))
    letter = actions.sign_reply(app, by=approver_a, today=D(2025, 3, 20))
    assert app.status == Application.Status.REPLIED
    assert app.result == ResultCode.GRANTED
    assert letter.number.endswith("〔2025〕1号")
    actions.mark_delivered(app, by=drafter_a, on=D(2025, 3, 21))
    assert app.status == Application.Status.DELIVERED


def test_database_refuses_an_answered_case_without_a_result(
    agency_a, drafter_a, approver_a
):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=app.pk).update(status="replied")


def test_remedy_after_delivery(agency_a, drafter_a, approver_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    actions.draft_reply(
        app, by=drafter_a, result="withheld_internal", reasons="人事材料"
    )
    actions.sign_reply(app, by=approver_a, today=D(2025, 3, 20))
    actions.mark_delivered(app, by=drafter_a, on=D(2025, 3, 21))
    remedy = actions.record_remedy(
        app, by=drafter_a, kind="review", body="甲市人民政府", filed_date=D(2025, 4, 10)
    )
    with pytest.raises(ActionError, match="审结日期"):
        actions.decide_remedy(remedy, by=drafter_a, outcome="upheld", decided_date=None)
    actions.decide_remedy(
        remedy, by=drafter_a, outcome="upheld", decided_date=D(2025, 6, 1)
    )
    remedy.refresh_from_db()
    assert remedy.outcome == "upheld"


def test_correction_request_is_a_separate_case_type(agency_a, drafter_a, approver_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3), kind="correction")
    with pytest.raises(ActionError, match="更正"):
        actions.draft_reply(app, by=drafter_a, result="granted", provision="x")
    actions.record_correction_outcome(
        app,
        by=approver_a,
        outcome="corrected",
        note="已更正出生日期",
        today=D(2025, 3, 10),
    )
    assert app.status == Application.Status.CLOSED
    assert app.result is None


def test_withdrawal_is_other_result(agency_a, drafter_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    actions.withdraw(app, by=drafter_a, reason="申请人书面撤回", today=D(2025, 3, 4))
    assert app.result == ResultCode.OTHER


def test_petition_is_registered_and_closed_with_its_code(
    agency_a, drafter_a, approver_a
):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3), info_title="举报某企业排污")
    actions.draft_reply(app, by=drafter_a, result="not_processed_petition")
    actions.sign_reply(app, by=approver_a, today=D(2025, 3, 5))
    assert app.result == ResultCode.NOT_PROCESSED_PETITION


def test_repeated_requests_start_a_publishing_draft(agency_a, drafter_a):
    a = make_received(
        agency_a, drafter_a, D(2025, 3, 3), info_doc_number="甲政发〔2025〕3号"
    )
    b = make_received(
        agency_a,
        drafter_a,
        D(2025, 3, 4),
        info_doc_number="甲政发[2025]3号",
        id_number="X1",
    )
    from gongkai.foi.queries import repeated_requests

    groups = repeated_requests([agency_a.pk])
    assert len(groups) == 1 and set(groups[0].case_ids) == {a.pk, b.pk}
    doc = actions.propose_for_publication(
        agency_a,
        by=drafter_a,
        case_ids=list(groups[0].case_ids),
        title="甲政发〔2025〕3号全文",
    )
    assert doc.title == "甲政发〔2025〕3号全文"
    assert doc.status == "draft"
    assert repeated_requests([agency_a.pk])[0].already_proposed


def test_stored_due_date_equals_recomputed_for_every_case(
    agency_a, drafter_a, approver_a
):
    make_received(agency_a, drafter_a, D(2025, 3, 3))
    b = make_received(agency_a, drafter_a, D(2025, 9, 30))
    actions.extend(b, by=approver_a, days=5, reason="x", today=D(2025, 10, 20))
    c = make_received(agency_a, drafter_a, D(2025, 12, 20))
    actions.start_consultation(
        c,
        by=drafter_a,
        party="third_party",
        party_name="某公司",
        matter="合同",
        sent_on=D(2025, 12, 22),
    )
    for app in Application.objects.all():
        result = clock.compute_for(app)
        assert app.due_date == result.due_date, app.tracking_number
        assert app.due_provisional == result.provisional


def test_received_date_in_the_future_is_refused(agency_a, drafter_a):
    with pytest.raises(ActionError):
        make_received(agency_a, drafter_a, timezone.localdate() + timedelta(days=1))
    assert not Application.objects.exists()
