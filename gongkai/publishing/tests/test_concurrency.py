"""Staff saves and public page loads at the same time, on a file database.

SQLite runs in WAL mode with IMMEDIATE transactions (settings): readers never block,
writers queue on the busy timeout. No request may fail with "database is locked",
and no write may be lost.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from gongkai.publishing import actions
from gongkai.publishing.models import Document, Revision
from gongkai.publishing.tests.factories import make_document, publish

WRITERS = 10
READERS = 10
SAVES = 4
LOADS = 5


@pytest.mark.django_db(transaction=True)
def test_twenty_threads_of_saves_and_page_loads_lose_nothing(
    agency_a, drafter_a, reviewer_a, approver_a
):
    public = publish(
        make_document(agency_a, drafter_a, title="公开的通知"),
        drafter=drafter_a,
        reviewer=reviewer_a,
        approver=approver_a,
    )
    public_url = public.get_absolute_url()
    docs = [
        make_document(agency_a, drafter_a, title=f"草稿{i}") for i in range(WRITERS)
    ]
    shared = make_document(agency_a, drafter_a, title="共同编辑")
    errors: list[BaseException] = []
    statuses: list[int] = []
    start = threading.Barrier(WRITERS + READERS)

    def writer(i: int) -> None:
        try:
            start.wait()
            rev = actions.open_revision(docs[i])
            for n in range(SAVES):
                actions.update_draft(rev, by=drafter_a, title=f"草稿{i}第{n}稿")
                actions.update_draft(
                    actions.open_revision(shared),
                    by=drafter_a,
                    title=f"共同编辑{i}-{n}",
                )
            actions.submit_for_review(rev, by=drafter_a)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    def reader() -> None:
        try:
            start.wait()
            client = Client()
            for _ in range(LOADS):
                statuses.append(client.get("/").status_code)
                statuses.append(client.get(public_url).status_code)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(WRITERS)]
    threads += [threading.Thread(target=reader) for _ in range(READERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not any(t.is_alive() for t in threads)
    assert errors == []
    assert statuses == [200] * (READERS * LOADS * 2)
    for i, doc in enumerate(docs):
        rev = Revision.objects.get(document=doc)
        assert rev.title == f"草稿{i}第{SAVES - 1}稿"
        assert rev.status == Revision.Status.IN_REVIEW
    from gongkai.core.models import AuditEvent

    shared_rev = Revision.objects.get(document=shared)
    saves = AuditEvent.objects.filter(
        subject_type="publishing.revision",
        subject_id=str(shared_rev.pk),
        action="publishing.draft_saved",
    ).count()
    assert saves == WRITERS * SAVES
    assert Document.objects.get(pk=public.pk).status == Document.Status.PUBLISHED
