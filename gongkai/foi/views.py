"""依申请公开 pages: the applicant site under /foi/ and the staff console under
/foi/staff/. Views parse, check access, call an action and render or redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.core.access import staff_required
from gongkai.core.models import Agency
from gongkai.foi import access, actions, clock, forms, letters, queries
from gongkai.foi.actions import ActionError
from gongkai.foi.models import Application, Letter, Reply
from gongkai.publishing.actions import WorkflowError

SUBMITTED_KEY = "foi_just_submitted"


# --- applicant site ------------------------------------------------------------------


def _bound(request: HttpRequest) -> tuple[Any, Any]:
    """Form data for a POST even when it is empty (an empty POST is an error to
    report, not a blank form)."""
    if request.method == "POST":
        return request.POST, request.FILES
    return None, None


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "foi/index.html", {"track_form": forms.TrackForm()})


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("agency", "").isdigit():
        initial["agency"] = int(request.GET["agency"])
    form = forms.ApplicationForm(*_bound(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        agency = Agency.objects.filter(pk=form.cleaned_data["agency"]).first()
        key = form.cleaned_data["submission"] or None
        if agency is None:
            form.add_error("agency", "请选择受理机关。")
        else:
            try:
                submitted = actions.submit_online(
                    agency,
                    form.cleaned_data,
                    id_proof=form.cleaned_data["id_proof_upload"],
                    submission_key=key,
                )
            except actions.DuplicateSubmission as dup:
                try:
                    return _sent_again(request, dup.application, key or "")
                except ActionError as exc:
                    form.add_error(None, str(exc))
            except (ActionError, ValidationError) as exc:
                form.add_error(None, str(exc) if isinstance(exc, ActionError) else exc)
            else:
                _show_code_once(request, submitted.application, submitted.access_code)
                return redirect("foi:submitted")
    status = 400 if request.method == "POST" else 200
    return render(request, "foi/apply.html", {"form": form}, status=status)


def _show_code_once(
    request: HttpRequest, app: Application, code: str, *, reissued: bool = False
) -> None:
    request.session[SUBMITTED_KEY] = {
        "tracking": app.tracking_number,
        "code": code,
        "reissued": reissued,
    }
    access.grant_applicant(request.session, app)


def _sent_again(request: HttpRequest, app: Application, key: str) -> HttpResponse:
    """The same form arrived twice. If this browser has not been shown the code yet
    it is shown now; if it has, the case page opens; a browser that lost the first
    answer (a double click) gets a fresh code. No second case either way."""
    pending = request.session.get(SUBMITTED_KEY) or {}
    if pending.get("tracking") == app.tracking_number:
        return redirect("foi:submitted")
    if app.tracking_number in request.session.get(access.SESSION_KEY, []):
        messages.info(request, "该申请已提交，未重复提交。")
        return redirect("foi:case", app.tracking_number)
    code = actions.reset_access_code(app, by=None, submission_key=key)
    _show_code_once(request, app, code, reissued=True)
    return redirect("foi:submitted")


@never_cache
def submitted(request: HttpRequest) -> HttpResponse:
    """The access code is shown once; a reload shows only the tracking number."""
    data = request.session.pop(SUBMITTED_KEY, None)
    if data is None:
        granted = request.session.get(access.SESSION_KEY, [])
        if granted:
            messages.info(
                request,
                "查询码只在提交后显示一次。本浏览器仍可查看刚提交的申请；换用其他设备时需要查询码。",
            )
            return redirect("foi:case", granted[-1])
        return redirect("foi:track")
    app = (
        Application.objects.select_related("agency")
        .filter(tracking_number=data.get("tracking"))
        .first()
    )
    if app is None:
        return redirect("foi:track")
    return render(request, "foi/submitted.html", {**data, "app": app})


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = forms.TrackForm(*_bound(request)[:1])
    if request.method == "POST" and form.is_valid():
        client = access.client_key(request.META.get("REMOTE_ADDR", ""))
        app = access.lookup_for_applicant(
            form.cleaned_data["tracking_number"],
            form.cleaned_data["access_code"],
            client,
        )
        if app is not None:
            access.grant_applicant(request.session, app)
            return redirect("foi:case", app.tracking_number)
        form.add_error(
            None, "申请编号或查询码不正确，或尝试次数过多。请核对后重试，或稍后再试。"
        )
    status = 400 if request.method == "POST" else 200
    ctx = {
        "form": form,
        "max_failures": access.MAX_FAILURES_PER_CASE,
        "window_minutes": int(access.FAILURE_WINDOW.total_seconds() // 60),
    }
    return render(request, "foi/track.html", ctx, status=status)


def _clock_context(app: Application) -> dict[str, Any]:
    """The deadline, its steps and how far today is from it, in working days."""
    result = clock.compute_for(app)
    today = timezone.localdate()
    left = over = None
    if app.is_open and result.due_date is not None:
        if result.due_date >= today:
            left = clock.workdays_between(app.agency, today, result.due_date)
        else:
            over = clock.workdays_between(app.agency, result.due_date, today)
    return {
        "clock": result,
        "clock_today": today,
        "workdays_left": left,
        "workdays_over": over,
    }


def _applicant_case_context(app: Application) -> dict[str, Any]:
    answered = app.status in Application.ANSWERED_STATUSES
    reply_letter = (
        app.letters.filter(kind=Letter.Kind.REPLY).order_by("-issued_on", "-pk").first()
        if answered
        else None
    )
    return {
        "app": app,
        "Status": Application.Status,
        "timeline": app.timeline.all(),
        "letters": app.letters.filter(to_applicant=True),
        "files": app.released_files.all()
        if app.status in (Application.Status.REPLIED, Application.Status.DELIVERED)
        else [],
        "supplement": getattr(app, "supplement", None)
        if app.status == Application.Status.AWAITING_SUPPLEMENT
        else None,
        "remedy_text": letters.remedy_paragraph(reply_letter.context)
        if reply_letter is not None and "review_body" in reply_letter.context
        else "",
        **_clock_context(app),
    }


@never_cache
def case(request: HttpRequest, tracking: str) -> HttpResponse:
    app = access.get_application_for_applicant(request.session, tracking)
    ctx = {
        **_applicant_case_context(app),
        "supplement_form": forms.SupplementAnswerForm(),
    }
    return render(request, "foi/case.html", ctx)


@never_cache
@require_http_methods(["GET", "POST"])
def answer_supplement(request: HttpRequest, tracking: str) -> HttpResponse:
    app = access.get_application_for_applicant(request.session, tracking)
    if request.method == "GET":
        return redirect(reverse("foi:case", args=[tracking]) + "#supplement")
    form = forms.SupplementAnswerForm(request.POST)
    if form.is_valid():
        try:
            actions.receive_supplement(app, answer=form.cleaned_data["answer"])
        except ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                "补正材料已提交。答复期限自今日起重新计算，新的期限见下方“答复期限”。",
            )
            return redirect("foi:case", tracking)
    app.refresh_from_db()
    ctx = {**_applicant_case_context(app), "supplement_form": form}
    if ctx["supplement"] is None:
        ctx["supplement"] = getattr(app, "supplement", None)
    return render(request, "foi/case.html", ctx, status=400)


def _letter_response(
    letter: Letter, fmt: str, request: HttpRequest, *, staff: bool = False
) -> HttpResponse:
    doc = letters.render(letter)
    if fmt == "docx":
        response = HttpResponse(
            letters.to_docx(doc),
            content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        )
        name = f"{letter.application.tracking_number}-{letter.kind}-{letter.pk}.docx"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    app = letter.application
    if staff:
        back = reverse("foi:staff-case", args=[app.pk])
        docx = reverse("foi:staff-letter", args=[letter.pk, "docx"])
    else:
        back = reverse("foi:case", args=[app.tracking_number])
        docx = reverse("foi:letter", args=[app.tracking_number, letter.pk, "docx"])
    return render(
        request,
        "foi/letter.html",
        {"doc": doc, "letter": letter, "back_url": back, "docx_url": docx},
    )


@never_cache
def applicant_letter(
    request: HttpRequest, tracking: str, pk: int, fmt: str
) -> HttpResponse:
    app = access.get_application_for_applicant(request.session, tracking)
    letter = app.letters.filter(pk=pk, to_applicant=True).first()
    if letter is None:
        raise Http404("未找到该文书")
    return _letter_response(letter, fmt, request)


@never_cache
def applicant_file(request: HttpRequest, tracking: str, pk: int) -> HttpResponse:
    app = access.get_application_for_applicant(request.session, tracking)
    if app.status not in (Application.Status.REPLIED, Application.Status.DELIVERED):
        raise Http404("未找到该文件")
    released = app.released_files.filter(pk=pk).first()
    if released is None:
        raise Http404("未找到该文件")
    return FileResponse(
        released.file.open("rb"), as_attachment=True, filename=released.original_name
    )


# --- staff console ---------------------------------------------------------------------


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    lookup = forms.CaseLookupForm(
        request.GET if request.GET.get("q", "").strip() else None
    )
    if lookup.is_bound and lookup.is_valid():
        number = lookup.cleaned_data["q"].strip().upper()
        found = access.cases_for_staff(request.user).filter(tracking_number=number)
        pk = found.values_list("pk", flat=True).first()
        if pk is not None:
            return redirect("foi:staff-case", pk)
        lookup.add_error("q", f"在您办理的机关中没有申请编号为 {number} 的申请。")
    agencies = list(access.foi_agencies(request.user))
    ids = [a.pk for a in agencies]
    today = timezone.localdate()
    due_soon_until = {a.pk: clock.add_workdays(a, today, 3)[0] for a in agencies}
    soon_limit = max(due_soon_until.values()) if due_soon_until else today
    due_soon = [
        c
        for c in queries.list_due_soon(today, soon_limit, ids)
        if c.due_date <= due_soon_until[c.agency_id]
    ]
    stats = [
        (
            a,
            queries.agency_stats(
                a.pk,
                today.year,
                today,
                lambda s, e, a=a: clock.workdays_between(a, s, e),
            ),
        )
        for a in agencies
    ]
    ctx = {
        "agencies": agencies,
        "unconfirmed": queries.list_unconfirmed(ids)[:100],
        "overdue": queries.list_overdue(today, ids)[:100],
        "due_soon": due_soon[:100],
        "awaiting_supplement": queries.list_by_status(
            Application.Status.AWAITING_SUPPLEMENT, ids
        )[:100],
        "consulting": queries.list_by_status(Application.Status.CONSULTING, ids)[:100],
        "awaiting_fee": queries.list_by_status(Application.Status.AWAITING_FEE, ids)[
            :100
        ],
        "in_progress": queries.list_by_status(Application.Status.RECEIVED, ids)[:200],
        "stats": stats,
        "today": today,
        "lookup": lookup,
    }
    return render(
        request, "foi/staff/home.html", ctx, status=400 if lookup.errors else 200
    )


@staff_required
@require_http_methods(["GET", "POST"])
def staff_register(request: HttpRequest) -> HttpResponse:
    agencies = list(access.foi_agencies(request.user))
    if not agencies:
        raise Http404("未找到页面")
    form = forms.RegisterForm(
        *_bound(request),
        agencies=agencies,
        initial={"received_on": timezone.localdate(), "agency": agencies[0].pk},
    )
    if request.method == "POST" and form.is_valid():
        agency = next(
            (a for a in agencies if a.pk == form.cleaned_data["agency"]), None
        )
        try:
            if agency is None:
                raise ActionError("请选择受理机关。")
            data = dict(form.cleaned_data)
            result = actions.register(
                agency,
                data,
                by=request.user,
                channel=data["channel"],
                received_on=data["received_on"],
                id_proof=data.get("id_proof_upload"),
                submission_key=data["submission"] or None,
            )
        except actions.DuplicateSubmission as dup:
            messages.info(
                request,
                f"该申请已登记为 {dup.application.tracking_number}，未重复登记。"
                "如需重新告知申请人查询码，请使用本页的“重置查询码”。",
            )
            return redirect("foi:staff-case", dup.application.pk)
        except ActionError as exc:
            form.add_error(None, str(exc))
        except ValidationError as exc:
            form.add_error("id_proof_upload", exc)
        else:
            return render(
                request,
                "foi/staff/registered.html",
                {"app": result.application, "code": result.access_code},
            )
    status = 400 if request.method == "POST" else 200
    return render(request, "foi/staff/register.html", {"form": form}, status=status)


def _staff_case_context(
    request: HttpRequest, app: Application, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    today = timezone.localdate()
    user = request.user
    bound = bound or {}

    def f(name: str, cls: Any, **kw: Any) -> Any:
        # Field ids carry the action's name: several forms on the page share
        # field names ("reason", "on") and a label must find its own input.
        return bound.get(name) or cls(auto_id=f"id_{name}_%s", **kw)

    reply = Reply.objects.filter(application=app).first()
    ctx = {
        "opts": access.staff_options(user, app, today),
        "reply_letter": app.letters.filter(kind=Letter.Kind.REPLY)
        .order_by("-issued_on", "-pk")
        .first(),
        "app": app,
        "events": app.clock_events.select_related("created_by"),
        "timeline": app.timeline.all(),
        "letters": app.letters.all(),
        "consultations": app.consultations.all(),
        "fee_notices": app.fee_notices.all(),
        "files": app.released_files.all(),
        "remedies": app.remedies.all(),
        "reply": reply,
        "is_signer": user.has_role(app.agency, *actions.SIGNERS),
        "today": today,
        "remedy_notice": letters.remedy_for(
            app.agency, app.result_code, app.replied_date or today
        ),
        "f_confirm": f("confirm", forms.ConfirmForm, initial={"on": today}),
        "f_assign": f(
            "assign",
            forms.AssignForm,
            agency=app.agency,
            initial={"to": app.assigned_to_id},
        ),
        "f_supplement": f("supplement", forms.SupplementForm),
        "f_supplement_answer": f("supplement_answer", forms.SupplementAnswerForm),
        "f_consult": f("consult", forms.ConsultationForm, initial={"sent_on": today}),
        "f_consult_reply": f(
            "consult_reply", forms.ConsultationReplyForm, initial={"on": today}
        ),
        "f_extend": f("extend", forms.ExtensionForm),
        "f_reasons": f("reasons", forms.ReasonForm),
        "f_defer": f("defer", forms.DeferForm),
        "f_fee": f("fee", forms.FeeForm),
        "f_fee_notice": f("fee_paid", forms.FeeNoticeForm, initial={"on": today}),
        "f_draft": f(
            "draft",
            forms.DraftReplyForm,
            initial={
                "result": reply.result,
                "reasons": reply.reasons,
                "provision": reply.provision,
                "other_agency": reply.other_agency,
            }
            if reply
            else None,
        ),
        "f_deliver": f("deliver", forms.DeliverForm, initial={"on": today}),
        "f_withdraw": f("withdraw", forms.WithdrawForm),
        "f_correction": f("correction", forms.CorrectionForm),
        "f_remedy": f(
            "remedy",
            forms.RemedyForm,
            initial={"body": letters.review_body(app.agency, today)[0]},
        ),
        "f_remedy_decision": f("remedy_decision", forms.RemedyDecisionForm),
        "f_release": f("release", forms.ReleaseFileForm),
        "Status": Application.Status,
        **_clock_context(app),
    }
    return ctx


@staff_required
def staff_case(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.get_application_for_staff(request.user, pk)
    return render(request, "foi/staff/case.html", _staff_case_context(request, app))


@staff_required
def staff_applicant(request: HttpRequest, pk: int) -> HttpResponse:
    """The applicant's personal data; each view is logged."""
    app = access.get_application_for_staff(request.user, pk)
    access.record_pii_view(request.user, app, "applicant_details")
    response = render(request, "foi/staff/applicant.html", {"app": app})
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def staff_id_proof(request: HttpRequest, pk: int) -> HttpResponse:
    app = access.get_application_for_staff(request.user, pk)
    if not app.id_proof:
        raise Http404("未上传身份证明")
    access.record_pii_view(request.user, app, "id_proof")
    response = FileResponse(
        app.id_proof.open("rb"),
        as_attachment=True,
        filename=app.id_proof_name or "身份证明",
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
def staff_letter(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    letter = access.get_letter_for_staff(request.user, pk)
    if letter.to_applicant:
        access.record_pii_view(request.user, letter.application, f"letter:{letter.pk}")
    return _letter_response(letter, fmt, request, staff=True)


@staff_required
def staff_file(request: HttpRequest, pk: int) -> HttpResponse:
    released = access.get_released_file_for_staff(request.user, pk)
    return FileResponse(
        released.file.open("rb"), as_attachment=True, filename=released.original_name
    )


Handler = Callable[[HttpRequest, Application, dict[str, Any]], str]


def _h_confirm(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.confirm_receipt(app, by=request.user, on=d["on"])
    return "已确认收到申请，答复期限开始计算。"


def _h_assign(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.assign(app, by=request.user, to=d["to"])
    return "已指定经办人。"


def _h_supplement(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.request_supplement(
        app, by=request.user, items=d["items"], deadline=d["deadline"]
    )
    return "已发出补正告知书。"


def _h_supplement_answer(
    request: HttpRequest, app: Application, d: dict[str, Any]
) -> str:
    actions.receive_supplement(app, answer=d["answer"], by=request.user)
    return "已登记补正材料，答复期限重新计算。"


def _h_abandon(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.abandon_without_supplement(app, by=request.user)
    return "申请人逾期未补正，已按视为放弃申请办结。"


def _h_consult(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.start_consultation(
        app,
        by=request.user,
        party=d["party"],
        party_name=d["party_name"],
        matter=d["matter"],
        party_address=d["party_address"],
        sent_on=d["sent_on"],
    )
    return "已发出征求意见函，答复期限暂停计算。"


def _h_consult_reply(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    consultation = _of_case(
        access.get_consultation_for_staff(request.user, d["consultation"]), app
    )
    actions.record_consultation_reply(
        consultation,
        by=request.user,
        opinion=d["opinion"],
        text=d["text"],
        on=d["on"],
        public_interest_override=d["public_interest_override"],
    )
    return "已登记征求意见结果。"


def _h_extend(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.extend(app, by=request.user, days=d["days"], reason=d["reason"])
    return "已批准延期并生成延期答复告知书。"


def _h_reasons(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.request_reasons(app, by=request.user, note=d["note"])
    return "已发出说明理由告知书。"


def _h_defer(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.defer(app, by=request.user, until=d["until"], reason=d["reason"])
    return "已确定延迟答复期限。"


def _h_fee(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.issue_fee_notice(
        app,
        by=request.user,
        basis=d["basis"],
        pages=d.get("pages") or 0,
        count=d.get("count") or 1,
    )
    return "已发出收费通知书，答复期限暂停计算。"


def _of_case(obj: Any, app: Application) -> Any:
    """A consultation, fee notice or remedy posted with this case's form: it must be
    this case's own, or the answer is the same 404 as for one that does not exist."""
    if obj.application_id != app.pk:
        raise Http404("未找到")
    return obj


def _notice(request: HttpRequest, app: Application, d: dict[str, Any]) -> Any:
    return _of_case(access.get_fee_notice_for_staff(request.user, d["notice"]), app)


def _h_fee_paid(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.record_payment(_notice(request, app, d), by=request.user, on=d.get("on"))
    return "已登记缴费，答复期限恢复计算。"


def _h_fee_lapsed(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.lapse_fee(_notice(request, app, d), by=request.user)
    return "申请人逾期未缴费，已按视为放弃申请办结。"


def _h_draft(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.draft_reply(
        app,
        by=request.user,
        result=d["result"],
        reasons=d["reasons"],
        provision=d["provision"],
        other_agency=d["other_agency"],
    )
    return "已保存拟办答复，待审核签发。"


def _h_sign(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    letter = actions.sign_reply(app, by=request.user)
    return f"已签发答复书 {letter.number}。"


def _h_deliver(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.mark_delivered(app, by=request.user, on=d["on"], method=d["method"])
    return "已登记送达。"


def _h_withdraw(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.withdraw(app, by=request.user, reason=d["reason"])
    return "已登记申请人撤回申请。"


def _h_correction(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.record_correction_outcome(
        app, by=request.user, outcome=d["outcome"], note=d["note"]
    )
    return "已登记更正处理结果。"


def _h_remedy(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.record_remedy(
        app,
        by=request.user,
        kind=d["kind"],
        body=d["body"],
        filed_date=d["filed_date"],
        case_number=d["case_number"],
    )
    return "已登记行政复议或行政诉讼。"


def _h_remedy_decision(
    request: HttpRequest, app: Application, d: dict[str, Any]
) -> str:
    remedy = _of_case(access.get_remedy_for_staff(request.user, d["remedy"]), app)
    actions.decide_remedy(
        remedy,
        by=request.user,
        outcome=d["outcome"],
        decided_date=d["decided_date"],
        note=d["note"],
    )
    return "已登记审结结果。"


def _h_release(request: HttpRequest, app: Application, d: dict[str, Any]) -> str:
    actions.add_released_file(app, by=request.user, upload=d["file"])
    return "已上传提供的信息文件。"


STAFF_ACTIONS: dict[str, tuple[Any, Handler]] = {
    "confirm": (forms.ConfirmForm, _h_confirm),
    "assign": (forms.AssignForm, _h_assign),
    "supplement": (forms.SupplementForm, _h_supplement),
    "supplement_answer": (forms.SupplementAnswerForm, _h_supplement_answer),
    "abandon": (None, _h_abandon),
    "consult": (forms.ConsultationForm, _h_consult),
    "consult_reply": (forms.ConsultationReplyForm, _h_consult_reply),
    "extend": (forms.ExtensionForm, _h_extend),
    "reasons": (forms.ReasonForm, _h_reasons),
    "defer": (forms.DeferForm, _h_defer),
    "fee": (forms.FeeForm, _h_fee),
    "fee_paid": (forms.FeeNoticeForm, _h_fee_paid),
    "fee_lapsed": (forms.FeeNoticeForm, _h_fee_lapsed),
    "draft": (forms.DraftReplyForm, _h_draft),
    "sign": (None, _h_sign),
    "deliver": (forms.DeliverForm, _h_deliver),
    "withdraw": (forms.WithdrawForm, _h_withdraw),
    "correction": (forms.CorrectionForm, _h_correction),
    "remedy": (forms.RemedyForm, _h_remedy),
    "remedy_decision": (forms.RemedyDecisionForm, _h_remedy_decision),
    "release": (forms.ReleaseFileForm, _h_release),
}


@staff_required
@require_http_methods(["GET", "POST"])
def staff_action(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    app = access.get_application_for_staff(request.user, pk)
    if name not in STAFF_ACTIONS:
        raise Http404("未找到该操作")
    if request.method == "GET":
        # e.g. after signing in again: the form lives on the case page.
        return redirect(reverse("foi:staff-case", args=[app.pk]) + f"#{name}")
    form_class, handler = STAFF_ACTIONS[name]
    if form_class is None:
        form = None
        data: dict[str, Any] = {}
    else:
        kwargs: dict[str, Any] = (
            {"agency": app.agency} if form_class is forms.AssignForm else {}
        )
        form = form_class(
            request.POST, request.FILES, auto_id=f"id_{name}_%s", **kwargs
        )
        data = form.cleaned_data if form.is_valid() else {}
    if form is None or form.is_valid():
        try:
            message = handler(request, app, data)
        except (ActionError, ValidationError) as exc:
            text = str(exc) if isinstance(exc, ActionError) else "；".join(exc.messages)
            if form is None:
                messages.error(request, text)
                return redirect("foi:staff-case", app.pk)
            form.add_error(None, text)
        else:
            messages.success(request, message)
            return redirect(reverse("foi:staff-case", args=[app.pk]) + f"#{name}")
    app.refresh_from_db()
    ctx = _staff_case_context(request, app, {name: form})
    ctx["failed_action"] = name
    row = ROW_KEYS.get(name)
    if row is not None and str(request.POST.get(row, "")).isdigit():
        ctx["failed_pk"] = int(request.POST[row])
    return render(request, "foi/staff/case.html", ctx, status=400)


# Actions on one row of a list (a consultation, fee notice, remedy): the hidden
# field that names the row, so a failed form reopens under the right row.
ROW_KEYS = {
    "consult_reply": "consultation",
    "fee_paid": "notice",
    "fee_lapsed": "notice",
    "remedy_decision": "remedy",
}


@staff_required
@require_http_methods(["GET", "POST"])
def staff_reset_code(request: HttpRequest, pk: int) -> HttpResponse:
    """A new access code for an applicant who lost it; shown once on this page."""
    app = access.get_application_for_staff(request.user, pk)
    if request.method == "GET":
        return redirect(reverse("foi:staff-case", args=[app.pk]) + "#reset_code")
    try:
        code = actions.reset_access_code(app, by=request.user)
    except ActionError as exc:
        messages.error(request, str(exc))
        return redirect("foi:staff-case", app.pk)
    response = render(
        request, "foi/staff/registered.html", {"app": app, "code": code, "reset": True}
    )
    response["Cache-Control"] = "no-store"
    return response


@staff_required
@require_http_methods(["GET", "POST"])
def staff_repeats(request: HttpRequest) -> HttpResponse:
    agencies = {a.pk: a for a in access.foi_agencies(request.user)}
    groups = queries.repeated_requests(agencies.keys())
    ids = {pk for g in groups for pk in g.case_ids}
    cases = access.cases_for_staff(request.user).filter(pk__in=ids).in_bulk()
    may_propose = {
        pk for pk in agencies if access.may_propose_for_publication(request.user, pk)
    }
    if request.method == "POST":
        form = forms.ProposeForm(request.POST)
        agency = (
            agencies.get(int(request.POST.get("agency", 0) or 0))
            if request.POST.get("agency", "").isdigit()
            else None
        )
        if form.is_valid() and agency is not None:
            try:
                with transaction.atomic():
                    document = actions.propose_for_publication(
                        agency,
                        by=request.user,
                        case_ids=form.cleaned_data["case_ids"],
                        title=form.cleaned_data["title"],
                    )
            except (ActionError, WorkflowError) as exc:
                messages.error(request, f"未能创建主动公开草稿：{exc}")
            else:
                messages.success(
                    request,
                    f"已在主动公开中创建草稿“{document.title}”，请在此继续编辑并送保密审查。",
                )
                return redirect("publishing:document-detail", document.pk)
        else:
            messages.error(request, "请填写拟主动公开的信息标题。")
    return render(
        request,
        "foi/staff/repeats.html",
        {
            "rows": [
                (
                    g,
                    [cases[pk] for pk in g.case_ids if pk in cases],
                    g.agency_id in may_propose,
                    agencies[g.agency_id],
                )
                for g in groups
            ],
            "agencies": agencies,
        },
    )
