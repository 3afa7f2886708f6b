"""Deadline reminders, calendar changes and the annual-report rows."""

from __future__ import annotations

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from gongkai.core.models import AuditEvent, Notification
from gongkai.domain.foi_codes import ApplicantType, CaseRow, RemedyRow, ResultCode
from gongkai.foi import actions, queries
from gongkai.foi.models import Application
from gongkai.foi.receivers import on_calendar_changed
from gongkai.foi.tests.factories import make_received
from gongkai.workdays import actions as calendar_actions

pytestmark = pytest.mark.django_db
D = date


def test_reminders_are_sent_once_per_case_and_deadline(agency_a, drafter_a):
    drafter_a.email = "drafter@example.cn"
    drafter_a.save()
    make_received(agency_a, drafter_a, D(2025, 3, 3))  # due 3/31
    first = actions.send_deadline_reminders(D(2025, 3, 27))
    assert first["due_soon"] == 1
    again = actions.send_deadline_reminders(D(2025, 3, 27))
    assert again["due_soon"] == 0
    late = actions.send_deadline_reminders(D(2025, 4, 1))
    assert late["overdue"] == 1
    assert Notification.objects.filter(user=drafter_a).count() == 2


def test_reminder_command_is_idempotent_and_sends_mail(
    agency_a, drafter_a, django_capture_on_commit_callbacks
):
    drafter_a.email = "drafter@example.cn"
    drafter_a.save()
    make_received(agency_a, drafter_a, D(2025, 3, 3))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_deadline_reminders", "--today", "2025-04-02")
        call_command("send_deadline_reminders", "--today", "2025-04-02")
    assert len(mail.outbox) == 1
    assert "已超过答复期限" in mail.outbox[0].subject


def test_calendar_change_recomputes_open_cases_logs_and_notifies(
    agency_a, drafter_a, admin_a, django_capture_on_commit_callbacks
):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    closed = make_received(agency_a, drafter_a, D(2025, 3, 3))
    actions.withdraw(closed, by=drafter_a, reason="撤回", today=D(2025, 3, 4))
    assert app.due_date == D(2025, 3, 31)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_actions.add_entry(
            actor=admin_a,
            day=D(2025, 3, 10),
            kind="closure",
            scope="agency",
            agency=agency_a,
            reason="台风停止办公",
        )
    app.refresh_from_db()
    closed.refresh_from_db()
    assert app.due_date == D(2025, 4, 1)
    assert closed.due_date == D(2025, 3, 31)  # closed cases keep their history
    event = AuditEvent.objects.get(action="foi.due_recomputed", subject_id=str(app.pk))
    assert event.data["old_due"] == "2025-03-31"
    assert Notification.objects.filter(
        user=drafter_a, message__contains="工作日历调整"
    ).exists()
    # idempotent
    assert on_calendar_changed(None, years=frozenset({2025})) == 0


def test_report_rows_cover_new_carried_and_open_cases(
    agency_a, agency_b, drafter_a, approver_a, drafter_b
):
    carried_in = make_received(agency_a, drafter_a, D(2024, 12, 20))
    actions.draft_reply(carried_in, by=drafter_a, result="granted", provision="邮寄")
    actions.sign_reply(carried_in, by=approver_a, today=D(2025, 1, 10))
    closed_before = make_received(agency_a, drafter_a, D(2024, 3, 1))
    actions.withdraw(closed_before, by=drafter_a, reason="撤回", today=D(2024, 3, 2))
    still_open = make_received(
        agency_a,
        drafter_a,
        D(2025, 12, 30),
        applicant_type="research",
        id_type="credit_code",
        contact_person="王",
    )
    correction = make_received(agency_a, drafter_a, D(2025, 5, 1), kind="correction")
    make_received(agency_b, drafter_b, D(2025, 5, 1))
    rows = queries.report_rows(agency_a.pk, 2025)
    assert {r.case_id for r in rows} == {carried_in.pk, still_open.pk}
    assert correction.pk not in {r.case_id for r in rows}
    by_id = {r.case_id: r for r in rows}
    assert by_id[carried_in.pk] == CaseRow(
        carried_in.pk,
        ApplicantType.NATURAL_PERSON,
        D(2024, 12, 20),
        D(2025, 1, 10),
        ResultCode.GRANTED,
    )
    assert by_id[still_open.pk].result is None
    assert by_id[still_open.pk].applicant_type is ApplicantType.RESEARCH


def test_review_rows_report_outcomes_as_of_year_end(agency_a, drafter_a, approver_a):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    actions.draft_reply(app, by=drafter_a, result="withheld_internal", reasons="人事")
    actions.sign_reply(app, by=approver_a, today=D(2025, 3, 10))
    review = actions.record_remedy(
        app, by=drafter_a, kind="review", body="甲市人民政府", filed_date=D(2025, 4, 1)
    )
    actions.decide_remedy(
        review, by=drafter_a, outcome="corrected", decided_date=D(2026, 1, 15)
    )
    rows = queries.review_rows(agency_a.pk, 2025)
    assert rows == [RemedyRow("review", "pending", D(2025, 4, 1), None)]
    assert queries.review_rows(agency_a.pk, 2026) == [
        RemedyRow("review", "corrected", D(2025, 4, 1), D(2026, 1, 15))
    ]


def test_list_overdue_lists_cases_past_their_due_date_with_its_indexes(
    agency_a, drafter_a
):
    app = make_received(agency_a, drafter_a, D(2025, 3, 3))
    assert list(queries.list_overdue(D(2025, 4, 1))) == [app]
    assert list(queries.list_overdue(D(2025, 3, 31))) == []
    assert (
        list(queries.list_overdue(D(2025, 4, 1), agency_ids=[agency_a.pk + 999])) == []
    )
    assert {"foi_status_due", "foi_open_due"} <= {
        i.name for i in Application._meta.indexes
    }
