"""Read side of publishing, for the portal, reports and other apps."""

from __future__ import annotations

from django.db.models import QuerySet

from gongkai.publishing.models import Disclosure, Document


def public_documents() -> QuerySet[Document]:
    """Everything the public may see: published and 主动公开, nothing else, ever."""
    return Document.objects.filter(
        status=Document.Status.PUBLISHED, disclosure=Disclosure.PROACTIVE
    )
