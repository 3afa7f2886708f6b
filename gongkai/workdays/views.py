from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from gongkai.core.models import Agency
from gongkai.domain import workdays as wd
from gongkai.lib.dates import local_today
from gongkai.workdays import access, actions, notices, queries
from gongkai.workdays.forms import (
    EDIT_ERRORS,
    MAX_YEAR,
    MIN_YEAR,
    ConfirmLoadForm,
    DeleteForm,
    EntryEditForm,
    EntryForm,
    UploadForm,
)
from gongkai.workdays.models import CalendarEntry, CalendarYear, DayStatus

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]
SHORT = {
    wd.DayKind.HOLIDAY: "休",
    wd.DayKind.MAKEUP_WORKDAY: "班",
    wd.DayKind.CLOSURE: "停",
}


def _year_url(year: int, agency: Agency | None) -> str:
    url = reverse("workdays:year", args=[year])
    return f"{url}?agency={agency.pk}" if agency else url


@login_required
def index(request: HttpRequest) -> HttpResponse:
    access.require_calendar_viewer(request.user)
    return redirect("workdays:year", year=local_today().year)


def _selected_agency(request: HttpRequest) -> Agency | None:
    raw = request.GET.get("agency", "")
    if raw:
        return access.get_agency_for_calendar(request.user, raw)
    if request.user.is_platform_admin:
        return None
    return access.admin_agencies(request.user).order_by("position", "id").first()


@login_required
def year_view(request: HttpRequest, year: int) -> HttpResponse:
    access.require_calendar_viewer(request.user)
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404("年份超出范围")
    agency = _selected_agency(request)
    calendar = queries.work_calendar(agency)
    names = {
        e.date: e.name
        for e in queries.entries_for(agency).filter(date__year=year).order_by("scope")
    }
    months = []
    for month in range(1, 13):
        grid = wd.month_grid(calendar, year, month)
        weeks = []
        for week in grid.weeks:
            cells = []
            for day, kind, provisional in week:
                if day is None or kind is None:
                    cells.append(None)
                    continue
                cells.append(
                    {
                        "date": day,
                        "kind": kind.value,
                        "label": DayStatus(kind.value).label,
                        "short": SHORT.get(kind, ""),
                        "name": names.get(day, ""),
                        "provisional": provisional,
                        "today": day == local_today(),
                    }
                )
            weeks.append(cells)
        months.append({"number": month, "weeks": weeks})
    platform_admin = request.user.is_platform_admin
    entries = queries.list_entries(
        year,
        agencies=access.admin_agencies(request.user),
        everything=platform_admin,
    )
    editable = {
        e.pk
        for e in entries
        if platform_admin
        or (
            e.scope == CalendarEntry.Scope.AGENCY
            and e.kind == CalendarEntry.Kind.CLOSURE
        )
    }
    return render(
        request,
        "workdays/year.html",
        {
            "year": year,
            "agency": agency,
            "agencies": access.admin_agencies(request.user).order_by("position", "id"),
            "loaded": CalendarYear.objects.filter(year=year)
            .select_related("loaded_by")
            .first(),
            "months": months,
            "weekdays": WEEKDAYS,
            "entries": entries,
            "editable": editable,
            "platform_admin": platform_admin,
            "warning": queries.calendar_warning(local_today()),
            "prev_url": _year_url(year - 1, agency) if year > MIN_YEAR else "",
            "next_url": _year_url(year + 1, agency) if year < MAX_YEAR else "",
            "statuses": queries.year_statuses([year - 1, year, year + 1])
            if platform_admin
            else [],
        },
    )


def _edit_error(form, err: actions.CalendarEditError) -> None:  # type: ignore[no-untyped-def]
    form.add_error(None, EDIT_ERRORS.get(err.code, "无法保存。"))


@login_required
@require_http_methods(["GET", "POST"])
def entry_create(request: HttpRequest) -> HttpResponse:
    access.require_calendar_viewer(request.user)
    platform_admin = request.user.is_platform_admin
    agencies = access.admin_agencies(request.user).order_by("position", "id")
    initial: dict[str, object] = {}
    raw_date = request.GET.get("date", "")
    try:
        initial["date"] = date.fromisoformat(raw_date) if raw_date else None
    except ValueError:
        initial["date"] = None
    if request.GET.get("agency"):
        initial["agency"] = access.get_agency_for_calendar(
            request.user, request.GET["agency"]
        )
        initial["scope"] = CalendarEntry.Scope.AGENCY
    if not platform_admin:
        initial.update(
            kind=CalendarEntry.Kind.CLOSURE, scope=CalendarEntry.Scope.AGENCY
        )
        initial.setdefault("agency", agencies.first())
    form = EntryForm(
        request.POST or None,
        initial=initial,
        agencies=agencies,
        platform_admin=platform_admin,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = actions.add_entry(
                actor=request.user,
                day=data["date"],
                kind=data["kind"],
                scope=data["scope"],
                region_code=data.get("region_code", ""),
                agency=data["agency"]
                if data["scope"] == CalendarEntry.Scope.AGENCY
                else None,
                name=data["name"],
                reason=data["reason"],
            )
        except actions.CalendarEditError as err:
            _edit_error(form, err)
        else:
            messages.success(request, f"已添加：{entry}")
            return redirect(_year_url(entry.date.year, entry.agency))
    return render(
        request, "workdays/entry_form.html", {"form": form, "title": "添加日历条目"}
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_editor(request.user, pk)
    form = EntryEditForm(
        request.POST or None,
        initial={"date": entry.date, "kind": entry.kind, "name": entry.name},
        entry=entry,
        platform_admin=request.user.is_platform_admin,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_entry(
                entry,
                actor=request.user,
                day=data["date"],
                kind=data["kind"],
                name=data["name"],
                reason=data["reason"],
            )
        except actions.CalendarEditError as err:
            _edit_error(form, err)
        else:
            messages.success(request, f"已修改：{entry}")
            return redirect(_year_url(entry.date.year, entry.agency))
    return render(
        request,
        "workdays/entry_form.html",
        {"form": form, "entry": entry, "title": "修改日历条目"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = access.get_entry_for_editor(request.user, pk)
    form = DeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year, agency, label = entry.date.year, entry.agency, str(entry)
        actions.delete_entry(
            entry, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, f"已删除：{label}")
        return redirect(_year_url(year, agency))
    return render(request, "workdays/entry_delete.html", {"form": form, "entry": entry})


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    """Upload a notice: parse and preview first, load only after confirmation."""
    access.require_platform_admin(request.user)
    if request.method == "POST" and request.POST.get("step") == "confirm":
        return _confirm_upload(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload_file = data["file"]
        try:
            if upload_file.size > notices.MAX_BYTES:
                raise notices.FileProblem(
                    f"文件过大（超过{notices.MAX_BYTES // 1024} KB），请上传通知正文或 CSV。"
                )
            text = notices.decode(upload_file.read())
            days, _source = notices.parse(
                text, data["year"], data["format"], upload_file.name
            )
        except notices.FileProblem as err:
            form.add_error("file", str(err))
        else:
            confirm = ConfirmLoadForm(
                initial={
                    "year": data["year"],
                    "text": text,
                    "format": data["format"],
                    "title": data["title"] or upload_file.name,
                    "filename": upload_file.name,
                }
            )
            return _preview(request, confirm, data["year"], days)
    return render(request, "workdays/upload.html", {"form": form})


def _preview(
    request: HttpRequest, confirm: ConfirmLoadForm, year: int, days
) -> HttpResponse:  # type: ignore[no-untyped-def]
    current = {
        e.date: e
        for e in CalendarEntry.objects.filter(
            scope=CalendarEntry.Scope.NATIONAL, date__in=[d.day for d in days]
        )
    }
    rows = [
        {
            "day": d,
            "label": DayStatus(d.kind.value).label,
            "new": d.day not in current,
            "differs": d.day in current and current[d.day].kind != d.kind.value,
        }
        for d in days
    ]
    return render(
        request,
        "workdays/upload_preview.html",
        {
            "confirm": confirm,
            "year": year,
            "rows": rows,
            "already": CalendarYear.objects.filter(year=year).first(),
        },
    )


def _confirm_upload(request: HttpRequest) -> HttpResponse:
    confirm = ConfirmLoadForm(request.POST)
    if not confirm.is_valid():
        messages.error(request, "提交的内容不完整，请重新上传文件。")
        return redirect("workdays:upload")
    data = confirm.cleaned_data
    try:
        days, source = notices.parse(
            data["text"], data["year"], data["format"], data["filename"]
        )
    except notices.FileProblem as err:
        messages.error(request, f"{err}（未作任何更改）")
        return redirect("workdays:upload")
    result = actions.load_year(
        data["year"],
        days,
        source=source,
        title=data["title"],
        text=data["text"],
        actor=request.user,
    )
    if result.unchanged:
        messages.info(request, f"{data['year']}年的安排与已载入的相同，未作更改。")
    else:
        messages.success(
            request,
            f"已载入{data['year']}年节假日安排：新增{len(result.added)}、"
            f"修改{len(result.changed)}、删除{len(result.removed)}个日期。",
        )
    return redirect("workdays:year", year=data["year"])
