"""Attachment downloads: only files of the live copy of public documents."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.portal.tests import factories as f
from gongkai.publishing.models import Attachment

pytestmark = pytest.mark.django_db


def _url(doc, att) -> str:  # type: ignore[no-untyped-def]
    return reverse("portal:attachment", args=[doc.pk, att.pk])


def test_public_attachment_downloads_with_type_and_disposition(client, corpus):
    att = corpus.policy.live_revision.attachments.get()
    response = client.get(_url(corpus.policy, att))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    # RFC 5987 form for the Chinese file name.
    assert "filename*=utf-8''" in disposition
    assert b"".join(response.streaming_content) == f.PDF_BYTES
    assert response["X-Content-Type-Options"] == "nosniff"
    assert int(response["Content-Length"]) == len(f.PDF_BYTES)


def test_attachment_of_a_non_public_document_is_404(client, corpus, staff):
    doc = f.not_public(
        staff,
        corpus.agency,
        title="依申请公开的附件",
        attachments=[("a.pdf", f.PDF_BYTES)],
    )
    att = doc.live_revision.attachments.get()
    assert client.get(_url(doc, att)).status_code == 404


def test_attachment_of_a_draft_is_404(client, corpus, staff):
    doc = f.draft(
        staff, corpus.agency, title="草稿附件", attachments=[("b.pdf", f.PDF_BYTES)]
    )
    att = Attachment.objects.get(revision__document=doc)
    assert client.get(_url(doc, att)).status_code == 404


def test_attachment_of_a_withdrawn_document_is_404(client, corpus, staff):
    from gongkai.publishing import actions

    att = corpus.policy.live_revision.attachments.get()
    actions.withdraw(corpus.policy, by=staff.approver, reason="撤回")
    assert client.get(_url(corpus.policy, att)).status_code == 404


def test_attachment_cannot_be_fetched_through_another_public_document(client, corpus):
    att = corpus.policy.live_revision.attachments.get()
    assert client.get(_url(corpus.report, att)).status_code == 404


def test_attachment_of_an_unpublished_revision_is_404(client, corpus, staff):
    """A file added to the next revision under review is not public yet."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai.publishing import actions

    rev = actions.start_revision(corpus.report, by=staff.drafter)
    pending = actions.add_attachment(
        rev,
        by=staff.drafter,
        upload=SimpleUploadedFile("new.pdf", f.PDF_BYTES, "application/pdf"),
    )
    assert client.get(_url(corpus.report, pending)).status_code == 404


@pytest.mark.parametrize(
    "stored_name",
    ["../../../../etc/passwd", "/etc/passwd", "attachments/../../secret_key"],
)
def test_stored_path_tricks_are_refused(client, corpus, stored_name, settings):
    att = corpus.policy.live_revision.attachments.get()
    Attachment.objects.filter(pk=att.pk).update(file=stored_name)
    response = client.get(_url(corpus.policy, att))
    assert response.status_code == 404
    assert b"root:" not in response.content


def test_symlink_out_of_media_is_refused(client, corpus, settings, tmp_path):
    att = corpus.policy.live_revision.attachments.get()
    outside = tmp_path / "outside.txt"
    outside.write_text("secret", encoding="utf-8")
    link = Path(settings.MEDIA_ROOT) / "attachments" / "link.pdf"
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside)
    Attachment.objects.filter(pk=att.pk).update(file="attachments/link.pdf")
    assert client.get(_url(corpus.policy, att)).status_code == 404


def test_missing_file_is_404_not_500(client, corpus, settings):
    att = corpus.policy.live_revision.attachments.get()
    Path(settings.MEDIA_ROOT, att.file.name).unlink()
    assert client.get(_url(corpus.policy, att)).status_code == 404


def test_url_only_takes_numbers(client, corpus):
    assert (
        client.get(
            f"/documents/{corpus.policy.pk}/attachments/..%2F..%2Fetc/"
        ).status_code
        == 404
    )
    assert (
        client.get(f"/documents/{corpus.policy.pk}/attachments/abc/").status_code == 404
    )


def test_odd_stored_content_type_is_served_as_octet_stream(client, corpus):
    att = corpus.policy.live_revision.attachments.get()
    Attachment.objects.filter(pk=att.pk).update(content_type="text/html\r\nX-Evil: 1")
    response = client.get(_url(corpus.policy, att))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert "X-Evil" not in response
