"""State changes of agencies and staff accounts (机关、岗位), each audited.

Agency admins edit their own agency's public details (信息公开工作机构, 公开指南,
索引号模板); platform admins also build the agency tree and manage staff accounts
and their roles. Callers check access first; these functions check it again.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import Agency, Membership, Role, User
from gongkai.domain.index_number import IndexTemplateError, validate_template
from gongkai.lib.html import sanitize_html

# What an agency admin may change in their own agency; the rest is the tree's
# structure, kept by platform admins (the code is part of every 索引号 already issued).
AGENCY_ADMIN_FIELDS = (
    "short_name",
    "index_template",
    "show_publish_statement",
    "office_name",
    "office_address",
    "office_hours",
    "office_phone",
    "office_fax",
    "office_email",
    "office_postcode",
    "guide_html",
)
PLATFORM_FIELDS = (
    "name",
    "slug",
    "code",
    "level",
    "kind",
    "parent",
    "region_code",
    "position",
    *AGENCY_ADMIN_FIELDS,
)


class AgencyError(Exception):
    """A refused change; the message is shown to the user as is."""


def _require_platform_admin(by: User) -> None:
    if not by.is_platform_admin:
        raise AgencyError("只有平台管理员可以执行此操作")


def _check(agency: Agency, fields: dict[str, Any]) -> None:
    if "index_template" in fields:
        try:
            validate_template(fields["index_template"])
        except IndexTemplateError as exc:
            raise AgencyError(str(exc)) from None
    parent = fields.get("parent")
    if parent is not None and agency.pk is not None:
        node: Agency | None = parent
        for _ in range(50):
            if node is None:
                break
            if node.pk == agency.pk:
                raise AgencyError("上级机关不能是本机关或其下级机关")
            node = node.parent


@transaction.atomic
def create_agency(*, by: User, **fields: Any) -> Agency:
    """A new agency in the tree; its standard 主动公开目录 is seeded on creation."""
    _require_platform_admin(by)
    unknown = set(fields) - set(PLATFORM_FIELDS)
    if unknown:
        raise TypeError(f"unknown agency fields: {sorted(unknown)}")
    agency = Agency()
    _check(agency, fields)
    for key, value in fields.items():
        setattr(agency, key, value)
    agency.guide_html = sanitize_html(agency.guide_html)
    if agency.guide_html:
        agency.guide_updated = timezone.localdate()
    agency.save()
    audit.record(agency, "core.agency_created", actor=by, agency=agency)
    return agency


@transaction.atomic
def update_agency(agency: Agency, *, by: User, **fields: Any) -> Agency:
    """Change an agency's details; agency admins only their own public details."""
    allowed = PLATFORM_FIELDS if by.is_platform_admin else AGENCY_ADMIN_FIELDS
    if not by.is_platform_admin and not by.has_role(agency, Role.AGENCY_ADMIN):
        raise AgencyError("您不是该机关的管理员")
    refused = set(fields) - set(allowed)
    if refused:
        raise AgencyError("只有平台管理员可以修改机关名称、代码、层级和上级机关")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    _check(agency, fields)
    if "guide_html" in fields:
        fields["guide_html"] = sanitize_html(fields["guide_html"])
    changed = [k for k, v in fields.items() if getattr(agency, k) != v]
    for key in changed:
        setattr(agency, key, fields[key])
    if "guide_html" in changed:
        agency.guide_updated = timezone.localdate()
    if changed:
        agency.save()
        audit.record(
            agency,
            "core.agency_changed",
            actor=by,
            agency=agency,
            data={"fields": sorted(changed)},
        )
    return agency


@transaction.atomic
def create_staff_account(
    *,
    by: User,
    agency: Agency,
    username: str,
    password: str,
    display_name: str = "",
    email: str = "",
    roles: list[str],
) -> User:
    """A staff account holding `roles` in `agency` (roles never reach other agencies)."""
    _require_platform_admin(by)
    if User.objects.filter(username__iexact=username).exists():
        raise AgencyError("该用户名已被使用")
    if not roles:
        raise AgencyError("请至少选择一个岗位")
    user = User(username=username, display_name=display_name, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise AgencyError(" ".join(exc.messages)) from None
    user.set_password(password)
    user.save()
    for role in roles:
        Membership.objects.create(user=user, agency=agency, role=role)
    audit.record(
        user,
        "core.account_created",
        actor=by,
        agency=agency,
        data={"roles": sorted(roles)},
    )
    return user


@transaction.atomic
def grant_role(*, by: User, agency: Agency, user: User, role: str) -> Membership:
    _require_platform_admin(by)
    if role not in Role.values:
        raise AgencyError("岗位无效")
    membership, created = Membership.objects.get_or_create(
        user=user, agency=agency, role=role
    )
    if created:
        audit.record(
            user, "core.role_granted", actor=by, agency=agency, data={"role": role}
        )
    return membership


@transaction.atomic
def revoke_role(*, by: User, membership: Membership) -> None:
    _require_platform_admin(by)
    audit.record(
        membership.user,
        "core.role_revoked",
        actor=by,
        agency=membership.agency,
        data={"role": membership.role},
    )
    membership.delete()


@transaction.atomic
def set_account_active(*, by: User, user: User, active: bool) -> None:
    """停用 or 启用 an account; a disabled account cannot log in, its history stays."""
    _require_platform_admin(by)
    if user.pk == by.pk:
        raise AgencyError("不能停用自己的账号")
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit.record(
            user,
            "core.account_enabled" if active else "core.account_disabled",
            actor=by,
        )
