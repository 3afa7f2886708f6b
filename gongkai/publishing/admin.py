"""Django admin for publishing reference data.

主题分类 and 目录 columns are reference data platform admins may edit here. Records
and revisions are read-only: every state change goes through the staff console and
`publishing.actions`, so nothing bypasses review or the audit trail.
"""

from __future__ import annotations

from django.contrib import admin

from gongkai.publishing.models import (
    Attachment,
    CatalogueNode,
    Document,
    DocumentRelation,
    Revision,
    TopicCategory,
)


@admin.register(TopicCategory)
class TopicCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "parent", "position")
    list_filter = (("parent", admin.RelatedOnlyFieldListFilter),)
    search_fields = ("code", "name")
    ordering = ("code",)


@admin.register(CatalogueNode)
class CatalogueNodeAdmin(admin.ModelAdmin):
    list_display = ("name", "agency", "parent", "kind", "position", "slug")
    list_filter = ("kind", "agency")
    search_fields = ("name", "slug", "agency__name")
    raw_id_fields = ("parent",)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ("title", "agency", "status", "index_number", "published_at")
    list_filter = ("status", "kind", "disclosure", "validity", "agency")
    search_fields = ("title", "doc_number", "index_number")
    date_hierarchy = "published_at"


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ("title", "document", "number", "status", "created_by", "created_at")
    list_filter = ("status",)
    search_fields = ("title",)


@admin.register(DocumentRelation)
class DocumentRelationAdmin(ReadOnlyAdmin):
    list_display = ("source", "kind", "target", "effective_date")


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "revision", "kind", "content_type", "size")
