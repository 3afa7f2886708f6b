"""The report as JSON (command line, staff export)."""

from __future__ import annotations

from typing import Any

from gongkai.domain import annual_report as ar
from gongkai.reports import queries
from gongkai.reports.messages import violation_json
from gongkai.reports.models import AnnualReport


def report_json(
    report: AnnualReport | None,
    tables: ar.ReportTables,
    *,
    agency: Any = None,
    violations: list[ar.Violation] | None = None,
) -> dict[str, Any]:
    """Tables, narrative and the result of the checks of one agency and year.

    `report` may be None: then the figures are derived and no narrative exists yet."""
    agency = report.agency if report is not None else agency
    if violations is None:
        if report is not None:
            violations = queries.check(report, tables)
        else:
            violations = ar.check_report(
                tables, previous=queries.previous_carry_over(agency.pk, tables.year)
            )
    labels = queries.case_labels(i for v in violations for i in v.case_ids)
    blocking = (
        queries.blocking(report, violations) if report is not None else violations
    )
    data = tables.to_json()
    data["table3"].pop("carried_out_ids", None)
    return {
        "agency": {"code": agency.code, "name": agency.name},
        "year": tables.year,
        "status": report.status if report is not None else "not_started",
        "published": bool(report is not None and report.is_published),
        "frozen": bool(report is not None and report.frozen_tables),
        "tables": data,
        "narrative": (
            {
                "overview": report.overview,
                "problems": report.problems,
                "other_matters": report.other_matters,
            }
            if report is not None
            else None
        ),
        "violations": [violation_json(v, labels) for v in violations],
        "publishable": report is not None and not blocking,
    }
