"""Which agencies a staff member may act in; the one permission path for staff."""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from gongkai.core.models import Agency, User


def agencies_for(user: User, *roles: str) -> QuerySet[Agency]:
    """Agencies where the user holds any of `roles` (any role if none given)."""
    if not user.is_authenticated:
        return Agency.objects.none()
    memberships = user.memberships.all()
    if roles:
        memberships = memberships.filter(role__in=roles)
    return Agency.objects.filter(pk__in=memberships.values("agency_id"))


def get_agency_for_staff(user: User, pk: int | str, *roles: str) -> Agency:
    """The agency, if the user works there (with one of `roles`); 404 otherwise."""
    try:
        return agencies_for(user, *roles).get(pk=pk)
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该机关") from None


def is_staff_member(user: Any) -> bool:
    return bool(
        user.is_authenticated and (user.is_platform_admin or user.memberships.exists())
    )


def staff_required(view):  # type: ignore[no-untyped-def]
    """Logged in and holding at least one role (or platform admin); else 404."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any):  # type: ignore[no-untyped-def]
        if not is_staff_member(request.user):
            raise Http404("未找到页面")
        return view(request, *args, **kwargs)

    return wrapper
