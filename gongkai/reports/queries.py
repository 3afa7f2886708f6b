"""Read side of the annual report: the tables, last year's carry-over and the checks.

Tables 三 and 四 come from `foi.queries.report_rows` / `review_rows`, table 二's
规章 and 行政规范性文件 from `publishing.queries.count_normative_documents`, the other
table 二 figures from the report itself. A submitted report answers with the tables
frozen at submission.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import NoReverseMatch

from gongkai.core.models import Agency
from gongkai.domain import annual_report as ar
from gongkai.foi import queries as foi_queries
from gongkai.foi.models import Application
from gongkai.publishing import queries as publishing_queries
from gongkai.publishing.models import Document
from gongkai.reports.models import AnnualReport

# Marks a part of the prefilled draft the staff must still write (blocks submission).
PLACEHOLDER = "【待补充】"


@dataclass(frozen=True)
class StaffFigures:
    """Table 二 figures the platform does not hold."""

    licensing: int = 0
    penalty: int = 0
    coercion: int = 0
    fees: Decimal = Decimal(0)

    @classmethod
    def of(cls, report: AnnualReport | None) -> StaffFigures:
        if report is None:
            return cls()
        return cls(report.licensing, report.penalty, report.coercion, report.fees)


def build_tables(
    agency_id: int, year: int, figures: StaffFigures | None = None
) -> ar.ReportTables:
    """The tables derived now from FOI cases and published records."""
    figures = figures or StaffFigures()
    normative = publishing_queries.count_normative_documents(agency_id, year)
    table2 = ar.Table2(
        rules=normative["rules"],
        normative=normative["normative"],
        licensing=figures.licensing,
        penalty=figures.penalty,
        coercion=figures.coercion,
        fees=Decimal(figures.fees),
    )
    return ar.build_report(
        year,
        foi_queries.report_rows(agency_id, year),
        foi_queries.review_rows(agency_id, year),
        table2,
    )


def tables_for(report: AnnualReport) -> ar.ReportTables:
    """Frozen tables once submitted; derived ones while the report is written."""
    if report.frozen_tables:
        return ar.ReportTables.from_json(report.frozen_tables)
    return build_tables(report.agency_id, report.year, StaffFigures.of(report))


def previous_carry_over(agency_id: int, year: int) -> ar.PreviousCarryOver:
    """Last year's 结转下年度: its published report's frozen figures if there is
    one, else last year's tables derived from the cases now (from the cases still
    open at the end of last year, all that 结转下年度 counts)."""
    frozen = (
        AnnualReport.objects.filter(
            agency_id=agency_id,
            year=year - 1,
            document__status=Document.Status.PUBLISHED,  # AnnualReport.is_published
        )
        .order_by()
        .values_list("frozen_tables", flat=True)
        .first()
    )
    if frozen:
        tables = ar.ReportTables.from_json(frozen)
        return ar.PreviousCarryOver.from_table3(tables.table3, "published")
    t3, _ = ar.build_table3(foi_queries.carried_out_rows(agency_id, year - 1), year - 1)
    return ar.PreviousCarryOver.from_table3(t3, "derived")


def narrative_of(report: AnnualReport) -> str:
    return "\n".join((report.overview, report.problems, report.other_matters))


def _placeholder_problems(report: AnnualReport) -> list[ar.Violation]:
    out = []
    for field in ("overview", "problems", "other_matters"):
        text = getattr(report, field)
        if not text.strip():
            out.append(ar.Violation("N1", (("text", field, ""),), detail="empty"))
        elif PLACEHOLDER in text:
            i = text.index(PLACEHOLDER)
            out.append(
                ar.Violation(
                    "N1",
                    (("text", field, ""),),
                    detail="placeholder",
                    quote=ar._sentence(text, i, i + len(PLACEHOLDER)),
                )
            )
    return out


def check(
    report: AnnualReport, tables: ar.ReportTables | None = None
) -> list[ar.Violation]:
    """Every consistency rule (C1–C9) and unwritten narrative (N1)."""
    tables = tables or tables_for(report)
    violations = ar.check_report(
        tables,
        previous=previous_carry_over(report.agency_id, report.year),
        narrative=narrative_of(report),
    )
    return violations + _placeholder_problems(report)


def blocking(
    report: AnnualReport, violations: Iterable[ar.Violation]
) -> list[ar.Violation]:
    """Violations that stop publication. A C5 difference with last year's published
    report cannot be fixed in this year's data (a late-registered application, for
    instance), so a written explanation, printed in section 六, releases it."""
    explained = bool(report.carry_over_note.strip())
    return [
        v
        for v in violations
        if not (explained and v.rule == "C5" and v.detail == "published")
    ]


def case_labels(case_ids: Iterable[Any]) -> dict[Any, tuple[str, str]]:
    """申请编号 and staff URL of FOI cases, for naming them in violations."""
    ids = [i for i in case_ids if isinstance(i, int)]
    if not ids:
        return {}
    out = {}
    for pk, number in Application.objects.filter(pk__in=ids).values_list(
        "pk", "tracking_number"
    ):
        try:
            url = Application(pk=pk).get_absolute_url()
        except NoReverseMatch:
            url = ""
        out[pk] = (number, url)
    return out


def reports_for_agencies(agency_ids: Iterable[int]) -> QuerySet[AnnualReport]:
    return (
        AnnualReport.objects.filter(agency_id__in=list(agency_ids))
        .select_related("agency", "document")
        .order_by("agency__position", "agency_id", "-year")
    )


def agencies_with_data(year: int) -> QuerySet[Agency]:
    """Agencies with a report, an FOI case or a remedy counted in `year`."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    counted = (
        foi_queries.disclosure_cases()
        .filter(received_date__lte=last)
        .filter(Q(replied_date__isnull=True) | Q(replied_date__gte=first))
    )
    return Agency.objects.filter(
        Q(pk__in=counted.values("agency_id"))
        | Q(pk__in=AnnualReport.objects.filter(year=year).values("agency_id"))
    ).order_by("position", "id")


def draft_sections(
    agency: Agency, year: int, tables: ar.ReportTables
) -> dict[str, str]:
    """A first draft of sections 一, 五 and 六 for the staff to complete.

    Figures come from the tables (C8 checks them again before publication); what the
    platform cannot know is marked 【待补充】 and blocks submission until written."""
    t3, t4, t2 = tables.table3, tables.table4, tables.table2
    p = PLACEHOLDER
    litigation = t4.cell("litigation_direct", ar.TOTAL) + t4.cell(
        "litigation_after_review", ar.TOTAL
    )
    overview = "\n".join(
        [
            f"{year}年，{agency.name}认真贯彻落实《中华人民共和国政府信息公开条例》，"
            f"坚持以公开为常态、不公开为例外，{p}",
            f"（一）主动公开。本年制发行政规范性文件{t2.normative.issued}件，"
            f"废止行政规范性文件{t2.normative.repealed}件，"
            f"现行有效行政规范性文件{t2.normative.in_force}件。{p}",
            f"（二）依申请公开。本年新收政府信息公开申请{t3.cell(ar.NEW)}件，"
            f"上年结转政府信息公开申请{t3.cell(ar.CARRIED_IN)}件，"
            f"本年度办结{t3.cell(ar.RESULT_TOTAL)}件，"
            f"结转下年度继续办理{t3.cell(ar.CARRIED_OUT)}件。"
            f"因政府信息公开工作被申请行政复议{t4.cell('review', ar.TOTAL)}件，"
            f"被提起行政诉讼{litigation}件。",
            f"（三）政府信息管理。{p}",
            f"（四）平台建设。{p}",
            f"（五）监督保障。{p}",
        ]
    )
    problems = "\n".join(
        [
            f"（一）上年度问题整改情况。{p}",
            f"（二）存在的主要问题。{p}",
            f"（三）改进措施。{p}",
        ]
    )
    other = "\n".join(
        [
            "依据《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），"
            f"本年度发出收费通知{p}件，实际收取信息处理费{p}元。",
            f"本年度政务公开工作要点落实情况：{p}",
            f"人大代表建议和政协委员提案办理结果公开情况：{p}",
        ]
    )
    return {"overview": overview, "problems": problems, "other_matters": other}
