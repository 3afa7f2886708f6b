"""Agency tree, agency details and 公开指南, staff accounts and roles."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.core import actions_agency
from gongkai.core.access import agencies_for, get_agency_for_staff, staff_required
from gongkai.core.forms_agency import AgencyForm, GrantRoleForm, StaffAccountForm
from gongkai.core.models import Agency, Membership, Role, User


def _agency_for_admin(user: User, pk: int) -> Agency:
    """The agency if the user is its admin or a platform admin; 404 otherwise."""
    if user.is_platform_admin:
        try:
            return Agency.objects.get(pk=pk)
        except Agency.DoesNotExist:
            raise Http404("未找到该机关") from None
    return get_agency_for_staff(user, pk, Role.AGENCY_ADMIN)


def _require_platform(user: User) -> None:
    if not user.is_platform_admin:
        raise Http404("未找到页面")


def _tree(agencies: list[Agency]) -> list[tuple[Agency, int]]:
    ids = {a.pk for a in agencies}
    children: dict[int | None, list[Agency]] = {}
    for a in agencies:
        parent = a.parent_id if a.parent_id in ids else None
        children.setdefault(parent, []).append(a)
    out: list[tuple[Agency, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for a in children.get(parent, []):
            out.append((a, depth))
            walk(a.pk, depth + 1)

    walk(None, 0)
    return out


@staff_required
def agency_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if user.is_platform_admin:
        agencies = list(Agency.objects.all())
    else:
        agencies = list(agencies_for(user, Role.AGENCY_ADMIN))
    return render(
        request,
        "core/agency_list.html",
        {"tree": _tree(agencies), "platform": user.is_platform_admin},
    )


@staff_required
def agency_create(request: HttpRequest) -> HttpResponse:
    _require_platform(request.user)
    form = AgencyForm(request.POST or None, platform=True)
    if request.method == "POST" and form.is_valid():
        try:
            agency = actions_agency.create_agency(by=request.user, **form.changes())
        except actions_agency.AgencyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, f"已创建机关“{agency}”，并生成了标准主动公开目录。"
            )
            return redirect("core:agency-staff", pk=agency.pk)
    return render(request, "core/agency_form.html", {"form": form, "creating": True})


@staff_required
def agency_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for_admin(request.user, pk)
    platform = request.user.is_platform_admin
    # A copy for the form, so a refused edit leaves `agency` (the page title) as is.
    form = AgencyForm(
        request.POST or None,
        instance=Agency.objects.get(pk=agency.pk),
        platform=platform,
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions_agency.update_agency(agency, by=request.user, **form.changes())
        except actions_agency.AgencyError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "机关信息已保存。")
            return redirect("core:agency-edit", pk=agency.pk)
    return render(
        request,
        "core/agency_form.html",
        {"form": form, "agency": agency, "platform": platform},
    )


@staff_required
def agency_staff(request: HttpRequest, pk: int) -> HttpResponse:
    agency = _agency_for_admin(request.user, pk)
    platform = request.user.is_platform_admin
    account_form = StaffAccountForm(prefix="new")
    grant_form = GrantRoleForm(prefix="grant")
    if request.method == "POST":
        _require_platform(request.user)
        if "new-username" in request.POST:
            account_form = StaffAccountForm(request.POST, prefix="new")
            if account_form.is_valid():
                data = account_form.cleaned_data
                try:
                    user = actions_agency.create_staff_account(
                        by=request.user,
                        agency=agency,
                        username=data["username"],
                        password=data["password"],
                        display_name=data["display_name"],
                        email=data["email"],
                        roles=data["roles"],
                    )
                except actions_agency.AgencyError as exc:
                    account_form.add_error(None, str(exc))
                else:
                    messages.success(request, f"已创建账号“{user.username}”。")
                    return redirect("core:agency-staff", pk=agency.pk)
        else:
            grant_form = GrantRoleForm(request.POST, prefix="grant")
            if grant_form.is_valid():
                try:
                    actions_agency.grant_role(
                        by=request.user,
                        agency=agency,
                        user=grant_form.cleaned_data["user"],
                        role=grant_form.cleaned_data["role"],
                    )
                except actions_agency.AgencyError as exc:
                    grant_form.add_error(None, str(exc))
                else:
                    messages.success(request, "已授予岗位。")
                    return redirect("core:agency-staff", pk=agency.pk)
    memberships = (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__username", "role")
    )
    return render(
        request,
        "core/agency_staff.html",
        {
            "agency": agency,
            "memberships": memberships,
            "platform": platform,
            "account_form": account_form,
            "grant_form": grant_form,
        },
    )


@require_POST
@staff_required
def membership_revoke(request: HttpRequest, pk: int, membership: int) -> HttpResponse:
    _require_platform(request.user)
    try:
        the_membership = Membership.objects.select_related("user", "agency").get(
            pk=membership, agency_id=pk
        )
    except Membership.DoesNotExist:
        raise Http404("未找到该岗位") from None
    actions_agency.revoke_role(by=request.user, membership=the_membership)
    messages.success(
        request,
        f"已取消 {the_membership.user} 的“{the_membership.get_role_display()}”岗位。",
    )
    return redirect("core:agency-staff", pk=pk)


@require_POST
@staff_required
def account_active(request: HttpRequest, pk: int, user: int) -> HttpResponse:
    _require_platform(request.user)
    account = User.objects.filter(pk=user, memberships__agency_id=pk).first()
    if account is None:
        raise Http404("未找到该账号")
    try:
        actions_agency.set_account_active(
            by=request.user, user=account, active=request.POST.get("active") == "1"
        )
    except actions_agency.AgencyError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "账号状态已更新。")
    return redirect("core:agency-staff", pk=pk)
