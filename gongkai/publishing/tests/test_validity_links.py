"""有效性 follows from dates and 修改/废止 links; the daily command refreshes it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from gongkai.core.audit import events_for
from gongkai.publishing import actions
from gongkai.publishing.models import DocumentRelation, Validity
from gongkai.publishing.tests.factories import make_document, publish

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(agency_a, drafter_a, reviewer_a, approver_a):
    def make(**overrides):
        doc = make_document(agency_a, drafter_a, **overrides)
        return publish(doc, drafter=drafter_a, reviewer=reviewer_a, approver=approver_a)

    return make


def normative(**kw):
    kw.setdefault("is_normative", True)
    kw.setdefault("effective_date", dt.date(2024, 4, 1))
    return kw


def test_normative_document_is_valid_after_its_effective_date(published):
    doc = published(**normative())
    assert doc.validity == Validity.VALID


def test_not_yet_effective_until_the_date_then_valid_by_the_daily_command(published):
    future = dt.date.today() + dt.timedelta(days=30)
    doc = published(**normative(effective_date=future))
    assert doc.validity == Validity.NOT_YET_EFFECTIVE
    call_command("refresh_validity", date=str(future))
    doc.refresh_from_db()
    assert doc.validity == Validity.VALID
    assert events_for(doc).filter(action="publishing.validity_changed").exists()


def test_expiry_date_makes_it_expired(published):
    doc = published(**normative(expiry_date=dt.date(2030, 1, 1)))
    assert actions.refresh_validity(doc, today=dt.date(2030, 1, 1)) == Validity.EXPIRED


def test_general_records_have_no_validity(published):
    assert published().validity == ""


def test_repeal_link_from_a_published_document(published, drafter_a):
    old = published(**normative(title="旧办法"))
    new = published(title="新办法")
    actions.add_relation(
        new, old, DocumentRelation.Kind.REPEALS, by=drafter_a, effective_date=None
    )
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED
    assert events_for(old).filter(action="publishing.repeals_linked").exists()


def test_amendment_with_future_effective_date_counts_from_that_date(
    published, drafter_a
):
    old = published(**normative(title="旧办法"))
    new = published(title="修改决定")
    later = dt.date.today() + dt.timedelta(days=10)
    actions.add_relation(
        new, old, DocumentRelation.Kind.AMENDS, by=drafter_a, effective_date=later
    )
    old.refresh_from_db()
    assert old.validity == Validity.VALID
    assert actions.refresh_validity(old, today=later) == Validity.AMENDED


def test_link_from_a_draft_takes_effect_when_the_draft_is_published(
    agency_a, published, drafter_a, reviewer_a, approver_a
):
    old = published(**normative(title="旧办法"))
    draft = make_document(agency_a, drafter_a, title="废止决定")
    actions.add_relation(draft, old, DocumentRelation.Kind.REPEALS, by=drafter_a)
    old.refresh_from_db()
    assert old.validity == Validity.VALID
    publish(draft, drafter=drafter_a, reviewer=reviewer_a, approver=approver_a)
    old.refresh_from_db()
    assert old.validity == Validity.REPEALED


def test_withdrawing_the_repealing_document_restores_validity(
    published, drafter_a, approver_a
):
    old = published(**normative(title="旧办法"))
    new = published(title="废止决定")
    actions.add_relation(new, old, DocumentRelation.Kind.REPEALS, by=drafter_a)
    actions.withdraw(new, by=approver_a, reason="误发")
    old.refresh_from_db()
    assert old.validity == Validity.VALID


def test_removing_a_wrong_link_restores_validity(published, drafter_a):
    old = published(**normative(title="旧办法"))
    new = published(title="新办法")
    relation = actions.add_relation(
        new, old, DocumentRelation.Kind.REPEALS, by=drafter_a
    )
    actions.remove_relation(relation, by=drafter_a)
    old.refresh_from_db()
    assert old.validity == Validity.VALID


def test_links_to_self_to_drafts_or_in_a_cycle_are_refused(
    agency_a, published, drafter_a
):
    a = published(**normative(title="甲"))
    b = published(**normative(title="乙"))
    with pytest.raises(actions.WorkflowError, match="自身"):
        actions.add_relation(a, a, DocumentRelation.Kind.AMENDS, by=drafter_a)
    draft = make_document(agency_a, drafter_a, title="草稿")
    with pytest.raises(actions.WorkflowError, match="已发布"):
        actions.add_relation(a, draft, DocumentRelation.Kind.AMENDS, by=drafter_a)
    actions.add_relation(a, b, DocumentRelation.Kind.AMENDS, by=drafter_a)
    with pytest.raises(actions.WorkflowError, match="互相"):
        actions.add_relation(b, a, DocumentRelation.Kind.AMENDS, by=drafter_a)
