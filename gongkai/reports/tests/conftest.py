from __future__ import annotations

import datetime as dt

import pytest

from gongkai.domain.foi_codes import ResultCode
from gongkai.reports import actions
from gongkai.reports.tests.factories import make_case

D = dt.date


@pytest.fixture
def cases_2024(agency_a, drafter_a, approver_a):
    """Five cases of agency A around 2024: one carried in, two carried out."""
    return {
        "carried_in": make_case(
            agency_a, drafter_a, approver_a, D(2023, 12, 27), D(2024, 1, 10)
        ),
        "partial": make_case(
            agency_a,
            drafter_a,
            approver_a,
            D(2024, 3, 4),
            D(2024, 3, 20),
            ResultCode.PARTIAL,
        ),
        "company": make_case(
            agency_a,
            drafter_a,
            approver_a,
            D(2024, 5, 6),
            D(2024, 5, 28),
            ResultCode.UNABLE_NOT_HELD,
            applicant_type="commercial",
        ),
        "open": make_case(agency_a, drafter_a, approver_a, D(2024, 12, 30)),
        "late_reply": make_case(
            agency_a, drafter_a, approver_a, D(2024, 12, 20), D(2025, 1, 8)
        ),
    }


def written(report, **extra):  # type: ignore[no-untyped-def]
    """The report with its narrative written (no 【待补充】 left)."""
    return actions.update_report(
        report,
        by=extra.pop("by"),
        overview=extra.pop(
            "overview",
            "本机关认真贯彻落实《中华人民共和国政府信息公开条例》。"
            "本年新收政府信息公开申请4件，上年结转政府信息公开申请1件。",
        ),
        problems="（一）存在的主要问题。依申请公开答复规范性有待提高。\n（二）改进措施。加强培训。",
        other_matters="本年度未收取信息处理费。",
        **extra,
    )
