"""Django admin for agencies, accounts and roles; audit events are read-only."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from gongkai.core.models import Agency, AuditEvent, Membership, Notification, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ("agency",)


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ("name", "level", "kind", "parent", "code", "position")
    list_filter = ("level", "kind")
    search_fields = ("name", "short_name", "code")
    autocomplete_fields = ("parent",)


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("政务公开", {"fields": ("display_name", "is_platform_admin")}),
    )
    list_display = ("username", "display_name", "is_platform_admin", "is_active")
    list_filter = ("is_platform_admin", "is_active", "is_staff")
    search_fields = ("username", "display_name", "email")
    inlines = (MembershipInline,)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "agency", "action", "subject_label", "reason")
    list_filter = ("action",)
    search_fields = ("subject_label", "reason", "action")
    date_hierarchy = "at"

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "user", "message", "read_at")
