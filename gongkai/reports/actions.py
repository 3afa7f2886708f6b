"""Every state change of an annual report.

编写中 (draft: tables derived live, narrative and staff figures editable) →
已报送审查发布 (submitted: tables frozen; the report is a record in the agency's
政府信息公开年报 column going through 保密审查 and 审核签发 like any record). If the
record is 退回, the report may be reopened, corrected and submitted again.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import Agency, Role, User
from gongkai.domain import annual_report as ar
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import CatalogueNode, Document, Genre, Revision
from gongkai.reports import exports, queries
from gongkai.reports.models import FIRST_YEAR, AnnualReport

EDITOR_ROLES = (Role.DRAFTER, Role.AGENCY_ADMIN)
EDITABLE_FIELDS = (
    "overview",
    "problems",
    "other_matters",
    "licensing",
    "penalty",
    "coercion",
    "fees",
    "carry_over_note",
)


class ReportError(Exception):
    """A refused change; the message is shown to the user as is."""


class ReportBlocked(ReportError):
    """Consistency rules are broken; `violations` name the cells and cases."""

    def __init__(self, violations: list[ar.Violation]) -> None:
        super().__init__(f"年度报告存在{len(violations)}项问题，不能报送发布")
        self.violations = violations


def _require_editor(user: User, agency: Agency) -> None:
    if not user.has_role(agency, *EDITOR_ROLES):
        raise ReportError("您在该机关没有编写年度报告的权限")


def _require_draft(report: AnnualReport) -> None:
    if report.status != AnnualReport.Status.DRAFT:
        raise ReportError("年度报告已报送审查发布，不能修改；如被退回，请先重新打开")


@transaction.atomic
def start_report(
    agency: Agency, year: int, *, by: User, today: dt.date
) -> AnnualReport:
    """The agency's report for `year`, created with a draft narrative if new."""
    _require_editor(by, agency)
    if year < FIRST_YEAR:
        raise ReportError(
            f"本平台按2021年版格式（国办公开办函〔2021〕30号）编制，适用于{FIRST_YEAR}年度及以后的报告"
        )
    if year > today.year:
        raise ReportError("不能编写尚未开始年度的报告")
    existing = AnnualReport.objects.filter(agency=agency, year=year).first()
    if existing is not None:
        return existing
    tables = queries.build_tables(agency.pk, year)
    try:
        with transaction.atomic():
            report = AnnualReport.objects.create(
                agency=agency,
                year=year,
                created_by=by,
                **queries.draft_sections(agency, year, tables),
            )
    except IntegrityError:
        # Started by a colleague at the same moment: one report per agency and year.
        return AnnualReport.objects.get(agency=agency, year=year)
    audit.record(report, "reports.created", actor=by, to_state=report.status)
    return report


def _clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown annual-report fields: {sorted(unknown)}")
    out = dict(fields)
    for name in ("licensing", "penalty", "coercion"):
        if name in out:
            value = out[name]
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ReportError("处理决定数量应为非负整数")
    if "fees" in out:
        try:
            fees = Decimal(out["fees"])
        except (ArithmeticError, TypeError, ValueError):
            raise ReportError("收费金额应为数字（单位：万元）") from None
        if not fees.is_finite() or fees < 0:
            raise ReportError("收费金额不能为负数")
        if -fees.as_tuple().exponent > ar.FEE_DECIMAL_PLACES:  # type: ignore[operator]
            raise ReportError("收费金额以万元为单位，最多保留四位小数")
        if fees >= Decimal("1e12"):
            raise ReportError("收费金额过大，请核对单位（万元）")
        out["fees"] = fees
    for name in ("overview", "problems", "other_matters", "carry_over_note"):
        if name in out:
            out[name] = str(out[name]).replace("\r\n", "\n").strip()
    return out


@transaction.atomic
def update_report(report: AnnualReport, *, by: User, **fields: Any) -> AnnualReport:
    """Save narrative sections and staff-entered figures of a draft report."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    _require_editor(by, report.agency)
    _require_draft(report)
    fields = _clean_fields(fields)
    changed = [name for name, value in fields.items() if getattr(report, name) != value]
    for name, value in fields.items():
        setattr(report, name, value)
    if changed:
        report.save(update_fields=[*changed, "updated_at"])
        audit.record(report, "reports.updated", actor=by, data={"fields": changed})
    return report


def _catalogue_node(agency: Agency) -> CatalogueNode:
    """The agency's 政府信息公开年报 column; the standard catalogue restores it if missing."""

    def find() -> CatalogueNode | None:
        return (
            CatalogueNode.objects.filter(
                agency=agency, kind=CatalogueNode.Kind.ANNUAL_REPORT
            )
            .order_by("position", "id")
            .first()
        )

    node = find()
    if node is None:
        publishing.seed_catalogue(agency)
        node = find()
    if node is None:
        raise ReportError(
            "该机关的主动公开目录中没有“政府信息公开年报”栏目，请先在目录中恢复该栏目。"
        )
    return node


@transaction.atomic
def submit_report(
    report: AnnualReport, *, by: User, now: dt.datetime | None = None
) -> AnnualReport:
    """Run the checks, freeze the tables and send the report into 保密审查.

    Raises `ReportBlocked` with the violations (cells and cases named) if any rule
    is broken; nothing is changed then."""
    now = now or timezone.now()
    report = (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("agency", "document")
        .get(pk=report.pk)
    )
    _require_editor(by, report.agency)
    _require_draft(report)
    tables = queries.build_tables(
        report.agency_id, report.year, queries.StaffFigures.of(report)
    )
    violations = queries.blocking(report, queries.check(report, tables))
    if violations:
        raise ReportBlocked(violations)

    report.frozen_tables = tables.to_json() | {"frozen_at": now.isoformat()}
    body = exports.body_html(report, tables)
    today = timezone.localtime(now).date()
    fields = {
        "title": report.title,
        "genre": Genre.ANNUAL_REPORT,
        "body_html": body,
        "written_date": today,
        "formed_date": today,
        "source": report.agency.office_name or report.agency.name,
        "catalogue_nodes": [_catalogue_node(report.agency)],
    }
    try:
        document = report.document
        revision = publishing.open_revision(document) if document else None
        if document is None or (
            revision is None and document.status != Document.Status.PUBLISHED
        ):
            # First submission, or the earlier draft record was discarded.
            document = publishing.create_document(agency=report.agency, by=by, **fields)
            revision = publishing.open_revision(document)
        else:
            if revision is None:
                revision = publishing.start_revision(
                    document, by=by, change_note="年度报告修改后重新报送"
                )
            revision = publishing.update_draft(revision, by=by, **fields)
        if revision is None:
            raise ReportError("未能建立公开记录的待审版本")
        publishing.submit_for_review(revision, by=by)
    except publishing.WorkflowError as exc:
        raise ReportError(str(exc)) from exc

    old = report.status
    report.document = document
    report.status = AnnualReport.Status.SUBMITTED
    report.submitted_by = by
    report.submitted_at = now
    report.save(
        update_fields=[
            "frozen_tables",
            "document",
            "status",
            "submitted_by",
            "submitted_at",
            "updated_at",
        ]
    )
    audit.record(
        report,
        "reports.submitted",
        actor=by,
        from_state=old,
        to_state=report.status,
        data={"document": document.pk, "totals": _totals(tables)},
    )
    return report


def _totals(tables: ar.ReportTables) -> dict[str, int]:
    t3 = tables.table3
    return {
        "new": t3.cell(ar.NEW),
        "carried_in": t3.cell(ar.CARRIED_IN),
        "result_total": t3.cell(ar.RESULT_TOTAL),
        "carried_out": t3.cell(ar.CARRIED_OUT),
    }


@transaction.atomic
def reopen_report(report: AnnualReport, *, by: User, reason: str) -> AnnualReport:
    """Back to 编写中 after the record was 退回 (or its revision discarded); the
    frozen tables are dropped and will be rebuilt on the next submission."""
    report = (
        AnnualReport.objects.select_for_update(of=("self",))
        .select_related("agency", "document")
        .get(pk=report.pk)
    )
    _require_editor(by, report.agency)
    if report.status != AnnualReport.Status.SUBMITTED:
        raise ReportError("年度报告尚未报送，无需重新打开")
    if not reason.strip():
        raise ReportError("重新打开必须填写理由")
    document = report.document
    if document is not None:
        if document.status == Document.Status.PUBLISHED:
            raise ReportError("年度报告已发布，不能重新打开")
        revision = publishing.open_revision(document)
        if revision is not None and revision.status in (
            Revision.Status.IN_REVIEW,
            Revision.Status.IN_APPROVAL,
        ):
            raise ReportError(
                "年度报告正在保密审查或审核签发中；请审查人或签发人退回后再修改"
            )
    report.status = AnnualReport.Status.DRAFT
    report.frozen_tables = None
    report.save(update_fields=["status", "frozen_tables", "updated_at"])
    audit.record(
        report,
        "reports.reopened",
        actor=by,
        from_state=AnnualReport.Status.SUBMITTED,
        to_state=report.status,
        reason=reason.strip(),
    )
    return report
