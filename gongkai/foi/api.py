"""依申请公开 REST endpoints: an applicant's case status, without personal data."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError

from gongkai.foi import access, clock

router = Router(tags=["依申请公开"])


class LookupIn(Schema):
    tracking_number: str
    access_code: str


class TimelineOut(Schema):
    on: date
    kind: str
    label: str
    note: str


class CaseStatusOut(Schema):
    tracking_number: str
    agency: str
    status: str
    status_label: str
    received_date: date | None
    due_date: date | None
    due_provisional: bool
    result: str | None
    result_label: str | None
    timeline: list[TimelineOut]


@router.post("/status", response=CaseStatusOut)
def case_status(request: HttpRequest, payload: LookupIn) -> dict[str, object]:
    """Status of one application; wrong number or code → 404, guessing throttled."""
    client = access.client_key(request.META.get("REMOTE_ADDR", ""))
    app = access.lookup_for_applicant(
        payload.tracking_number, payload.access_code, client
    )
    if app is None:
        raise HttpError(404, "申请编号或查询码不正确，或尝试次数过多")
    result = clock.compute_for(app)
    return {
        "tracking_number": app.tracking_number,
        "agency": app.agency.name,
        "status": app.status,
        "status_label": app.get_status_display(),
        "received_date": app.received_date,
        "due_date": result.due_date if app.is_open else app.due_date,
        "due_provisional": result.provisional,
        "result": app.result,
        "result_label": app.get_result_display() if app.result else None,
        "timeline": [
            {
                "on": t.on,
                "kind": t.kind,
                "label": t.get_kind_display(),
                "note": t.public_note,
            }
            for t in app.timeline.all()
        ],
    }
