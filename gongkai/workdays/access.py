"""Who may see and edit the working-day calendar.

Platform administrators manage every layer. An agency administrator (机关管理员) sees
the calendar that applies to their agency and may record closures (停止办公) for it,
nothing else. Everyone else gets 404, the same answer as for a missing page.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from gongkai.core.access import agencies_for
from gongkai.core.models import Agency, Role, User
from gongkai.workdays.models import CalendarEntry


def admin_agencies(user: User) -> QuerySet[Agency]:
    """Agencies whose closures the user may record."""
    if user.is_authenticated and user.is_platform_admin:
        return Agency.objects.all()
    return agencies_for(user, Role.AGENCY_ADMIN)


def require_calendar_viewer(user: User) -> None:
    """Platform admins and agency admins only; 404 for anyone else."""
    if not user.is_authenticated:
        raise Http404("未找到页面")
    if user.is_platform_admin:
        return
    if not agencies_for(user, Role.AGENCY_ADMIN).exists():
        raise Http404("未找到页面")


def require_platform_admin(user: User) -> None:
    if not (user.is_authenticated and user.is_platform_admin):
        raise Http404("未找到页面")


def get_agency_for_calendar(user: User, pk: int | str) -> Agency:
    """An agency whose calendar the user may view; 404 otherwise."""
    try:
        return admin_agencies(user).get(pk=pk)
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该机关") from None


def get_entry_for_editor(user: User, pk: int | str) -> CalendarEntry:
    """An entry the user may change or delete; 404 if missing or not theirs.

    Agency admins reach only their own agencies' closures.
    """
    require_calendar_viewer(user)
    qs = CalendarEntry.objects.select_related("agency")
    if not user.is_platform_admin:
        qs = qs.filter(
            scope=CalendarEntry.Scope.AGENCY,
            kind=CalendarEntry.Kind.CLOSURE,
            agency__in=agencies_for(user, Role.AGENCY_ADMIN),
        )
    try:
        return qs.get(pk=pk)
    except (CalendarEntry.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该日历条目") from None
