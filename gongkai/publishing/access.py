"""The one permission path for publishing objects in the staff console.

Every function returns the object or raises Http404, with the same answer for a
record that does not exist and one of another agency, so staff of agency B learn
nothing about agency A's drafts. Platform admins see every agency.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import agencies_for
from gongkai.core.models import Agency, Role, User
from gongkai.publishing.models import (
    Attachment,
    CatalogueNode,
    Document,
    DocumentRelation,
)


def staff_agencies(user: User, *roles: str) -> QuerySet[Agency]:
    """Agencies where the user holds one of `roles` (any role if none); all for
    platform admins."""
    if not user.is_authenticated:
        return Agency.objects.none()
    if user.is_platform_admin:
        return Agency.objects.all()
    return agencies_for(user, *roles)


def _get(qs: QuerySet, pk: object):  # type: ignore[no-untyped-def, type-arg]
    try:
        return qs.get(pk=int(str(pk)))
    except (qs.model.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404("未找到该记录") from None


def get_document_for_staff(user: User, pk: object, *roles: str) -> Document:
    """A record of an agency where the user works (with one of `roles`)."""
    qs = Document.objects.select_related("agency", "topic", "interprets").filter(
        agency__in=staff_agencies(user, *roles)
    )
    return _get(qs, pk)


def get_attachment_for_staff(user: User, document: Document, pk: object) -> Attachment:
    """An attachment of any revision of a document the caller already may see."""
    qs = Attachment.objects.select_related("revision").filter(
        revision__document=document
    )
    return _get(qs, pk)


def get_relation_for_staff(
    user: User, document: Document, pk: object
) -> DocumentRelation:
    """A 修改/废止 link whose source is `document` (already access-checked)."""
    qs = DocumentRelation.objects.select_related("source", "target").filter(
        source=document
    )
    return _get(qs, pk)


def get_agency_for_catalogue_admin(user: User, pk: object) -> Agency:
    """An agency whose 目录 the user may edit (agency admin or platform admin)."""
    return _get(staff_agencies(user, Role.AGENCY_ADMIN), pk)


def get_catalogue_node_for_admin(user: User, pk: object) -> CatalogueNode:
    qs = CatalogueNode.objects.select_related("agency", "parent").filter(
        agency__in=staff_agencies(user, Role.AGENCY_ADMIN)
    )
    return _get(qs, pk)
