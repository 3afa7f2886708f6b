"""FOI cases, remedies and published records reached through the real actions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.core.models import Agency, User
from gongkai.domain.foi_codes import ResultCode
from gongkai.foi import actions as foi
from gongkai.foi.models import Application, Remedy
from gongkai.foi.tests.factories import make_received
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import Document

REASONS = "依据《中华人民共和国政府信息公开条例》相关规定"


def make_case(
    agency: Agency,
    handler: User,
    signer: User,
    received: dt.date,
    replied: dt.date | None = None,
    result: ResultCode = ResultCode.GRANTED,
    applicant_type: str = "natural_person",
) -> Application:
    """A case received on `received` and, if `replied`, answered with `result`."""
    extra: dict[str, Any] = {"applicant_type": applicant_type}
    if applicant_type != "natural_person":
        extra |= {
            "applicant_name": "甲县某某有限公司",
            "id_type": "uscc",
            "id_number": "91110000MA0000000X",
            "legal_representative": "李四",
        }
    app = make_received(agency, handler, received, **extra)
    if replied is None:
        return app
    if result is ResultCode.OTHER:
        return foi.withdraw(app, by=handler, reason="申请人撤回申请", today=replied)
    foi.draft_reply(
        app, by=handler, result=result.value, reasons=REASONS, provision="电子邮件"
    )
    foi.sign_reply(app, by=signer, today=replied)
    app.refresh_from_db()
    return app


def make_remedy(
    app: Application,
    handler: User,
    kind: str,
    filed: dt.date,
    outcome: str = "pending",
    decided: dt.date | None = None,
) -> Remedy:
    remedy = foi.record_remedy(
        app, by=handler, kind=kind, body="甲县人民政府", filed_date=filed
    )
    if outcome != "pending":
        remedy = foi.decide_remedy(
            remedy, by=handler, outcome=outcome, decided_date=decided
        )
    return remedy


def publish(
    agency: Agency,
    drafter: User,
    reviewer: User,
    approver: User,
    *,
    now: dt.datetime | None = None,
    **fields: Any,
) -> Document:
    """A record through 起草 → 保密审查 → 审核签发."""
    fields.setdefault("body_html", "<p>正文</p>")
    doc = publishing.create_document(agency=agency, by=drafter, **fields)
    rev = publishing.open_revision(doc)
    publishing.submit_for_review(rev, by=drafter)
    publishing.pass_review(rev, by=reviewer)
    return publishing.approve_and_publish(rev, by=approver, now=now)


def approve(document: Document, reviewer: User, approver: User) -> Document:
    rev = publishing.open_revision(document)
    publishing.pass_review(rev, by=reviewer)
    return publishing.approve_and_publish(rev, by=approver)
