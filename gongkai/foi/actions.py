"""Every state change of a 依申请公开 case.

Each action is atomic, checks the caller's role in the handling agency, appends to
the clock ledger where the statute says the clock is affected, recomputes the
cached due date from the ledger, writes an audit event and, where the applicant
should see it, a timeline entry. Views never assign `.status`.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import Agency, Notification, Role, User
from gongkai.domain import fees as fee_rules
from gongkai.domain import foi_clock
from gongkai.domain.docnumber import fold
from gongkai.domain.foi_clock import ClockError
from gongkai.domain.foi_codes import ApplicantType, ResultCode
from gongkai.foi import clock, letters
from gongkai.foi.models import (
    Application,
    ClockEvent,
    Consultation,
    FeeNotice,
    Letter,
    LetterSequence,
    ReleasedFile,
    Remedy,
    Reminder,
    Reply,
    Supplement,
    TimelineEntry,
    TrackingSequence,
)
from gongkai.foi.queries import count_by_applicant_in_month
from gongkai.lib.uploads import DOCUMENT_TYPES, ID_PROOF_TYPES, check_upload
from gongkai.publishing.actions import create_document

Status = Application.Status
HANDLERS = (Role.DRAFTER, Role.APPROVER, Role.AGENCY_ADMIN)  # 经办人 and above
SIGNERS = (Role.APPROVER, Role.AGENCY_ADMIN)  # 审核签发 / 工作机构负责人
ID_PROOF_MAX_BYTES = 10 * 1024 * 1024
_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L


class ActionError(ValueError):
    """A transition the case's state or the statute does not allow; the message is
    shown to the user as it is."""


class DuplicateSubmission(ActionError):
    """The same filled-in form was sent again; `application` is the first one."""

    def __init__(self, application: Application) -> None:
        super().__init__(
            f"该申请已提交，申请编号 {application.tracking_number}，未重复提交。"
        )
        self.application = application


# A repeated online form may get a fresh access code only this soon after the first
# submission, and only while nothing has been issued on the case yet.
RESUBMIT_WINDOW_SECONDS = 30 * 60


@dataclass(frozen=True)
class Submitted:
    application: Application
    access_code: str  # shown once, never stored


# --- helpers -------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


def _require_role(user: User | None, agency: Agency, *roles: str) -> None:
    if user is None or not user.has_role(agency, *roles):
        raise ActionError("您在该机关没有办理此事项的权限。")


def _require_status(app: Application, *statuses: str) -> None:
    if app.status not in statuses:
        raise ActionError(
            f"申请当前状态为“{app.get_status_display()}”，不能进行此操作。"
        )


def _lock(app: Application) -> Application:
    locked = Application.objects.select_for_update().get(pk=app.pk)
    app.__dict__.update(locked.__dict__)
    return app


def _set_status(app: Application, status: str) -> str:
    old = app.status
    app.status = status
    return old


def _event(
    app: Application, kind: str, on: date, by: User | None, **kw: Any
) -> ClockEvent:
    return ClockEvent.objects.create(
        application=app, kind=kind, on=on, created_by=by, **kw
    )


def _timeline(app: Application, kind: str, on: date, note: str = "") -> None:
    TimelineEntry.objects.create(application=app, kind=kind, on=on, public_note=note)


def _refresh_clock(
    app: Application, calendar: foi_clock.Calendar | None = None
) -> None:
    result = clock.compute_for(app, calendar)
    app.due_date = result.due_date
    app.due_provisional = result.provisional
    app.clock_years = sorted(result.years)


def normalise_request(title: str, doc_number: str, description: str) -> str:
    """One key for "the same information": the folded 文号 if there is one, else
    the title and description folded to letters and digits (第四十四条第一款)."""
    if doc_number.strip():
        return "doc:" + fold(doc_number.strip())
    text = unicodedata.normalize("NFKC", f"{title}{description}").lower()
    text = re.sub(r"[\W_]+", "", text)
    for filler in ("申请公开", "请公开", "关于", "有关", "的信息", "政府信息", "相关"):
        text = text.replace(filler, "")
    return "txt:" + text[:280]


def applicant_key(id_type: str, id_number: str) -> str:
    """A digest that matches the same applicant across cases without exposing the
    ID number (国办函〔2020〕109号 counts per applicant per month)."""
    folded = unicodedata.normalize("NFKC", id_number).strip().upper()
    return hashlib.sha256(f"{id_type}:{folded}".encode()).hexdigest()


def _new_tracking_number(year: int) -> str:
    seq, _ = TrackingSequence.objects.select_for_update().get_or_create(year=year)
    seq.last += 1
    seq.save(update_fields=["last"])
    return f"YSQ-{year}-{seq.last:06d}"


def new_access_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _ in range(10))


def check_access_code(app: Application, code: str) -> bool:
    code = re.sub(r"[\s-]", "", code or "").upper()
    return bool(code) and check_password(code, app.access_code_hash)


def next_letter_number(agency: Agency, year: int, kind: str) -> str:
    """文书编号 such as 甲县政府依申复〔2026〕12号: per agency, year and kind."""
    seq, _ = LetterSequence.objects.select_for_update().get_or_create(
        agency=agency, year=year, kind=kind
    )
    seq.last += 1
    seq.save(update_fields=["last"])
    return letters.format_number(agency, kind, year, seq.last)


def _issue_letter(
    app: Application,
    kind: str,
    on: date,
    by: User | None,
    extra: dict[str, Any] | None = None,
) -> Letter:
    template = letters.template_for(kind, app)
    number = next_letter_number(app.agency, on.year, kind)
    context = letters.build_context(app, kind, on, extra or {})
    letter = Letter.objects.create(
        application=app,
        kind=kind,
        number=number,
        template=template.key,
        template_version=template.version,
        issued_on=on,
        context=context,
        to_applicant=kind != Letter.Kind.CONSULTATION,
        created_by=by,
    )
    audit.record(
        app, "foi.letter_issued", actor=by, data={"kind": kind, "number": number}
    )
    return letter


def _store_id_proof(app: Application, upload: UploadedFile | None) -> None:
    if upload is None:
        return
    checked = check_upload(upload, allowed=ID_PROOF_TYPES, max_bytes=ID_PROOF_MAX_BYTES)
    app.id_proof.save(checked.storage_name, upload, save=False)
    app.id_proof_name = checked.name
    app.id_proof_type = checked.content_type


APPLICANT_FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "legal_representative",
    "contact_person",
    "phone",
    "email",
    "address",
    "postcode",
    "needs_assistance",
    "info_title",
    "info_doc_number",
    "info_description",
    "form",
    "route",
    "proactive_proposal",
)


def _check_not_submitted(submission_key: str | None) -> None:
    if submission_key:
        first = Application.objects.filter(submission_key=submission_key).first()
        if first is not None:
            raise DuplicateSubmission(first)


def _save_new(app: Application) -> None:
    """Insert the case; a concurrent twin with the same submission key loses."""
    try:
        with transaction.atomic():
            app.save()
    except IntegrityError:
        first = (
            Application.objects.filter(submission_key=app.submission_key).first()
            if app.submission_key
            else None
        )
        if first is None:
            raise
        if app.id_proof:
            app.id_proof.delete(save=False)
        raise DuplicateSubmission(first) from None


def _new_application(
    agency: Agency, data: dict[str, Any], channel: str, now: datetime
) -> tuple[Application, str]:
    code = new_access_code()
    app = Application(agency=agency, channel=channel, submitted_at=now)
    for name in APPLICANT_FIELDS:
        if name in data:
            setattr(app, name, data[name])
    if data.get("kind"):
        app.kind = data["kind"]
    if app.applicant_type not in ApplicantType.__members__.values():
        raise ActionError("申请人类型无效。")
    app.tracking_number = _new_tracking_number(timezone.localtime(now).year)
    app.access_code_hash = make_password(code)
    app.applicant_key = applicant_key(app.id_type, app.id_number)
    app.info_key = normalise_request(
        app.info_title, app.info_doc_number, app.info_description
    )
    return app, code


# --- intake (第二十九条、第三十一条) ------------------------------------------------


@transaction.atomic
def submit_online(
    agency: Agency,
    data: dict[str, Any],
    *,
    id_proof: UploadedFile | None,
    now: datetime | None = None,
    submission_key: str | None = None,
) -> Submitted:
    """An application from the public site. Its clock starts only when the
    agency confirms it (第三十一条第三项「以双方确认之日为收到申请之日」).

    A `submission_key` already used raises `DuplicateSubmission`: one form, one case.
    """
    now = now or timezone.now()
    _check_not_submitted(submission_key)
    app, code = _new_application(agency, data, Application.Channel.ONLINE, now)
    app.submission_key = submission_key or None
    _store_id_proof(app, id_proof)
    _save_new(app)
    _timeline(app, TimelineEntry.Kind.SUBMITTED, timezone.localtime(now).date())
    audit.record(app, "foi.submitted", actor=None, to_state=app.status)
    transaction.on_commit(lambda: _notify_agency_new(app.pk))
    return Submitted(app, code)


def _receive(app: Application, on: date, by: User | None) -> None:
    old = _set_status(app, Status.RECEIVED)
    app.received_date = on
    app.confirmed_at = app.confirmed_at or timezone.now()
    if (
        app.assigned_to_id is None
        and by is not None
        and by.has_role(app.agency, *HANDLERS)
    ):
        app.assigned_to = by
    app.save()
    _event(app, ClockEvent.Kind.RECEIVED, on, by)
    _refresh_clock(app)
    app.save(update_fields=["due_date", "due_provisional", "clock_years"])
    _timeline(app, TimelineEntry.Kind.RECEIVED, on)
    _issue_letter(app, Letter.Kind.RECEIPT, on, by)
    audit.record(
        app,
        "foi.received",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={"received_date": on.isoformat(), "channel": app.channel},
    )


@transaction.atomic
def confirm_receipt(
    app: Application, *, by: User, on: date | None = None
) -> Application:
    """Confirm an online submission; the confirmation day is the receipt date."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.SUBMITTED)
    on = on or _today()
    if on < timezone.localtime(app.submitted_at).date():
        raise ActionError("确认日期不能早于提交日期。")
    if on > _today():
        raise ActionError("确认日期不能晚于今天。")
    _receive(app, on, by)
    return app


@transaction.atomic
def register(
    agency: Agency,
    data: dict[str, Any],
    *,
    by: User,
    channel: str,
    received_on: date,
    id_proof: UploadedFile | None = None,
    now: datetime | None = None,
    submission_key: str | None = None,
) -> Submitted:
    """Staff intake of an application handed in, posted, faxed or made orally.

    第三十一条: in person — the day handed in; registered post — the day signed for;
    ordinary letter — the day the office confirms with the applicant; fax — the day
    both confirm. `received_on` is that day; the person keying it in is recorded
    (第二十九条: 口头提出的 …… 由受理该申请的政府信息公开工作机构代为填写).
    """
    _require_role(by, agency, *HANDLERS)
    if (
        channel not in Application.Channel.values
        or channel == Application.Channel.ONLINE
    ):
        raise ActionError("请选择窗口、邮寄、传真或口头等登记方式。")
    if received_on > _today():
        raise ActionError("收到申请之日不能晚于今天。")
    now = now or timezone.now()
    _check_not_submitted(submission_key)
    app, code = _new_application(agency, data, channel, now)
    app.registered_by = by
    app.submission_key = submission_key or None
    _store_id_proof(app, id_proof)
    _save_new(app)
    _timeline(app, TimelineEntry.Kind.SUBMITTED, received_on)
    audit.record(app, "foi.registered", actor=by, data={"channel": channel})
    _receive(app, received_on, by)
    return Submitted(app, code)


@transaction.atomic
def reset_access_code(
    app: Application,
    *,
    by: User | None,
    submission_key: str = "",
    now: datetime | None = None,
) -> str:
    """A new access code; the old one stops working.

    Staff of the agency reset it for an applicant who lost it (after checking the
    applicant's identity). Without `by`, only the browser that sent the online
    form may get one, by sending the same form again: within 30 minutes, while the
    case still awaits confirmation — for a double click whose first answer (with the
    code) never reached the screen.
    """
    _lock(app)
    now = now or timezone.now()
    if by is not None:
        _require_role(by, app.agency, *HANDLERS)
    elif not (
        submission_key
        and app.submission_key == submission_key
        and app.status == Status.SUBMITTED
        and (now - app.submitted_at).total_seconds() <= RESUBMIT_WINDOW_SECONDS
    ):
        raise ActionError(
            f"该申请已提交，申请编号 {app.tracking_number}，未重复提交。"
            "如未记下查询码，请携带身份证明联系受理机关重置。"
        )
    code = new_access_code()
    app.access_code_hash = make_password(code)
    app.save(update_fields=["access_code_hash"])
    audit.record(
        app,
        "foi.access_code_reset",
        actor=by,
        data={"by_applicant": by is None},
    )
    return code


@transaction.atomic
def assign(app: Application, *, by: User, to: User) -> Application:
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_role(to, app.agency, *HANDLERS)
    app.assigned_to = to
    app.save(update_fields=["assigned_to"])
    audit.record(app, "foi.assigned", actor=by, data={"to": to.pk})
    return app


# --- 补正 (第三十条) ---------------------------------------------------------------


@transaction.atomic
def request_supplement(
    app: Application, *, by: User, items: str, deadline: date, today: date | None = None
) -> Application:
    """补正告知: one notice within 7 working days of receipt; stops the clock."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.RECEIVED)
    today = today or _today()
    if not items.strip():
        raise ActionError("请写明需要补正的事项。")
    if deadline <= today:
        raise ActionError("补正期限应晚于告知之日。")
    try:
        foi_clock.check_supplement_request(
            clock.events_of(app), today, clock.calendar_for(app.agency)
        )
    except ClockError as exc:
        raise ActionError(str(exc)) from exc
    Supplement.objects.create(
        application=app,
        items=items,
        deadline=deadline,
        requested_on=today,
        requested_by=by,
    )
    _event(app, ClockEvent.Kind.SUPPLEMENT_REQUESTED, today, by, note=items)
    old = _set_status(app, Status.AWAITING_SUPPLEMENT)
    app.supplement_deadline = deadline
    _refresh_clock(app)
    app.save()
    _timeline(
        app,
        TimelineEntry.Kind.SUPPLEMENT_REQUESTED,
        today,
        f"补正期限：{letters.cn_date(deadline)}",
    )
    _issue_letter(
        app,
        Letter.Kind.SUPPLEMENT,
        today,
        by,
        {"items": items, "deadline": deadline.isoformat()},
    )
    audit.record(
        app,
        "foi.supplement_requested",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={"items": items, "deadline": deadline.isoformat()},
    )
    return app


@transaction.atomic
def receive_supplement(
    app: Application, *, answer: str, by: User | None = None, on: date | None = None
) -> Application:
    """The supplement arrives (online from the applicant, or keyed in by staff);
    the 20 working days start again from this day."""
    _lock(app)
    if by is not None:
        _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.AWAITING_SUPPLEMENT)
    on = on or _today()
    if not answer.strip():
        raise ActionError("请填写补正内容。")
    supplement = app.supplement
    if on > supplement.deadline:
        raise ActionError("补正期限已过；如有正当理由，请与受理机关联系。")
    supplement.answer = answer
    supplement.answered_on = on
    supplement.save(update_fields=["answer", "answered_on"])
    _event(app, ClockEvent.Kind.SUPPLEMENT_RECEIVED, on, by)
    old = _set_status(app, Status.RECEIVED)
    _refresh_clock(app)
    app.save()
    _timeline(app, TimelineEntry.Kind.SUPPLEMENT_RECEIVED, on)
    audit.record(
        app, "foi.supplement_received", actor=by, from_state=old, to_state=app.status
    )
    transaction.on_commit(lambda: _notify_assignee(app.pk, "申请人已提交补正材料"))
    return app


@transaction.atomic
def abandon_without_supplement(
    app: Application, *, by: User, today: date | None = None
) -> Application:
    """第三十条「申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理」."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.AWAITING_SUPPLEMENT)
    today = today or _today()
    if today <= app.supplement.deadline:
        raise ActionError("补正期限尚未届满。")
    _close(app, ResultCode.OTHER_NO_SUPPLEMENT, today, by, reasons="")
    return app


# --- 征求意见 (第三十二条、第三十四条) ------------------------------------------------


@transaction.atomic
def start_consultation(
    app: Application,
    *,
    by: User,
    party: str,
    party_name: str,
    matter: str,
    party_address: str = "",
    sent_on: date | None = None,
) -> Consultation:
    """Send a 征求意见函; the answer period stops until the reply or the 15 working
    days of the consulted party run out (第三十三条第三款)."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.RECEIVED, Status.CONSULTING)
    sent_on = sent_on or _today()
    if party not in Consultation.Party.values:
        raise ActionError("请选择征求意见的对象类型。")
    if not party_name.strip() or not matter.strip():
        raise ActionError("请填写被征求意见方和征求意见事项。")
    if app.received_date and sent_on < app.received_date:
        raise ActionError("发函日期不能早于收到申请之日。")
    reply_due, _ = foi_clock.consultation_reply_due(
        clock.calendar_for(app.agency), sent_on
    )
    consultation = Consultation.objects.create(
        application=app,
        party=party,
        party_name=party_name,
        party_address=party_address,
        matter=matter,
        sent_on=sent_on,
        reply_due=reply_due,
    )
    _event(
        app,
        ClockEvent.Kind.PAUSE_STARTED,
        sent_on,
        by,
        key=f"consultation-{consultation.pk}",
    )
    old = _set_status(app, Status.CONSULTING)
    _refresh_clock(app)
    app.save()
    letter = _issue_letter(
        app,
        Letter.Kind.CONSULTATION,
        sent_on,
        by,
        {
            "party": party,
            "party_name": party_name,
            "party_address": party_address,
            "matter": matter,
            "reply_due": reply_due.isoformat(),
        },
    )
    consultation.letter = letter
    consultation.save(update_fields=["letter"])
    _timeline(
        app,
        TimelineEntry.Kind.CONSULTATION,
        sent_on,
        "征求意见所需时间不计算在答复期限内。",
    )
    audit.record(
        app,
        "foi.consultation_started",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={"party": party, "consultation": consultation.pk},
    )
    return consultation


@transaction.atomic
def record_consultation_reply(
    consultation: Consultation,
    *,
    by: User,
    opinion: str,
    text: str = "",
    on: date | None = None,
    public_interest_override: bool = False,
) -> Consultation:
    """The consulted party's opinion, or its silence once its 15 working days are
    over. A silent agency is deemed to consent (第三十四条); a silent third party
    leaves the decision to the agency (第三十二条)."""
    app = _lock(consultation.application)
    _require_role(by, app.agency, *HANDLERS)
    if not consultation.is_open:
        raise ActionError("该征求意见已有结果。")
    on = on or _today()
    if opinion not in (
        Consultation.Opinion.CONSENT,
        Consultation.Opinion.OBJECT,
        Consultation.Opinion.SILENT,
    ):
        raise ActionError("请选择意见。")
    if on < consultation.sent_on:
        raise ActionError("收到意见的日期不能早于发函日期。")
    if opinion == Consultation.Opinion.SILENT and on <= consultation.reply_due:
        raise ActionError(
            f"意见期限（{letters.cn_date(consultation.reply_due)}）尚未届满，不能按逾期未提出意见处理。"
        )
    if public_interest_override and not (
        consultation.party == Consultation.Party.THIRD_PARTY
        and opinion == Consultation.Opinion.OBJECT
    ):
        raise ActionError("只有第三方不同意公开时才需要公共利益衡量。")
    consultation.opinion = opinion
    consultation.opinion_text = text
    consultation.replied_on = on
    consultation.public_interest_override = public_interest_override
    consultation.save()
    _event(
        app, ClockEvent.Kind.PAUSE_ENDED, on, by, key=f"consultation-{consultation.pk}"
    )
    old = app.status
    if not app.consultations.filter(replied_on__isnull=True).exists():
        _set_status(app, Status.RECEIVED)
        _timeline(app, TimelineEntry.Kind.CONSULTATION_DONE, on)
    _refresh_clock(app)
    app.save()
    audit.record(
        app,
        "foi.consultation_replied",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={
            "consultation": consultation.pk,
            "opinion": opinion,
            "deemed_consent": consultation.deemed_consent,
            "public_interest_override": public_interest_override,
        },
    )
    return consultation


# --- 延期 (第三十三条第二款) and 第三十五条 -------------------------------------------


@transaction.atomic
def extend(
    app: Application, *, by: User, days: int, reason: str, today: date | None = None
) -> Application:
    """延长答复期限: approved by the head of the office (an approver) and notified to
    the applicant in the same step; once, at most 20 working days."""
    _lock(app)
    _require_role(by, app.agency, *SIGNERS)
    _require_status(app, Status.RECEIVED, Status.CONSULTING, Status.AWAITING_FEE)
    today = today or _today()
    if not reason.strip():
        raise ActionError("请写明延期理由。")
    try:
        foi_clock.check_extension(
            clock.events_of(app), days, today, clock.calendar_for(app.agency)
        )
    except ClockError as exc:
        raise ActionError(str(exc)) from exc
    old_due = app.due_date
    _event(app, ClockEvent.Kind.EXTENDED, today, by, days=days, note=reason)
    _refresh_clock(app)
    app.save()
    _issue_letter(
        app,
        Letter.Kind.EXTENSION,
        today,
        by,
        {
            "days": days,
            "reason": reason,
            "old_due": old_due.isoformat() if old_due else "",
            "new_due": app.due_date.isoformat() if app.due_date else "",
        },
    )
    _timeline(app, TimelineEntry.Kind.EXTENDED, today, f"延长{days}个工作日")
    audit.record(
        app,
        "foi.extended",
        actor=by,
        reason=reason,
        data={
            "days": days,
            "approved_by": by.pk,
            "old_due": str(old_due),
            "new_due": str(app.due_date),
        },
    )
    return app


@transaction.atomic
def request_reasons(
    app: Application, *, by: User, note: str, today: date | None = None
) -> Application:
    """第三十五条: ask the applicant to explain an application whose volume or
    frequency is clearly beyond a reasonable range."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.RECEIVED)
    today = today or _today()
    _issue_letter(app, Letter.Kind.REASON, today, by, {"note": note})
    _timeline(app, TimelineEntry.Kind.REASON_REQUESTED, today)
    audit.record(app, "foi.reasons_requested", actor=by, reason=note)
    return app


@transaction.atomic
def defer(
    app: Application, *, by: User, until: date, reason: str, today: date | None = None
) -> Application:
    """第三十五条: reasons accepted but the Art. 33 limits cannot be met — a later,
    reasonable deadline, told to the applicant."""
    _lock(app)
    _require_role(by, app.agency, *SIGNERS)
    _require_status(app, Status.RECEIVED, Status.CONSULTING)
    today = today or _today()
    if not reason.strip():
        raise ActionError("请写明延迟答复的理由。")
    if app.due_date and until <= app.due_date:
        raise ActionError("延迟答复期限应晚于现有答复期限。")
    if not app.letters.filter(kind=Letter.Kind.REASON).exists():
        raise ActionError("确定延迟答复期限前，应先要求申请人说明理由（第三十五条）。")
    _event(app, ClockEvent.Kind.DEFERRED, today, by, until=until, note=reason)
    _refresh_clock(app)
    app.save()
    _issue_letter(
        app,
        Letter.Kind.DEFERRAL,
        today,
        by,
        {"until": until.isoformat(), "reason": reason},
    )
    _timeline(
        app,
        TimelineEntry.Kind.DEFERRED,
        today,
        f"答复期限确定为{letters.cn_date(until)}",
    )
    audit.record(
        app, "foi.deferred", actor=by, reason=reason, data={"until": until.isoformat()}
    )
    return app


# --- 信息处理费 (国办函〔2020〕109号) -----------------------------------------------


def fee_quote(
    app: Application,
    basis: str,
    *,
    pages: int = 0,
    count: int = 1,
    today: date | None = None,
) -> fee_rules.FeeQuote:
    """The fee this application would carry on `basis`; per-application fees count
    the applicant's earlier applications to the agency this calendar month."""
    today = today or _today()
    day = app.received_date or today
    prior = count_by_applicant_in_month(app.agency_id, app.applicant_key, day) - 1
    return fee_rules.quote(
        fee_rules.Basis(basis), pages=pages, prior_in_month=max(prior, 0), count=count
    )


@transaction.atomic
def issue_fee_notice(
    app: Application,
    *,
    by: User,
    basis: str,
    pages: int = 0,
    count: int = 1,
    today: date | None = None,
) -> FeeNotice:
    """收费通知: the answer period stops until payment; unpaid after 20 working days
    the application is treated as abandoned."""
    _lock(app)
    _require_role(by, app.agency, *SIGNERS)
    _require_status(app, Status.RECEIVED)
    today = today or _today()
    if basis not in FeeNotice.Basis.values:
        raise ActionError("请选择按件或按量计收。")
    if app.fee_notices.filter(paid_on__isnull=True, lapsed=False).exists():
        raise ActionError("已有未处理的收费通知。")
    quote = fee_quote(app, basis, pages=pages, count=count, today=today)
    if quote.amount <= 0:
        raise ActionError("按所选标准计算不需收费（未超过免费数量）。")
    pay_by, _ = foi_clock.fee_payment_due(clock.calendar_for(app.agency), today)
    notice = FeeNotice.objects.create(
        application=app,
        basis=basis,
        quantity=quote.quantity,
        amount=quote.amount,
        notified_on=today,
        pay_by=pay_by,
    )
    _event(app, ClockEvent.Kind.PAUSE_STARTED, today, by, key=f"fee-{notice.pk}")
    old = _set_status(app, Status.AWAITING_FEE)
    _refresh_clock(app)
    app.save()
    _issue_letter(
        app,
        Letter.Kind.FEE,
        today,
        by,
        {
            "basis": basis,
            "quantity": quote.quantity,
            "amount": quote.amount,
            "pay_by": pay_by.isoformat(),
        },
    )
    _timeline(
        app,
        TimelineEntry.Kind.FEE_NOTICE,
        today,
        f"金额{quote.amount}元，缴费期限{letters.cn_date(pay_by)}",
    )
    audit.record(
        app,
        "foi.fee_notice",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={"basis": basis, "amount": quote.amount},
    )
    return notice


@transaction.atomic
def record_payment(notice: FeeNotice, *, by: User, on: date | None = None) -> FeeNotice:
    app = _lock(notice.application)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.AWAITING_FEE)
    on = on or _today()
    if notice.paid_on or notice.lapsed:
        raise ActionError("该收费通知已处理。")
    if on > notice.pay_by:
        raise ActionError("已超过缴费期限。")
    if on < notice.notified_on:
        raise ActionError("缴费日期不能早于通知日期。")
    notice.paid_on = on
    notice.save(update_fields=["paid_on"])
    _event(app, ClockEvent.Kind.PAUSE_ENDED, on, by, key=f"fee-{notice.pk}")
    old = _set_status(app, Status.RECEIVED)
    _refresh_clock(app)
    app.save()
    _timeline(app, TimelineEntry.Kind.FEE_PAID, on)
    audit.record(
        app,
        "foi.fee_paid",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={"amount": notice.amount},
    )
    return notice


@transaction.atomic
def lapse_fee(notice: FeeNotice, *, by: User, today: date | None = None) -> Application:
    """Unpaid by the deadline: 视为放弃申请 (annual report 其他处理 2)."""
    app = _lock(notice.application)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.AWAITING_FEE)
    today = today or _today()
    if today <= notice.pay_by:
        raise ActionError("缴费期限尚未届满。")
    notice.lapsed = True
    notice.save(update_fields=["lapsed"])
    _event(app, ClockEvent.Kind.PAUSE_ENDED, today, by, key=f"fee-{notice.pk}")
    _close(app, ResultCode.OTHER_FEE_UNPAID, today, by, reasons="")
    return app


# --- 答复 (第三十六条至第四十条) ---------------------------------------------------


@transaction.atomic
def draft_reply(
    app: Application,
    *,
    by: User,
    result: str,
    reasons: str = "",
    provision: str = "",
    other_agency: str = "",
) -> Reply:
    """The 经办人's proposed decision; nothing reaches the applicant until signed."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.RECEIVED)
    if app.kind != Application.Kind.DISCLOSURE:
        raise ActionError("更正申请请使用“更正处理结果”。")
    code = ResultCode(result) if result in ResultCode.__members__.values() else None
    if code is None or code in (
        ResultCode.OTHER_NO_SUPPLEMENT,
        ResultCode.OTHER_FEE_UNPAID,
    ):
        raise ActionError(
            "请选择有效的答复类型（逾期不补正、逾期未缴费由专门操作办结）。"
        )
    if code in letters.REASONS_REQUIRED and not reasons.strip():
        raise ActionError("该答复类型须说明理由。")
    if code in (ResultCode.GRANTED, ResultCode.PARTIAL) and not provision.strip():
        raise ActionError("请写明信息的提供方式（第四十条）。")
    if (
        code is ResultCode.UNABLE_STILL_UNCLEAR
        and not Supplement.objects.filter(
            application=app, answered_on__isnull=False
        ).exists()
    ):
        raise ActionError("“补正后申请内容仍不明确”仅适用于已补正的申请。")
    reply, _ = Reply.objects.update_or_create(
        application=app,
        defaults={
            "result": code.value,
            "reasons": reasons,
            "provision": provision,
            "other_agency": other_agency,
            "drafted_by": by,
            "signed_by": None,
            "signed_on": None,
        },
    )
    audit.record(app, "foi.reply_drafted", actor=by, data={"result": code.value})
    return reply


@transaction.atomic
def sign_reply(app: Application, *, by: User, today: date | None = None) -> Letter:
    """审核签发: the decision takes effect, the 答复书 is numbered and issued."""
    _lock(app)
    _require_role(by, app.agency, *SIGNERS)
    _require_status(app, Status.RECEIVED)
    today = today or _today()
    reply = Reply.objects.filter(application=app).first()
    if reply is None:
        raise ActionError("尚无拟办答复，请经办人先拟写答复。")
    if app.received_date and today < app.received_date:
        raise ActionError("答复日期不能早于收到申请之日。")
    letter = _close(
        app, ResultCode(reply.result), today, by, reasons=reply.reasons, reply=reply
    )
    reply.signed_by = by
    reply.signed_on = today
    reply.letter = letter
    reply.save(update_fields=["signed_by", "signed_on", "letter"])
    return letter


def _close(
    app: Application,
    code: ResultCode,
    on: date,
    by: User | None,
    *,
    reasons: str,
    reply: Reply | None = None,
) -> Letter:
    """Record the one final result, stop the clock and issue the letter."""
    if reply is None:
        reply, _ = Reply.objects.update_or_create(
            application=app,
            defaults={
                "result": code.value,
                "reasons": reasons,
                "drafted_by": by,
                "signed_by": by,
                "signed_on": on,
            },
        )
    _event(app, ClockEvent.Kind.CLOSED, on, by)
    old = _set_status(
        app,
        Status.CLOSED
        if code
        in (
            ResultCode.OTHER_NO_SUPPLEMENT,
            ResultCode.OTHER_FEE_UNPAID,
            ResultCode.OTHER,
        )
        else Status.REPLIED,
    )
    app.result = code.value
    app.replied_date = on
    _refresh_clock(app)
    app.save()
    letter = _issue_letter(
        app,
        Letter.Kind.REPLY,
        on,
        by,
        {
            "result": code.value,
            "reasons": reply.reasons,
            "provision": reply.provision,
            "other_agency": reply.other_agency,
        },
    )
    if reply.letter_id is None:
        reply.letter = letter
        reply.save(update_fields=["letter"])
    _timeline(
        app,
        TimelineEntry.Kind.ANSWERED
        if app.status == Status.REPLIED
        else TimelineEntry.Kind.CLOSED,
        on,
    )
    audit.record(
        app,
        "foi.answered",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={
            "result": code.value,
            "due_date": str(app.due_date),
            "on_time": app.due_date is None or on <= app.due_date,
        },
    )
    return letter


@transaction.atomic
def withdraw(
    app: Application, *, by: User, reason: str, today: date | None = None
) -> Application:
    """The applicant withdraws (recorded by staff): 其他处理 3."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, *Application.OPEN_STATUSES)
    if app.kind != Application.Kind.DISCLOSURE:
        raise ActionError("更正申请请使用“更正处理结果”。")
    _close(
        app,
        ResultCode.OTHER,
        today or _today(),
        by,
        reasons=reason or "申请人撤回申请。",
    )
    return app


@transaction.atomic
def record_correction_outcome(
    app: Application, *, by: User, outcome: str, note: str, today: date | None = None
) -> Application:
    """条例第四十一条: correct the applicant's own records, forward or refer."""
    _lock(app)
    _require_role(by, app.agency, *SIGNERS)
    _require_status(app, *Application.OPEN_STATUSES)
    if app.kind != Application.Kind.CORRECTION:
        raise ActionError("只有更正申请才能记录更正处理结果。")
    if outcome not in Application.CorrectionOutcome.values:
        raise ActionError("请选择处理结果。")
    today = today or _today()
    _event(app, ClockEvent.Kind.CLOSED, today, by)
    old = _set_status(app, Status.CLOSED)
    app.correction_outcome = outcome
    app.replied_date = today
    _refresh_clock(app)
    app.save()
    _timeline(app, TimelineEntry.Kind.CLOSED, today, note)
    audit.record(
        app,
        "foi.correction_decided",
        actor=by,
        from_state=old,
        to_state=app.status,
        reason=note,
        data={"outcome": outcome},
    )
    return app


@transaction.atomic
def mark_delivered(
    app: Application, *, by: User, on: date | None = None, method: str = ""
) -> Application:
    """送达: remedies run from here."""
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.REPLIED)
    on = on or _today()
    if app.replied_date and on < app.replied_date:
        raise ActionError("送达日期不能早于答复日期。")
    old = _set_status(app, Status.DELIVERED)
    app.delivered_date = on
    app.save(update_fields=["status", "delivered_date"])
    _timeline(app, TimelineEntry.Kind.DELIVERED, on, method)
    audit.record(
        app,
        "foi.delivered",
        actor=by,
        from_state=old,
        to_state=app.status,
        data={"method": method},
    )
    return app


@transaction.atomic
def add_released_file(
    app: Application, *, by: User, upload: UploadedFile
) -> ReleasedFile:
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.RECEIVED, Status.REPLIED, Status.DELIVERED)
    checked = check_upload(upload, allowed=DOCUMENT_TYPES)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    released = ReleasedFile(
        application=app,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    released.file.save(checked.storage_name, upload, save=False)
    released.save()
    audit.record(
        app,
        "foi.file_released",
        actor=by,
        data={"file": released.pk, "name": checked.name},
    )
    return released


# --- 行政复议、行政诉讼 -------------------------------------------------------------


@transaction.atomic
def record_remedy(
    app: Application,
    *,
    by: User,
    kind: str,
    body: str,
    filed_date: date,
    case_number: str = "",
) -> Remedy:
    _lock(app)
    _require_role(by, app.agency, *HANDLERS)
    _require_status(app, Status.REPLIED, Status.DELIVERED, Status.CLOSED)
    if kind not in Remedy.Kind.values:
        raise ActionError("请选择复议或诉讼类型。")
    if app.replied_date and filed_date < app.replied_date:
        raise ActionError("申请或立案日期不能早于答复日期。")
    if filed_date > _today():
        raise ActionError("申请或立案日期不能晚于今天。")
    if not body.strip():
        raise ActionError("请填写复议机关或人民法院。")
    remedy = Remedy.objects.create(
        application=app,
        kind=kind,
        body=body,
        filed_date=filed_date,
        case_number=case_number,
        recorded_by=by,
    )
    audit.record(
        app, "foi.remedy_filed", actor=by, data={"remedy": remedy.pk, "kind": kind}
    )
    return remedy


@transaction.atomic
def decide_remedy(
    remedy: Remedy, *, by: User, outcome: str, decided_date: date | None, note: str = ""
) -> Remedy:
    app = _lock(remedy.application)
    _require_role(by, app.agency, *HANDLERS)
    if outcome not in Remedy.Outcome.values:
        raise ActionError("请选择结果。")
    if outcome == Remedy.Outcome.PENDING:
        decided_date = None
    elif decided_date is None or decided_date < remedy.filed_date:
        raise ActionError("请填写不早于立案日期的审结日期。")
    old = remedy.outcome
    remedy.outcome = outcome
    remedy.decided_date = decided_date
    remedy.note = note
    remedy.save(update_fields=["outcome", "decided_date", "note"])
    audit.record(
        app,
        "foi.remedy_decided",
        actor=by,
        from_state=old,
        to_state=outcome,
        data={"remedy": remedy.pk},
    )
    return remedy


# --- 第四十四条: repeated requests → proactive disclosure -----------------------------


@transaction.atomic
def propose_for_publication(
    agency: Agency, *, by: User, case_ids: list[int], title: str
) -> Any:
    """Start a draft in the publishing workflow for information several applicants
    asked for (第四十四条第一款「可以纳入主动公开的范围」)."""
    _require_role(by, agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    cases = list(
        Application.objects.select_for_update().filter(agency=agency, pk__in=case_ids)
    )
    if len(cases) != len(set(case_ids)) or not cases:
        raise ActionError("所选申请不存在。")
    if any(c.proposed_for_publication for c in cases):
        raise ActionError("这些申请所涉信息已提出主动公开。")
    doc_number = next((c.info_doc_number for c in cases if c.info_doc_number), "")
    numbers = "、".join(c.tracking_number for c in cases)
    document = create_document(
        agency=agency,
        by=by,
        title=title or cases[0].info_title,
        doc_number=doc_number,
        source=agency.name,
        body_html=f"<p>本信息因多个申请人申请公开（{numbers}），依据《中华人民共和国政府信息公开条例》第四十四条纳入主动公开范围。</p>",
    )
    for case in cases:
        case.proposed_for_publication = True
        case.save(update_fields=["proposed_for_publication"])
        audit.record(
            case,
            "foi.proposed_for_publication",
            actor=by,
            data={"document": document.pk},
        )
    return document


# --- calendar changes --------------------------------------------------------------


@transaction.atomic
def recompute_due_date(
    app: Application, *, reason: str, calendar: foi_clock.Calendar | None = None
) -> tuple[date | None, date | None]:
    """Replay the ledger against the current calendar; log and notify if it moved."""
    _lock(app)
    old_due, old_prov = app.due_date, app.due_provisional
    _refresh_clock(app, calendar)
    if (old_due, old_prov) == (app.due_date, app.due_provisional):
        app.save(update_fields=["clock_years"])
        return old_due, app.due_date
    app.save(update_fields=["due_date", "due_provisional", "clock_years"])
    audit.record(
        app,
        "foi.due_recomputed",
        actor=None,
        reason=reason,
        data={
            "old_due": str(old_due),
            "new_due": str(app.due_date),
            "provisional": app.due_provisional,
        },
    )
    if old_due != app.due_date:
        _timeline(
            app,
            TimelineEntry.Kind.DUE_RECOMPUTED,
            _today(),
            f"答复期限由{letters.cn_date(old_due)}调整为{letters.cn_date(app.due_date)}",
        )
        if app.assigned_to_id:
            Notification.objects.create(
                user_id=app.assigned_to_id,
                message=f"{app.tracking_number} 答复期限因工作日历调整由 {old_due} 改为 {app.due_date}",
                url=app.get_absolute_url(),
            )
    return old_due, app.due_date


# --- notifications (after commit) -----------------------------------------------------


def _notify_agency_new(pk: int) -> None:
    app = Application.objects.select_related("agency").get(pk=pk)
    for user in User.objects.filter(
        memberships__agency=app.agency, memberships__role__in=HANDLERS
    ).distinct():
        Notification.objects.create(
            user=user,
            message=f"新的网上申请 {app.tracking_number} 待确认收到",
            url=app.get_absolute_url(),
        )


def _notify_assignee(pk: int, message: str) -> None:
    app = Application.objects.get(pk=pk)
    if app.assigned_to_id:
        Notification.objects.create(
            user_id=app.assigned_to_id,
            message=f"{app.tracking_number} {message}",
            url=app.get_absolute_url(),
        )


def validation_message(exc: ValidationError) -> str:
    return "；".join(exc.messages)


# --- reminders ------------------------------------------------------------------------


def _recipients(app: Application) -> list[User]:
    if app.assigned_to_id and app.assigned_to.is_active:
        return [app.assigned_to]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__agency=app.agency,
            memberships__role__in=HANDLERS,
        ).distinct()
    )


def _remind(app: Application, kind: str, due: date, message: str) -> bool:
    with transaction.atomic():
        _, created = Reminder.objects.get_or_create(
            application=app, kind=kind, due_date=due
        )
        if not created:
            return False
        users = _recipients(app)
        for user in users:
            Notification.objects.create(
                user=user, message=message, url=app.get_absolute_url()
            )
        emails = [u.email for u in users if u.email]
        if emails:
            transaction.on_commit(
                lambda: send_mail(
                    f"[依申请公开] {message}",
                    f"{message}\n\n{settings.SITE_URL}{app.get_absolute_url()}",
                    None,
                    emails,
                    fail_silently=True,
                )
            )
    return True


def send_deadline_reminders(today: date | None = None) -> dict[str, int]:
    """Notify handlers of cases due within 3 working days, overdue cases and lapsed
    applicant or consulted-party periods. Each (case, kind, date) is sent once."""
    today = today or _today()
    counts = dict.fromkeys(Reminder.Kind.values, 0)
    for app in (
        Application.objects.filter(status__in=Application.OPEN_STATUSES)
        .select_related("agency", "assigned_to")
        .order_by("pk")
        .iterator()
    ):
        if app.due_date is not None:
            if app.due_date < today:
                counts["overdue"] += _remind(
                    app,
                    Reminder.Kind.OVERDUE,
                    app.due_date,
                    f"{app.tracking_number} 已超过答复期限（{app.due_date}）",
                )
            else:
                soon, _ = clock.add_workdays(app.agency, today, 3)
                if app.due_date <= soon:
                    counts["due_soon"] += _remind(
                        app,
                        Reminder.Kind.DUE_SOON,
                        app.due_date,
                        f"{app.tracking_number} 将于 {app.due_date} 到期",
                    )
        if (
            app.status == Status.AWAITING_SUPPLEMENT
            and app.supplement_deadline
            and app.supplement_deadline < today
        ):
            counts["supplement_lapsed"] += _remind(
                app,
                Reminder.Kind.SUPPLEMENT_LAPSED,
                app.supplement_deadline,
                f"{app.tracking_number} 补正期限已过，请确认是否视为放弃申请",
            )
        if app.status == Status.CONSULTING:
            for c in app.consultations.filter(
                replied_on__isnull=True, reply_due__lt=today
            ):
                counts["consultation_lapsed"] += _remind(
                    app,
                    Reminder.Kind.CONSULTATION_LAPSED,
                    c.reply_due,
                    f"{app.tracking_number} 征求{c.party_name}意见的期限已过，请登记结果",
                )
        if app.status == Status.AWAITING_FEE:
            for n in app.fee_notices.filter(
                paid_on__isnull=True, lapsed=False, pay_by__lt=today
            ):
                counts["fee_lapsed"] += _remind(
                    app,
                    Reminder.Kind.FEE_LAPSED,
                    n.pay_by,
                    f"{app.tracking_number} 缴费期限已过，请确认是否视为放弃申请",
                )
    return counts
