"""Staff console for 主动公开: records, review queues, links and the 目录.

Each view parses input, gets its object through `publishing.access`, calls one
action and redirects, or renders. Refusals from actions (`WorkflowError`) are shown
to the user as they are written.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.core.access import staff_required
from gongkai.core.models import Agency, Role, User
from gongkai.publishing import actions, queries
from gongkai.publishing.access import (
    get_agency_for_catalogue_admin,
    get_attachment_for_staff,
    get_catalogue_node_for_admin,
    get_document_for_staff,
    get_relation_for_staff,
    staff_agencies,
)
from gongkai.publishing.forms import (
    AttachmentForm,
    CatalogueNodeForm,
    DecisionForm,
    DocumentForm,
    LinkSearchForm,
    NewCatalogueNodeForm,
    ReasonForm,
    RelationForm,
    RevisionStartForm,
)
from gongkai.publishing.models import (
    Disclosure,
    Document,
    DocumentKind,
    Revision,
    Validity,
)

EDITABLE = (Revision.Status.DRAFT, Revision.Status.RETURNED)


def _today():  # type: ignore[no-untyped-def]
    return timezone.localdate()


def _public_url(document: Document) -> str:
    if not document.is_public:
        return ""
    try:
        return document.get_absolute_url()
    except NoReverseMatch:
        return ""


def _detail(document: Document) -> HttpResponse:
    return redirect("publishing:document-detail", pk=document.pk)


def _can(user: User, agency: Agency, *roles: str) -> bool:
    return bool(user.is_platform_admin or user.has_role(agency, *roles))


def _show_warnings(request: HttpRequest, form: Any) -> None:
    for warning in getattr(form, "warnings", []):
        messages.warning(request, warning)


# --- 工作台 ------------------------------------------------------------------------


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """The work queues: 待我审查, 待我签发, 退回给我, 第二十六条 clock, my drafts."""
    user = request.user
    today = _today()
    clock = queries.publication_clock(user, today)
    overdue = [i for i in clock if i.overdue]
    due_soon = [
        i for i in clock if not i.overdue and i.days_left <= queries.DUE_SOON_DAYS
    ]
    return render(
        request,
        "publishing/home.html",
        {
            "review": queries.review_queue(user),
            "approval": queries.approval_queue(user),
            "returned": queries.returned_to(user),
            "drafts": queries.my_drafts(user),
            "overdue": overdue,
            "due_soon": due_soon,
            "today": today,
            "due_soon_days": queries.DUE_SOON_DAYS,
            "can_draft": staff_agencies(user, Role.DRAFTER, Role.AGENCY_ADMIN).exists(),
            "admin_agencies": staff_agencies(user, Role.AGENCY_ADMIN),
        },
    )


@staff_required
def document_list(request: HttpRequest) -> HttpResponse:
    agencies = staff_agencies(request.user)

    def as_int(name: str) -> int | None:
        try:
            return int(request.GET.get(name, "") or 0) or None
        except ValueError:
            return None

    filters = {
        "agency_id": as_int("agency"),
        "state": request.GET.get("state", ""),
        "kind": request.GET.get("kind", ""),
        "topic_id": as_int("topic"),
        "year": as_int("year"),
        "q": request.GET.get("q", "")[:200],
    }
    docs = queries.staff_documents(agencies, **filters)
    page = Paginator(docs, 30).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    states = [
        *Document.Status.choices[1:],
        *[(s, Revision.Status(s).label) for s in Revision.OPEN_STATUSES],
    ]
    return render(
        request,
        "publishing/document_list.html",
        {
            "page": page,
            "filters": filters,
            "agencies": agencies,
            "states": states,
            "kinds": DocumentKind.choices,
            "topics": queries.topic_choices(),
            "query_string": params.urlencode(),
            "revision_status": dict(Revision.Status.choices),
        },
    )


# --- 起草 --------------------------------------------------------------------------


@staff_required
def document_create(request: HttpRequest) -> HttpResponse:
    agencies = staff_agencies(request.user, Role.DRAFTER, Role.AGENCY_ADMIN)
    if not agencies.exists():
        raise Http404("未找到页面")
    agency_pk = request.POST.get("agency") or request.GET.get("agency")
    if agency_pk is None and agencies.count() == 1:
        agency_pk = str(agencies.get().pk)
    if agency_pk is None:
        return render(request, "publishing/choose_agency.html", {"agencies": agencies})
    try:
        agency = agencies.get(pk=int(agency_pk))
    except (Agency.DoesNotExist, ValueError):
        raise Http404("未找到该机关") from None
    if request.method == "POST":
        form = DocumentForm(request.POST, request.FILES, agency=agency)
        if form.is_valid():
            try:
                doc = actions.create_document(
                    agency=agency,
                    by=request.user,
                    attachments=form.attachments(),
                    **form.metadata(),
                )
            except actions.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                _show_warnings(request, form)
                messages.success(request, "草稿已保存。")
                return _detail(doc)
    else:
        form = DocumentForm(
            agency=agency,
            initial={
                "issuing_agencies": [agency],
                "disclosure": Disclosure.PROACTIVE,
                "formed_date": _today(),
                "genre": "通知",
            },
        )
    return render(
        request,
        "publishing/document_form.html",
        {"form": form, "agency": agency, "creating": True},
    )


@staff_required
def interpretation_create(request: HttpRequest, pk: int) -> HttpResponse:
    """起草解读 from the policy's page (谁起草谁解读)."""
    policy = get_document_for_staff(request.user, pk)
    if policy.kind != DocumentKind.POLICY and not (
        (rev := actions.open_revision(policy)) and rev.kind == DocumentKind.POLICY
    ):
        messages.error(request, "只有政策性文件才能起草政策解读。")
        return _detail(policy)
    if not _can(request.user, policy.agency, Role.DRAFTER, Role.AGENCY_ADMIN):
        messages.error(request, "您在该机关没有起草权限。")
        return _detail(policy)
    policy_rev = actions.open_revision(policy) or policy.live_revision
    if request.method == "POST":
        form = DocumentForm(
            request.POST, request.FILES, agency=policy.agency, interpretation=True
        )
        if form.is_valid():
            try:
                doc = actions.create_document(
                    agency=policy.agency,
                    by=request.user,
                    interprets=policy,
                    attachments=form.attachments(),
                    **form.metadata(),
                )
            except actions.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                _show_warnings(request, form)
                messages.success(
                    request,
                    "解读草稿已保存。请提交保密审查；解读须与政策文件一并签发、同步发布。",
                )
                return _detail(doc)
    else:
        title = policy_rev.title if policy_rev else policy.title
        form = DocumentForm(
            agency=policy.agency,
            interpretation=True,
            initial={
                "title": f"《{title}》政策解读",
                "issuing_agencies": [policy.agency],
                "disclosure": Disclosure.PROACTIVE,
                "formed_date": _today(),
                "genre": "政策解读",
                "topic": policy_rev.topic_id if policy_rev else None,
                "catalogue_nodes": list(policy_rev.catalogue_nodes.all())
                if policy_rev
                else [],
            },
        )
    return render(
        request,
        "publishing/document_form.html",
        {"form": form, "agency": policy.agency, "creating": True, "policy": policy},
    )


@staff_required
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    user = request.user
    agency = doc.agency
    rev = actions.open_revision(doc)
    live = doc.live_revision
    shown = rev or live
    draft_role = _can(user, agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    interpretations = list(doc.interpretations.all().order_by("pk"))
    interp_open = {d.pk: actions.open_revision(d) for d in interpretations}
    is_policy = (shown.kind if shown else doc.kind) == DocumentKind.POLICY
    return render(
        request,
        "publishing/document_detail.html",
        {
            "doc": doc,
            "rev": rev,
            "live": live,
            "shown": shown,
            "attachments": shown.attachments.all() if shown else [],
            "clock": queries.clock_for(rev, _today()) if rev else None,
            "public_url": _public_url(doc),
            "can_edit": bool(rev and rev.status in EDITABLE and draft_role),
            "can_submit": bool(rev and rev.status in EDITABLE and draft_role),
            "can_review": bool(
                rev
                and rev.status == Revision.Status.IN_REVIEW
                and _can(user, agency, Role.REVIEWER)
            ),
            "can_approve": bool(
                rev
                and rev.status == Revision.Status.IN_APPROVAL
                and _can(user, agency, Role.APPROVER)
            ),
            "can_revise": bool(
                rev is None and doc.status == Document.Status.PUBLISHED and draft_role
            ),
            "can_withdraw": doc.status == Document.Status.PUBLISHED
            and _can(user, agency, Role.APPROVER, Role.AGENCY_ADMIN),
            "can_link": _can(
                user, agency, Role.DRAFTER, Role.APPROVER, Role.AGENCY_ADMIN
            ),
            "draft_role": draft_role,
            "is_policy": is_policy,
            "interpretations": [(d, interp_open[d.pk]) for d in interpretations],
            "outgoing": doc.outgoing_relations.select_related("target"),
            "incoming": doc.incoming_relations.select_related("source"),
            "attachment_form": AttachmentForm(),
        },
    )


@staff_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    rev = actions.open_revision(doc)
    if rev is None or rev.status not in EDITABLE:
        messages.error(request, "该信息当前没有可编辑的版本。")
        return _detail(doc)
    if not _can(request.user, doc.agency, Role.DRAFTER, Role.AGENCY_ADMIN):
        messages.error(request, "您在该机关没有起草权限。")
        return _detail(doc)
    interpretation = doc.interprets_id is not None
    if request.method == "POST":
        form = DocumentForm(
            request.POST,
            request.FILES,
            agency=doc.agency,
            interpretation=interpretation,
        )
        if form.is_valid():
            try:
                actions.update_draft(
                    rev,
                    by=request.user,
                    attachments=form.attachments(),
                    **form.metadata(),
                )
            except actions.WorkflowError as exc:
                form.add_error(None, str(exc))
            else:
                _show_warnings(request, form)
                messages.success(request, "已保存。")
                if "save_submit" in request.POST:
                    return _submit(request, doc)
                return _detail(doc)
    else:
        form = DocumentForm(
            agency=doc.agency,
            interpretation=interpretation,
            initial=DocumentForm.initial_from(rev),
        )
    return render(
        request,
        "publishing/document_form.html",
        {
            "form": form,
            "agency": doc.agency,
            "doc": doc,
            "rev": rev,
            "attachments": rev.attachments.all(),
        },
    )


# --- 流转 --------------------------------------------------------------------------


def _submit(request: HttpRequest, doc: Document) -> HttpResponse:
    rev = actions.open_revision(doc)
    if rev is None:
        messages.error(request, "该信息当前没有待提交的版本。")
        return _detail(doc)
    try:
        actions.submit_for_review(rev, by=request.user)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已提交保密审查。")
    return _detail(doc)


@require_POST
@staff_required
def document_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, get_document_for_staff(request.user, pk))


def _decision(
    request: HttpRequest, pk: int, *, role: str, status: str, approve: bool
) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    rev = actions.open_revision(doc)
    if rev is None or rev.status != status:
        messages.error(request, "该信息当前不在此环节。")
        return _detail(doc)
    if not _can(request.user, doc.agency, role):
        messages.error(request, "您在该机关没有此环节的权限。")
        return _detail(doc)
    accept_label = "同意签发并发布" if approve else "保密审查通过，报送审核签发"
    form = DecisionForm(request.POST or None, accept_label=accept_label)
    if request.method == "POST" and form.is_valid():
        note = form.cleaned_data["note"].strip()
        try:
            if form.cleaned_data["decision"] == "return":
                actions.return_revision(rev, by=request.user, reason=note)
                messages.success(request, "已退回起草人。")
            elif approve:
                actions.approve_and_publish(rev, by=request.user)
                messages.success(request, "已签发并发布。")
            else:
                actions.pass_review(rev, by=request.user, note=note)
                messages.success(request, "保密审查通过，已报送审核签发。")
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            return _detail(doc)
    interpretations = []
    if rev.kind == DocumentKind.POLICY:
        interpretations = [
            (d, actions.open_revision(d)) for d in doc.interpretations.all()
        ]
    return render(
        request,
        "publishing/decision.html",
        {
            "doc": doc,
            "rev": rev,
            "form": form,
            "approve": approve,
            "attachments": rev.attachments.all(),
            "interpretations": interpretations,
            "clock": queries.clock_for(rev, _today()),
        },
    )


@staff_required
def document_review(request: HttpRequest, pk: int) -> HttpResponse:
    """保密审查."""
    return _decision(
        request,
        pk,
        role=Role.REVIEWER,
        status=Revision.Status.IN_REVIEW,
        approve=False,
    )


@staff_required
def document_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """审核签发."""
    return _decision(
        request,
        pk,
        role=Role.APPROVER,
        status=Revision.Status.IN_APPROVAL,
        approve=True,
    )


@staff_required
def document_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """修订 a published record: a new draft; the public copy stays online."""
    doc = get_document_for_staff(request.user, pk)
    form = RevisionStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.start_revision(
                doc, by=request.user, change_note=form.cleaned_data["change_note"]
            )
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "已创建新版本草稿；修订稿签发前，公众仍看到当前发布的版本。"
            )
            return redirect("publishing:document-edit", pk=doc.pk)
    return render(
        request,
        "publishing/reason_form.html",
        {
            "doc": doc,
            "form": form,
            "heading": "修订已发布的信息",
            "intro": "修订会创建一个新版本，经保密审查和审核签发后替换当前公开的版本。",
            "button": "开始修订",
        },
    )


@staff_required
def document_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """撤回: the public page then answers 410 with the reason and date."""
    doc = get_document_for_staff(request.user, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.withdraw(doc, by=request.user, reason=form.cleaned_data["reason"])
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已撤回；公开页面将显示撤回说明。")
            return _detail(doc)
    return render(
        request,
        "publishing/reason_form.html",
        {
            "doc": doc,
            "form": form,
            "heading": "撤回已发布的信息",
            "intro": "撤回后公众访问该页面时将看到“已撤回”的说明、撤回日期和理由。"
            "已发布的政策解读将一并撤回。",
            "button": "确认撤回",
            "danger": True,
        },
    )


@require_POST
@staff_required
def document_discard(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    rev = actions.open_revision(doc)
    if rev is None:
        messages.error(request, "该信息当前没有可作废的版本。")
        return _detail(doc)
    try:
        actions.discard_revision(rev, by=request.user)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"第 {rev.number} 版已作废。")
    return _detail(doc)


@staff_required
def document_history(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    events = Paginator(queries.document_history(doc), 100).get_page(
        request.GET.get("page")
    )
    labels = (
        dict(Validity.choices)
        | dict(Revision.Status.choices)
        | dict(Document.Status.choices)
    )
    rows = [
        (e, labels.get(e.from_state, e.from_state), labels.get(e.to_state, e.to_state))
        for e in events
    ]
    return render(
        request,
        "publishing/history.html",
        {"doc": doc, "page": events, "rows": rows},
    )


# --- 附件 --------------------------------------------------------------------------


@staff_required
def attachment_download(request: HttpRequest, pk: int, att: int) -> FileResponse:
    doc = get_document_for_staff(request.user, pk)
    attachment = get_attachment_for_staff(request.user, doc, att)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404("文件不存在") from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@require_POST
@staff_required
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    rev = actions.open_revision(doc)
    form = AttachmentForm(request.POST, request.FILES)
    if rev is None:
        messages.error(request, "该信息当前没有可编辑的版本。")
    elif not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, f"附件未上传：{error}")
    else:
        try:
            actions.add_attachment(
                rev,
                by=request.user,
                upload=form.cleaned_data["file"],
                kind=form.cleaned_data["kind"],
            )
        except actions.WorkflowError as exc:
            messages.error(request, f"附件未上传：{exc}")
        else:
            messages.success(request, "附件已上传。")
    return _detail(doc)


@require_POST
@staff_required
def attachment_remove(request: HttpRequest, pk: int, att: int) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    attachment = get_attachment_for_staff(request.user, doc, att)
    try:
        actions.remove_attachment(attachment, by=request.user)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "附件已删除。")
    return _detail(doc)


# --- 修改、废止 ---------------------------------------------------------------------


@staff_required
def document_relations(request: HttpRequest, pk: int) -> HttpResponse:
    """Link the record as amending or repealing another (search by title/文号/索引号)."""
    doc = get_document_for_staff(request.user, pk)
    search = LinkSearchForm(request.GET or None)
    q = search.cleaned_data["q"] if search.is_valid() else ""
    if request.method == "POST":
        q = request.POST.get("q", "")[:200]
    targets = queries.find_link_targets(q, exclude=doc)
    form = RelationForm(request.POST or None, targets=targets)
    if request.method == "POST" and form.is_valid():
        target = next(t for t in targets if t.pk == form.cleaned_data["target"])
        try:
            actions.add_relation(
                doc,
                target,
                form.cleaned_data["kind"],
                by=request.user,
                effective_date=form.cleaned_data["effective_date"],
            )
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "已关联；被修改或废止文件的有效性已更新。")
            return _detail(doc)
    return render(
        request,
        "publishing/relations.html",
        {
            "doc": doc,
            "search": search,
            "q": q,
            "targets": targets,
            "form": form,
            "outgoing": doc.outgoing_relations.select_related("target"),
        },
    )


@require_POST
@staff_required
def relation_remove(request: HttpRequest, pk: int, rel: int) -> HttpResponse:
    doc = get_document_for_staff(request.user, pk)
    relation = get_relation_for_staff(request.user, doc, rel)
    try:
        actions.remove_relation(relation, by=request.user)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "已删除该关系。")
    return _detail(doc)


# --- 主动公开目录 -------------------------------------------------------------------


@staff_required
def catalogue_index(request: HttpRequest) -> HttpResponse:
    agencies = staff_agencies(request.user, Role.AGENCY_ADMIN)
    if agencies.count() == 1:
        return redirect("publishing:catalogue", agency=agencies.get().pk)
    return render(request, "publishing/catalogue_index.html", {"agencies": agencies})


@staff_required
def catalogue(request: HttpRequest, agency: int) -> HttpResponse:
    the_agency = get_agency_for_catalogue_admin(request.user, agency)
    form = NewCatalogueNodeForm(request.POST or None, agency=the_agency)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_catalogue_node(
                the_agency,
                by=request.user,
                name=data["name"],
                parent=data["parent"],
                description=data["description"],
                basis=data["basis"],
                time_limit=data["time_limit"],
                channels=data["channels"],
                audience=data["audience"],
            )
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已添加栏目“{data['name']}”。")
            return redirect("publishing:catalogue", agency=the_agency.pk)
    return render(
        request,
        "publishing/catalogue.html",
        {
            "agency": the_agency,
            "tree": queries.catalogue_tree(the_agency),
            "form": form,
        },
    )


@staff_required
def catalogue_node_edit(request: HttpRequest, node: int) -> HttpResponse:
    the_node = get_catalogue_node_for_admin(request.user, node)
    fields = ("name", "description", "basis", "time_limit", "channels", "audience")
    form = CatalogueNodeForm(
        request.POST or None, initial={f: getattr(the_node, f) for f in fields}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.update_catalogue_node(
                the_node, by=request.user, **{f: form.cleaned_data[f] for f in fields}
            )
        except actions.WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "栏目已保存。")
            return redirect("publishing:catalogue", agency=the_node.agency_id)
    return render(
        request,
        "publishing/catalogue_node_form.html",
        {"node": the_node, "form": form, "agency": the_node.agency},
    )


@require_POST
@staff_required
def catalogue_node_move(request: HttpRequest, node: int) -> HttpResponse:
    the_node = get_catalogue_node_for_admin(request.user, node)
    actions.move_catalogue_node(
        the_node, by=request.user, up=request.POST.get("direction") == "up"
    )
    return redirect(
        reverse("publishing:catalogue", args=[the_node.agency_id])
        + f"#node-{the_node.pk}"
    )


@require_POST
@staff_required
def catalogue_node_remove(request: HttpRequest, node: int) -> HttpResponse:
    the_node = get_catalogue_node_for_admin(request.user, node)
    agency_id = the_node.agency_id
    name = the_node.name
    try:
        actions.remove_catalogue_node(the_node, by=request.user)
    except actions.WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"已删除栏目“{name}”。")
    return redirect("publishing:catalogue", agency=agency_id)
