"""Who may see which case: the one permission path for 依申请公开.

Staff see the cases of agencies where they hold a handling role; applicants see
their own case after proving the access code. Missing and forbidden get the same
answer, and personal data is logged each time staff open it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.access import agencies_for
from gongkai.core.models import Agency, Role, User
from gongkai.domain import foi_clock
from gongkai.domain.foi_clock import ClockError
from gongkai.foi import clock
from gongkai.foi.actions import HANDLERS, SIGNERS, check_access_code, new_access_code
from gongkai.foi.models import (
    Application,
    Consultation,
    FeeNotice,
    Letter,
    LookupAttempt,
    ReleasedFile,
    Remedy,
    Reply,
)

FOI_ROLES = (Role.DRAFTER, Role.APPROVER, Role.AGENCY_ADMIN)
SESSION_KEY = "foi_cases"
# Guessing limits: per tracking number and per client, over a sliding window.
MAX_FAILURES_PER_CASE = 5
MAX_FAILURES_PER_CLIENT = 20
FAILURE_WINDOW = timedelta(minutes=30)


def foi_agencies(user: User) -> QuerySet[Agency]:
    """Agencies whose cases the user handles. Platform admins are not included:
    applicants' personal data is for the handling agency only."""
    return agencies_for(user, *FOI_ROLES)


def cases_for_staff(user: User) -> QuerySet[Application]:
    return Application.objects.filter(agency__in=foi_agencies(user))


def get_application_for_staff(user: User, pk: Any) -> Application:
    """The case, if the user handles cases of its agency; 404 otherwise."""
    try:
        return cases_for_staff(user).select_related("agency", "assigned_to").get(pk=pk)
    except (Application.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该申请") from None


def _child_for_staff(model: Any, user: User, pk: Any) -> Any:
    try:
        return model.objects.select_related("application__agency").get(
            pk=pk, application__agency__in=foi_agencies(user)
        )
    except (model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到") from None


def get_consultation_for_staff(user: User, pk: Any) -> Consultation:
    return _child_for_staff(Consultation, user, pk)


def get_fee_notice_for_staff(user: User, pk: Any) -> FeeNotice:
    return _child_for_staff(FeeNotice, user, pk)


def get_remedy_for_staff(user: User, pk: Any) -> Remedy:
    return _child_for_staff(Remedy, user, pk)


def get_letter_for_staff(user: User, pk: Any) -> Letter:
    return _child_for_staff(Letter, user, pk)


def get_released_file_for_staff(user: User, pk: Any) -> ReleasedFile:
    return _child_for_staff(ReleasedFile, user, pk)


@dataclass(frozen=True)
class Option:
    """Whether the staff console offers an action; `why` explains a refusal that
    the user would otherwise only meet after filling in the form."""

    ok: bool
    why: str = ""


NO = Option(False)


def staff_options(user: User, app: Application, today: date) -> dict[str, Option]:
    """What `user` may do on `app` today: the same conditions the actions check,
    so the case page offers no form the action would refuse."""
    Status = Application.Status
    handler = user.has_role(app.agency, *HANDLERS)
    signer = user.has_role(app.agency, *SIGNERS)
    status = app.status
    disclosure = app.kind == Application.Kind.DISCLOSURE
    not_signer = "须由审核签发人（信息公开工作机构负责人）办理。"
    opts: dict[str, Option] = {}

    def offer(
        name: str, when: bool, *, need_signer: bool = False, why: str = ""
    ) -> None:
        if not when:
            opts[name] = NO
        elif need_signer and not signer:
            opts[name] = Option(False, not_signer)
        elif not handler:
            opts[name] = NO
        else:
            opts[name] = Option(not why, why)

    events = clock.events_of(app) if app.is_open else []
    calendar = clock.calendar_for(app.agency) if app.is_open else None

    def clock_refusal(check: Any, *args: Any) -> str:
        try:
            check(events, *args, today, calendar)
        except ClockError as exc:
            return str(exc)
        return ""

    offer("confirm", status == Status.SUBMITTED)
    offer("assign", app.is_open)
    received = status == Status.RECEIVED
    offer(
        "supplement",
        received and disclosure,
        why=clock_refusal(foi_clock.check_supplement_request) if received else "",
    )
    supplement_due = app.supplement_deadline
    waiting = status == Status.AWAITING_SUPPLEMENT
    offer(
        "supplement_answer",
        waiting,
        why="补正期限已过。"
        if waiting and supplement_due and today > supplement_due
        else "",
    )
    offer("abandon", waiting and bool(supplement_due) and today > supplement_due)
    offer("consult", status in (Status.RECEIVED, Status.CONSULTING) and disclosure)
    extendable = status in (Status.RECEIVED, Status.CONSULTING, Status.AWAITING_FEE)
    offer(
        "extend",
        extendable,
        need_signer=True,
        why=clock_refusal(foi_clock.check_extension, 1) if extendable else "",
    )
    offer("reasons", received and disclosure)
    asked = app.letters.filter(kind=Letter.Kind.REASON).exists()
    offer(
        "defer",
        status in (Status.RECEIVED, Status.CONSULTING) and disclosure,
        need_signer=True,
        why="" if asked else "须先要求申请人说明理由（第三十五条）。",
    )
    pending_fee = app.fee_notices.filter(paid_on__isnull=True, lapsed=False).exists()
    offer(
        "fee",
        received and disclosure,
        need_signer=True,
        why="已有未处理的收费通知。" if pending_fee else "",
    )
    offer("draft", received and disclosure)
    has_draft = Reply.objects.filter(application=app).exists()
    offer("sign", received and disclosure and has_draft, need_signer=True)
    offer("release", status in (Status.RECEIVED, Status.REPLIED, Status.DELIVERED))
    offer("withdraw", app.is_open and disclosure)
    offer("correction", app.is_open and not disclosure, need_signer=True)
    offer("deliver", status == Status.REPLIED)
    offer("remedy", status in Application.ANSWERED_STATUSES)
    offer("reset_code", True)
    return opts


def may_propose_for_publication(user: User, agency: Agency | int) -> bool:
    """第四十四条 drafts are started by drafters and agency admins."""
    return user.has_role(agency, Role.DRAFTER, Role.AGENCY_ADMIN)


def record_pii_view(user: User, app: Application, what: str) -> None:
    """Every look at an applicant's personal data leaves an audit event."""
    audit.record(app, "foi.pii_viewed", actor=user, data={"what": what})


# --- applicants -------------------------------------------------------------------


def client_key(remote_addr: str) -> str:
    return hashlib.sha256((remote_addr or "unknown").encode()).hexdigest()[:32]


def is_throttled(tracking_number: str, client: str) -> bool:
    since = timezone.now() - FAILURE_WINDOW
    recent = LookupAttempt.objects.filter(at__gte=since)
    return (
        recent.filter(tracking_number=tracking_number).count() >= MAX_FAILURES_PER_CASE
        or recent.filter(client=client).count() >= MAX_FAILURES_PER_CLIENT
    )


def lookup_for_applicant(
    tracking_number: str, code: str, client: str
) -> Application | None:
    """The case if number and code match; None otherwise, whatever the reason.
    Failures are recorded so guessing slows down; a throttled client gets None
    even with the right code."""
    tracking_number = (tracking_number or "").strip().upper()
    if is_throttled(tracking_number, client):
        return None
    app = Application.objects.filter(tracking_number=tracking_number).first()
    if app is not None and check_access_code(app, code):
        return app
    if app is None:
        # Spend the same time as a real check, so timing does not tell.
        check_access_code(Application(access_code_hash=_dummy_hash()), code)
    LookupAttempt.objects.create(tracking_number=tracking_number[:20], client=client)
    return None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return make_password(new_access_code())


def grant_applicant(session: Any, app: Application) -> None:
    granted = set(session.get(SESSION_KEY, []))
    granted.add(app.tracking_number)
    session[SESSION_KEY] = sorted(granted)


def get_application_for_applicant(session: Any, tracking_number: str) -> Application:
    """The case if this browser session proved its code; 404 otherwise."""
    if tracking_number not in session.get(SESSION_KEY, []):
        raise Http404("未找到该申请")
    try:
        return Application.objects.select_related("agency").get(
            tracking_number=tracking_number
        )
    except Application.DoesNotExist:
        raise Http404("未找到该申请") from None
