"""Who may open an annual report: staff of its agency, and nobody else."""

from __future__ import annotations

from django.http import Http404

from gongkai.core.access import agencies_for
from gongkai.core.models import Agency, User
from gongkai.reports.models import AnnualReport


def get_report_for_staff(user: User, pk: int | str, *roles: str) -> AnnualReport:
    """The report if the user works in its agency (with one of `roles`); 404 for
    missing and forbidden alike."""
    try:
        return AnnualReport.objects.select_related("agency", "document").get(
            pk=pk, agency__in=agencies_for(user, *roles)
        )
    except (AnnualReport.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该年度报告") from None


def get_agency_for_editor(user: User, pk: int | str, *roles: str) -> Agency:
    try:
        return agencies_for(user, *roles).get(pk=pk)
    except (Agency.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该机关") from None
