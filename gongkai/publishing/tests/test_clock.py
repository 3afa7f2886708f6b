"""条例第二十六条: 20 working days from formation or change, on the working-day
calendar, with a provisional marker when the year is not loaded."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.publishing import actions, queries
from gongkai.publishing.tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_due_date_counts_twenty_working_days_over_national_day(agency_a):
    # 2024: 10月1日–7日 放假, 9月29日(日) and 10月12日(六) 调休上班.
    due, provisional = queries.publication_due_date(agency_a, dt.date(2024, 9, 20))
    assert not provisional
    # Working days after 9-20: 9-23..9-27 (5), 9-29 (6), 9-30 (7), 10-8..10-11 (11),
    # 10-12 (12), 10-14..10-18 (17), 10-21, 10-22, 10-23 (20).
    assert due == dt.date(2024, 10, 23)


def test_unloaded_year_gives_a_provisional_date(agency_a):
    due, provisional = queries.publication_due_date(agency_a, dt.date(2099, 3, 2))
    assert provisional
    assert due > dt.date(2099, 3, 2)


def test_queues_show_overdue_and_due_soon_records(agency_a, drafter_a, drafter_b):
    late = make_document(
        agency_a, drafter_a, title="早已形成", formed_date=dt.date(2024, 1, 2)
    )
    fresh = make_document(
        agency_a, drafter_a, title="刚形成", formed_date=dt.date(2024, 9, 20)
    )
    today = dt.date(2024, 10, 18)
    items = {
        i.revision.document_id: i for i in queries.publication_clock(drafter_a, today)
    }
    assert items[late.pk].overdue
    assert items[late.pk].days_late > 200
    assert not items[fresh.pk].overdue
    assert items[fresh.pk].days_left == 5
    # Another agency's staff see nothing of it.
    assert queries.publication_clock(drafter_b, today) == []


def test_published_and_non_proactive_records_have_no_clock(
    agency_a, drafter_a, reviewer_a, approver_a
):
    from gongkai.publishing.tests.factories import publish

    publish(
        make_document(agency_a, drafter_a),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )
    make_document(
        agency_a, drafter_a, disclosure="on_request", disclosure_reason="条例第十六条"
    )
    assert queries.publication_clock(drafter_a, dt.date(2024, 10, 18)) == []


def test_record_without_formation_date_starts_from_its_written_date(
    agency_a, drafter_a
):
    doc = actions.create_document(
        agency=agency_a,
        by=drafter_a,
        title="x",
        written_date=dt.date(2024, 2, 1),
    )
    assert actions.open_revision(doc).formed_date == dt.date(2024, 2, 1)
