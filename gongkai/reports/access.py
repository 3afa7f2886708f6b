"""Who may open an annual report: staff of its agency; platform admins (the
supervising 政务公开办) may read every agency's report but edit none."""

from __future__ import annotations

from django.http import Http404

from gongkai.core.access import agencies_for
from gongkai.core.models import Agency, User
from gongkai.reports.models import AnnualReport


def get_report_for_staff(user: User, pk: int | str, *roles: str) -> AnnualReport:
    """The report if the user works in its agency (with one of `roles`); 404 for
    missing and forbidden alike."""
    reports = AnnualReport.objects.select_related("agency", "document")
    if roles or not user.is_platform_admin:
        reports = reports.filter(agency__in=agencies_for(user, *roles))
    try:
        return reports.get(pk=pk)
    except (AnnualReport.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该年度报告") from None


def get_agency_for_editor(user: User, pk: int | str, *roles: str) -> Agency:
    try:
        return agencies_for(user, *roles).get(pk=pk)
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该机关") from None
