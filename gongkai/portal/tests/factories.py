"""Public documents for portal tests, built through the real publishing actions.

`Staff` bundles the three personas of one agency; `publish()` walks a record through
起草 → 保密审查 → 审核签发 exactly as the staff pages do, so a test never sees a
state the workflow could not produce.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.core.models import Agency, User
from gongkai.publishing import actions
from gongkai.publishing.models import (
    CatalogueNode,
    Disclosure,
    Document,
    DocumentKind,
    TopicCategory,
)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


@dataclass(frozen=True)
class Staff:
    drafter: User
    reviewer: User
    approver: User


def at(year: int, month: int = 1, day: int = 15, hour: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def draft(staff: Staff, agency: Agency, **fields: Any) -> Document:
    fields.setdefault("body_html", "<p>正文内容。</p>")
    attachments = fields.pop("attachments", ())
    doc = actions.create_document(agency=agency, by=staff.drafter, **fields)
    rev = doc.revisions.get()
    for name, content in attachments:
        actions.add_attachment(
            rev,
            by=staff.drafter,
            upload=SimpleUploadedFile(name, content, content_type="application/pdf"),
        )
    return doc


def publish(
    staff: Staff,
    agency: Agency,
    *,
    now: dt.datetime | None = None,
    interpretation: dict[str, Any] | None = None,
    **fields: Any,
) -> Document:
    """Draft, review and publish one record (a policy together with its 解读)."""
    doc = draft(staff, agency, **fields)
    rev = doc.revisions.get()
    actions.submit_for_review(rev, by=staff.drafter)
    if fields.get("kind") == DocumentKind.POLICY:
        interp = draft(
            staff,
            agency,
            interprets=doc,
            **(interpretation or {"title": f"《{fields['title']}》政策解读"}),
        )
        irev = interp.revisions.get()
        actions.submit_for_review(irev, by=staff.drafter)
        actions.pass_review(irev, by=staff.reviewer)
    actions.pass_review(rev, by=staff.reviewer)
    actions.approve_and_publish(rev, by=staff.approver, now=now)
    doc.refresh_from_db()
    return doc


def not_public(staff: Staff, agency: Agency, **fields: Any) -> Document:
    """A record published as 依申请公开: it exists, but the public never sees it."""
    fields.setdefault("disclosure", Disclosure.ON_REQUEST)
    fields.setdefault("disclosure_reason", "涉及第三方合法权益，依申请公开")
    return publish(staff, agency, **fields)


def node(
    agency: Agency,
    slug: str,
    name: str,
    kind: str = CatalogueNode.Kind.OTHER,
    parent: CatalogueNode | None = None,
    **kw: Any,
) -> CatalogueNode:
    """Catalogue columns are reference data the agency admin keeps in forms."""
    return CatalogueNode.objects.create(
        agency=agency, slug=slug, name=name, kind=kind, parent=parent, **kw
    )


def topic(code: str) -> TopicCategory:
    """主题分类 are seeded by a migration (the State Council classes)."""
    return TopicCategory.objects.get(code=code)
