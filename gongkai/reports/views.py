from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.access import agencies_for, staff_required
from gongkai.core.models import Agency
from gongkai.reports import actions, exports, queries
from gongkai.reports.access import get_agency_for_editor, get_report_for_staff
from gongkai.reports.forms import ReopenForm, ReportForm, StartForm
from gongkai.reports.messages import describe
from gongkai.reports.serialize import report_json

EDITOR_ROLES = actions.EDITOR_ROLES


@staff_required
def index(request: HttpRequest) -> HttpResponse:
    agencies = (
        list(Agency.objects.all())
        if request.user.is_platform_admin
        else list(agencies_for(request.user))
    )
    editable = list(agencies_for(request.user, *EDITOR_ROLES))
    form = StartForm(agencies=editable)
    reports = queries.reports_for_agencies(a.pk for a in agencies)
    return render(
        request,
        "reports/index.html",
        {"reports": reports, "form": form, "can_start": bool(editable)},
    )


@staff_required
@require_POST
def start(request: HttpRequest) -> HttpResponse:
    editable = list(agencies_for(request.user, *EDITOR_ROLES))
    form = StartForm(request.POST, agencies=editable)
    if not form.is_valid():
        reports = queries.reports_for_agencies(a.pk for a in agencies_for(request.user))
        return render(
            request,
            "reports/index.html",
            {"reports": reports, "form": form, "can_start": bool(editable)},
            status=400,
        )
    agency = get_agency_for_editor(
        request.user, form.cleaned_data["agency"], *EDITOR_ROLES
    )
    try:
        report = actions.start_report(
            agency,
            form.cleaned_data["year"],
            by=request.user,
            today=timezone.localdate(),
        )
    except actions.ReportError as exc:
        messages.error(request, str(exc))
        return redirect("reports:index")
    return redirect(report)


def _detail_context(request: HttpRequest, report) -> dict:  # type: ignore[no-untyped-def]
    tables = queries.tables_for(report)
    violations = queries.check(report, tables)
    blocking = queries.blocking(report, violations)
    labels = queries.case_labels(i for v in violations for i in v.case_ids)
    return {
        "report": report,
        "sections": exports.sections(report, tables),
        "intro": exports.intro(report),
        "violations": [describe(v, labels) for v in violations],
        "blocking_count": len(blocking),
        "can_edit": request.user.has_role(report.agency, *EDITOR_ROLES),
        "reopen_form": ReopenForm(),
    }


@staff_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_staff(request.user, pk)
    return render(request, "reports/detail.html", _detail_context(request, report))


@staff_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_staff(request.user, pk, *EDITOR_ROLES)
    if not report.is_editable:
        messages.error(
            request, "年度报告已报送审查发布，不能修改；如被退回，请先重新打开"
        )
        return redirect(report)
    form = ReportForm(request.POST or None, instance=report)
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_report(report, by=request.user, **form.cleaned_data)
        except actions.ReportError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已保存")
            return redirect(report)
    tables = queries.tables_for(report)
    return render(
        request,
        "reports/edit.html",
        {
            "report": report,
            "form": form,
            "tables": tables,
            "sections": exports.sections(report, tables),
        },
        status=400 if form.errors else 200,
    )


@staff_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_staff(request.user, pk, *EDITOR_ROLES)
    try:
        actions.submit_report(report, by=request.user)
    except actions.ReportBlocked as exc:
        labels = queries.case_labels(i for v in exc.violations for i in v.case_ids)
        ctx = _detail_context(request, report)
        ctx["blocked"] = [describe(v, labels) for v in exc.violations]
        return render(request, "reports/detail.html", ctx, status=409)
    except actions.ReportError as exc:
        messages.error(request, str(exc))
        return redirect(report)
    messages.success(
        request, "年度报告已报送保密审查；审核签发后将在“政府信息公开年报”栏目发布"
    )
    return redirect(report)


@staff_required
@require_POST
def reopen(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_staff(request.user, pk, *EDITOR_ROLES)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, "重新打开必须填写理由")
        return redirect(report)
    try:
        actions.reopen_report(
            report, by=request.user, reason=form.cleaned_data["reason"]
        )
    except actions.ReportError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "年度报告已重新打开，可以修改")
    return redirect(report)


CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@staff_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    report = get_report_for_staff(request.user, pk)
    tables = queries.tables_for(report)
    if fmt == "html":
        return HttpResponse(exports.print_html(report, tables))
    if fmt == "json":
        return JsonResponse(
            report_json(report, tables), json_dumps_params={"ensure_ascii": False}
        )
    if fmt not in CONTENT_TYPES:
        raise Http404("不支持的格式")
    data = (
        exports.to_docx(report, tables)
        if fmt == "docx"
        else exports.to_xlsx(report, tables)
    )
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    filename = f"{report.agency.code}-{report.year}-annual-report.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
