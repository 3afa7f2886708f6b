from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from gongkai.core.access import agencies_for, staff_required
from gongkai.core.models import AuditEvent, Role


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    memberships = request.user.memberships.select_related("agency").order_by(
        "agency__position", "role"
    )
    unread = request.user.notifications.filter(read_at__isnull=True)[:20]
    return render(
        request,
        "core/staff_home.html",
        {
            "memberships": memberships,
            "notifications": unread,
            "is_agency_admin": any(m.role == Role.AGENCY_ADMIN for m in memberships),
        },
    )


@staff_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """Audit events of the agencies the user works in (all for platform admins)."""
    events = AuditEvent.objects.select_related("actor", "agency")
    if not request.user.is_platform_admin:
        events = events.filter(agency__in=agencies_for(request.user))
    subject_type = request.GET.get("type", "")
    subject_id = request.GET.get("id", "")
    if subject_type and subject_id:
        events = events.filter(subject_type=subject_type, subject_id=subject_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_log.html", {"page": page})


@staff_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = request.user.notifications.all()[:200]
    if request.method == "POST":
        request.user.notifications.filter(read_at__isnull=True).update(
            read_at=timezone.now()
        )
    return render(request, "core/notifications.html", {"items": items})
