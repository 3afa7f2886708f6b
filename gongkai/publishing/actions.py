"""Every state change of government information records (先审查后公开, 谁起草谁解读).

Workflow of a revision: 起草 (draft) → 保密审查 (in_review) → 审核签发 (in_approval) →
已发布 (published), with 退回 (returned, with a reason) at each step. A published
document stays public while its next revision is reviewed. Each function here is
atomic and writes an audit event; views and commands call these, never `.status =`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from gongkai.core import audit
from gongkai.core.models import Agency, Membership, Notification, Role, User
from gongkai.domain.docnumber import normalize_doc_number
from gongkai.domain.index_number import format_index_number
from gongkai.domain.validity import ValidityFacts, derive_validity
from gongkai.lib.html import html_to_text, sanitize_html
from gongkai.lib.uploads import check_upload
from gongkai.publishing import standard_catalogue
from gongkai.publishing.models import (
    Attachment,
    CatalogueNode,
    Disclosure,
    Document,
    DocumentKind,
    DocumentRelation,
    IndexSequence,
    Metadata,
    Revision,
)
from gongkai.search import index as search_index
from gongkai.search.entry import Entry


class WorkflowError(Exception):
    """A refused transition; the message is shown to the user as is."""


def _local_today() -> dt.date:
    return timezone.localdate()


def _require(revision: Revision, *statuses: str) -> None:
    if revision.status not in statuses:
        raise WorkflowError(
            f"当前状态为“{revision.get_status_display()}”，不能执行此操作"
        )


def _require_role(user: User, agency: Agency, *roles: str) -> None:
    if user.is_platform_admin:
        return
    if not user.has_role(agency, *roles):
        raise WorkflowError("您在该机关没有执行此操作的权限")


# Titles are plain text (they appear in lists, feeds and <title>); any tag is refused.
_MARKUP = re.compile(r"<\s*[a-zA-Z!/?]|&#?[a-zA-Z0-9]+;")


def _check_title(title: str) -> None:
    if not title:
        raise WorkflowError("标题不能为空")
    if _MARKUP.search(title):
        raise WorkflowError("标题只能是纯文本，不能包含 HTML 标记、脚本或字符实体")


def _notify(users: Iterable[User], message: str, url: str = "") -> None:
    Notification.objects.bulk_create(
        [Notification(user=u, message=message[:500], url=url) for u in users]
    )


def _role_holders(agency: Agency, role: str) -> list[User]:
    ids = Membership.objects.filter(agency=agency, role=role).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True))


def _staff_url(document: Document) -> str:

    return reverse("publishing:document-detail", args=[document.pk])


def _set_fields(target: Metadata, fields: dict[str, Any]) -> None:
    m2m = {k: fields.pop(k) for k in Metadata.METADATA_M2M if k in fields}
    unknown = set(fields) - set(Metadata.METADATA_FIELDS) - {"topic_id"}
    if unknown:
        raise TypeError(f"unknown metadata fields: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(target, name, value)
    if "body_html" in fields:
        target.body_html = sanitize_html(target.body_html)
    target.title = (target.title or "").strip()
    target.doc_number = (target.doc_number or "").strip()
    target.doc_number_normalized = normalize_doc_number(target.doc_number)
    target._pending_m2m = m2m  # type: ignore[attr-defined]


def _save_m2m(target: Metadata) -> None:
    for name, values in getattr(target, "_pending_m2m", {}).items():
        getattr(target, name).set(values)
    target._pending_m2m = {}  # type: ignore[attr-defined]


def _check_disclosure(target: Metadata) -> None:
    if (
        target.disclosure != Disclosure.PROACTIVE
        and not target.disclosure_reason.strip()
    ):
        raise WorkflowError("依申请公开或不予公开的信息必须填写理由")


def copy_metadata(source: Metadata, target: Metadata) -> None:
    """Copy every metadata field and relation from one record to another."""
    for name in Metadata.METADATA_FIELDS:
        setattr(target, name, getattr(source, name))
    target._pending_m2m = {  # type: ignore[attr-defined]
        name: list(getattr(source, name).all()) for name in Metadata.METADATA_M2M
    }


@transaction.atomic
def create_document(
    *,
    agency: Agency,
    by: User | None,
    interprets: Document | None = None,
    external_id: str | None = None,
    attachments: Sequence[tuple[Any, str]] = (),
    **fields: Any,
) -> Document:
    """A new record in 起草 with its first revision; nothing is public yet.

    `attachments` are (upload, Attachment.Kind) pairs saved in the same transaction,
    so a refused upload leaves nothing behind.
    """
    if by is not None:
        _require_role(by, agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    if interprets is not None:
        if interprets.agency_id != agency.pk:
            raise WorkflowError("政策解读须由起草该政策文件的机关起草（谁起草谁解读）")
        fields["kind"] = DocumentKind.INTERPRETATION
    doc = Document(
        agency=agency, created_by=by, interprets=interprets, external_id=external_id
    )
    rev = Revision(number=1, created_by=by)
    _set_fields(rev, dict(fields))
    _check_title(rev.title)
    if rev.formed_date is None:
        # 条例第二十六条 counts from formation; a record typed in without the date was
        # formed when it was written, or today.
        rev.formed_date = rev.written_date or _local_today()
    doc.title = rev.title
    doc.kind = rev.kind
    doc.save()
    rev.document = doc
    rev.save()
    _save_m2m(rev)
    audit.record(doc, "publishing.created", actor=by, to_state=rev.status)
    for upload, kind in attachments:
        _attach(rev, by=by, upload=upload, kind=kind)
    return doc


def open_revision(document: Document) -> Revision | None:
    return document.revisions.filter(status__in=Revision.OPEN_STATUSES).first()


@transaction.atomic
def update_draft(
    revision: Revision,
    *,
    by: User,
    attachments: Sequence[tuple[Any, str]] = (),
    **fields: Any,
) -> Revision:
    """Save the metadata of an open (draft or returned) revision, and new files."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _require(revision, Revision.Status.DRAFT, Revision.Status.RETURNED)
    _require_role(by, revision.document.agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    _set_fields(revision, dict(fields))
    _check_title(revision.title)
    revision.save()
    _save_m2m(revision)
    doc = revision.document
    if doc.status == Document.Status.DRAFT:
        doc.title = revision.title
        doc.kind = revision.kind
        doc.save(update_fields=["title", "kind"])
    audit.record(revision, "publishing.draft_saved", actor=by, agency=doc.agency)
    for upload, kind in attachments:
        _attach(revision, by=by, upload=upload, kind=kind)
    return revision


@transaction.atomic
def start_revision(document: Document, *, by: User, change_note: str = "") -> Revision:
    """修订: a new draft from the public copy; the public copy stays online."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_role(by, document.agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    if open_revision(document) is not None:
        raise WorkflowError("该信息已有正在办理的版本，请先完成或退回该版本")
    if document.status != Document.Status.PUBLISHED:
        raise WorkflowError("只有已发布的信息才能修订")
    number = (
        document.revisions.order_by("-number").values_list("number", flat=True).first()
        or 0
    ) + 1
    rev = Revision(
        document=document, number=number, created_by=by, change_note=change_note
    )
    copy_metadata(document, rev)
    rev.formed_date = _local_today()
    rev.save()
    _save_m2m(rev)
    if document.live_revision_id:
        for att in document.live_revision.attachments.all():
            Attachment.objects.create(
                revision=rev,
                kind=att.kind,
                file=att.file.name,
                original_name=att.original_name,
                content_type=att.content_type,
                size=att.size,
                sha256=att.sha256,
                uploaded_by=att.uploaded_by,
            )
    audit.record(
        document,
        "publishing.revision_started",
        actor=by,
        to_state=rev.status,
        reason=change_note,
        data={"revision": number},
    )
    return rev


def _validate_for_submission(revision: Revision) -> None:
    _check_disclosure(revision)
    if not revision.body_html.strip() and not revision.attachments.exists():
        raise WorkflowError("正文和附件不能都为空")
    if (
        revision.kind == DocumentKind.INTERPRETATION
        and revision.document.interprets_id is None
    ):
        raise WorkflowError("政策解读必须关联所解读的政策文件")


@transaction.atomic
def submit_for_review(revision: Revision, *, by: User) -> Revision:
    """起草 → 保密审查 (条例第十七条: 公开前依照保密法律法规进行审查)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _require(revision, Revision.Status.DRAFT, Revision.Status.RETURNED)
    _require_role(by, revision.document.agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    _validate_for_submission(revision)
    old = revision.status
    revision.status = Revision.Status.IN_REVIEW
    revision.submitted_at = timezone.now()
    revision.returned_reason = ""
    revision.save(update_fields=["status", "submitted_at", "returned_reason"])
    audit.record(
        revision.document,
        "publishing.submitted",
        actor=by,
        from_state=old,
        to_state=revision.status,
        data={"revision": revision.number},
    )
    document = revision.document
    _notify(
        _role_holders(document.agency, Role.REVIEWER),
        f"待保密审查：{revision.title}",
        _staff_url(document),
    )
    return revision


def _pending_interpretations(policy: Document) -> list[Revision]:
    return list(
        Revision.objects.filter(
            document__interprets=policy, status=Revision.Status.IN_APPROVAL
        ).select_related("document")
    )


def _has_published_interpretation(policy: Document) -> bool:
    return policy.interpretations.filter(status=Document.Status.PUBLISHED).exists()


@transaction.atomic
def pass_review(revision: Revision, *, by: User, note: str = "") -> Revision:
    """保密审查 passed → 审核签发. A policy needs its interpretation first (退文)."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _require(revision, Revision.Status.IN_REVIEW)
    document = revision.document
    _require_role(by, document.agency, Role.REVIEWER)
    if revision.kind == DocumentKind.POLICY and not (
        _pending_interpretations(document) or _has_published_interpretation(document)
    ):
        raise WorkflowError(
            "退文：政策性文件须与政策解读一并报送签发（谁起草谁解读）。"
            "请先起草解读材料并通过保密审查。"
        )
    revision.status = Revision.Status.IN_APPROVAL
    revision.reviewed_by = by
    revision.reviewed_at = timezone.now()
    revision.review_note = note
    revision.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_note"])
    audit.record(
        document,
        "publishing.review_passed",
        actor=by,
        from_state=Revision.Status.IN_REVIEW,
        to_state=revision.status,
        reason=note,
        data={"revision": revision.number},
    )
    _notify(
        _role_holders(document.agency, Role.APPROVER),
        f"待审核签发：{revision.title}",
        _staff_url(document),
    )
    return revision


@transaction.atomic
def return_revision(revision: Revision, *, by: User, reason: str) -> Revision:
    """退回 to the drafter from review or approval, with a reason."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _require(revision, Revision.Status.IN_REVIEW, Revision.Status.IN_APPROVAL)
    needed = (
        Role.REVIEWER if revision.status == Revision.Status.IN_REVIEW else Role.APPROVER
    )
    _require_role(by, revision.document.agency, needed)
    if not reason.strip():
        raise WorkflowError("退回必须填写理由")
    old = revision.status
    revision.status = Revision.Status.RETURNED
    revision.returned_reason = reason.strip()
    revision.save(update_fields=["status", "returned_reason"])
    audit.record(
        revision.document,
        "publishing.returned",
        actor=by,
        from_state=old,
        to_state=revision.status,
        reason=reason,
        data={"revision": revision.number},
    )
    if revision.created_by_id:
        _notify(
            [revision.created_by],
            f"已退回：{revision.title}（{reason.strip()[:100]}）",
            _staff_url(revision.document),
        )
    return revision


def assign_index_number(document: Document, year: int) -> str:
    """索引号 from the agency template; taken once, under a row lock, never changed."""
    if document.index_number:
        return document.index_number
    agency = document.agency
    seq, _ = IndexSequence.objects.select_for_update().get_or_create(
        agency=agency, year=year
    )
    while True:
        seq.last += 1
        number = format_index_number(
            agency.index_template, org_code=agency.code, year=year, seq=seq.last
        )
        if not Document.objects.filter(index_number=number).exists():
            break
    seq.save(update_fields=["last"])
    document.index_number = number
    return number


def _go_live(revision: Revision, *, by: User | None, now: dt.datetime) -> Document:
    document = Document.objects.select_for_update().get(pk=revision.document_id)
    copy_metadata(revision, document)
    first = document.published_at is None
    if first:
        document.published_at = now
    document.updated_at = now
    document.status = Document.Status.PUBLISHED
    document.withdrawn_at = None
    document.withdrawn_reason = ""
    if document.live_revision_id and document.live_revision_id != revision.pk:
        Revision.objects.filter(pk=document.live_revision_id).update(
            status=Revision.Status.SUPERSEDED
        )
    document.live_revision = revision
    if document.disclosure == Disclosure.PROACTIVE:
        assign_index_number(document, timezone.localtime(document.published_at).year)
    elif not document.index_number:
        assign_index_number(document, timezone.localtime(now).year)
    document.validity = _derive_validity(document, timezone.localdate(now))
    document.save()
    _save_m2m(document)
    revision.status = Revision.Status.PUBLISHED
    revision.approved_by = by
    revision.approved_at = now
    revision.save(update_fields=["status", "approved_by", "approved_at"])
    reindex(document)
    for relation in document.outgoing_relations.select_related("target"):
        refresh_validity(relation.target, today=timezone.localdate(now))
    audit.record(
        document,
        "publishing.published",
        actor=by,
        from_state=Revision.Status.IN_APPROVAL,
        to_state=Document.Status.PUBLISHED,
        data={"revision": revision.number, "index_number": document.index_number},
    )
    return document


@transaction.atomic
def approve_and_publish(
    revision: Revision, *, by: User, now: dt.datetime | None = None
) -> Document:
    """审核签发 and publish; a policy and its interpretations go live together."""
    now = now or timezone.now()
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _require(revision, Revision.Status.IN_APPROVAL)
    document = revision.document
    _require_role(by, document.agency, Role.APPROVER)
    if revision.kind == DocumentKind.INTERPRETATION:
        policy = document.interprets
        if policy is None or policy.status != Document.Status.PUBLISHED:
            raise WorkflowError("政策解读须与所解读的政策文件同步签发，请签发政策文件")
    interpretations = (
        _pending_interpretations(document)
        if revision.kind == DocumentKind.POLICY
        else []
    )
    if revision.kind == DocumentKind.POLICY and not (
        interpretations or _has_published_interpretation(document)
    ):
        raise WorkflowError("退文：政策性文件须与政策解读一并签发（谁起草谁解读）")
    published = _go_live(revision, by=by, now=now)
    for interp in interpretations:
        _go_live(interp, by=by, now=now)
    if revision.created_by_id:
        _notify(
            [revision.created_by],
            f"已发布：{revision.title}",
            _staff_url(published),
        )
    return published


@transaction.atomic
def withdraw(
    document: Document, *, by: User, reason: str, now: dt.datetime | None = None
) -> Document:
    """撤回 from the public site; the page then answers 410 with the reason and date."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    _require_role(by, document.agency, Role.APPROVER, Role.AGENCY_ADMIN)
    if document.status != Document.Status.PUBLISHED:
        raise WorkflowError("只有已发布的信息才能撤回")
    if not reason.strip():
        raise WorkflowError("撤回必须填写理由")
    document.status = Document.Status.WITHDRAWN
    document.withdrawn_at = now or timezone.now()
    document.withdrawn_reason = reason.strip()
    document.save(update_fields=["status", "withdrawn_at", "withdrawn_reason"])
    search_index.remove_entry("document", str(document.pk))
    audit.record(
        document,
        "publishing.withdrawn",
        actor=by,
        from_state=Document.Status.PUBLISHED,
        to_state=document.status,
        reason=reason,
    )
    # A withdrawn document no longer amends or repeals anything.
    for relation in document.outgoing_relations.select_related("target"):
        refresh_validity(relation.target)
    # An interpretation is published with its policy and cannot stand without it.
    for interp in document.interpretations.filter(status=Document.Status.PUBLISHED):
        withdraw(
            interp,
            by=by,
            reason=f"所解读的政策文件已撤回：{reason.strip()}",
            now=document.withdrawn_at,
        )
    return document


@transaction.atomic
def discard_revision(revision: Revision, *, by: User) -> Revision:
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _require(revision, Revision.Status.DRAFT, Revision.Status.RETURNED)
    _require_role(by, revision.document.agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    revision.status = Revision.Status.DISCARDED
    revision.save(update_fields=["status"])
    audit.record(
        revision.document,
        "publishing.revision_discarded",
        actor=by,
        to_state=revision.status,
        data={"revision": revision.number},
    )
    return revision


def _derive_validity(document: Document, today: dt.date) -> str:
    relations = DocumentRelation.objects.filter(
        target=document, source__status=Document.Status.PUBLISHED
    )

    def earliest(kind: str) -> dt.date | None:
        row = relations.filter(kind=kind).aggregate(
            eff=Min("effective_date"), pub=Min("source__published_at")
        )
        if row["eff"]:
            return row["eff"]
        return timezone.localtime(row["pub"]).date() if row["pub"] else None

    facts = ValidityFacts(
        is_normative=document.is_normative,
        effective_date=document.effective_date,
        expiry_date=document.expiry_date,
        repealed_on=earliest(DocumentRelation.Kind.REPEALS),
        amended_on=earliest(DocumentRelation.Kind.AMENDS),
        declared=document.declared_validity,
    )
    return str(derive_validity(facts, today))


@transaction.atomic
def refresh_validity(document: Document, *, today: dt.date | None = None) -> str:
    """Recompute 有效性 from dates and links; reindex when it changed."""
    today = today or _local_today()
    new = _derive_validity(document, today)
    if new != document.validity:
        old = document.validity
        Document.objects.filter(pk=document.pk).update(validity=new)
        document.validity = new
        if document.is_public:
            reindex(document)
        audit.record(
            document,
            "publishing.validity_changed",
            actor=None,
            from_state=old,
            to_state=new,
        )
    return new


@transaction.atomic
def add_relation(
    source: Document,
    target: Document,
    kind: str,
    *,
    by: User,
    effective_date: dt.date | None = None,
) -> DocumentRelation:
    """`source` 修改/废止 `target`; the target's page and 有效性 show the change."""
    if source.pk == target.pk:
        raise WorkflowError("文件不能修改或废止自身")
    _require_role(by, source.agency, Role.DRAFTER, Role.APPROVER, Role.AGENCY_ADMIN)
    if kind not in DocumentRelation.Kind.values:
        raise WorkflowError("关系类型无效")
    if target.status != Document.Status.PUBLISHED:
        raise WorkflowError("只能关联已发布的文件")
    if DocumentRelation.objects.filter(source=target, target=source).exists():
        raise WorkflowError("两份文件不能互相修改或废止")
    relation, _ = DocumentRelation.objects.get_or_create(
        source=source,
        target=target,
        kind=kind,
        defaults={"effective_date": effective_date},
    )
    audit.record(
        target,
        f"publishing.{kind}_linked",
        actor=by,
        data={"source": source.pk, "effective_date": str(effective_date or "")},
    )
    refresh_validity(target)
    return relation


@transaction.atomic
def remove_relation(relation: DocumentRelation, *, by: User) -> None:
    """Remove a wrongly entered 修改/废止 link; the target's 有效性 is recomputed."""
    source, target = relation.source, relation.target
    _require_role(by, source.agency, Role.DRAFTER, Role.APPROVER, Role.AGENCY_ADMIN)
    kind = relation.kind
    relation.delete()
    audit.record(
        target,
        f"publishing.{kind}_unlinked",
        actor=by,
        data={"source": source.pk},
    )
    refresh_validity(target)


def refresh_all_validity(today: dt.date | None = None) -> int:
    """Daily job: statuses that change with the calendar (施行, 失效). Returns changes."""
    today = today or _local_today()
    changed = 0
    candidates = Document.objects.filter(status=Document.Status.PUBLISHED).exclude(
        is_normative=False, declared_validity=""
    )
    for doc in candidates.iterator():
        before = doc.validity
        if refresh_validity(doc, today=today) != before:
            changed += 1
    return changed


# --- search index -----------------------------------------------------------------


def search_entry(document: Document) -> Entry:
    agencies = list(document.issuing_agencies.all()) or [document.agency]
    nodes = list(document.catalogue_nodes.all())
    return Entry(
        kind="document",
        key=str(document.pk),
        title=document.title,
        body=html_to_text(document.body_html),
        url=document.get_absolute_url(),
        external_id=document.external_id or "",
        doc_number=document.doc_number,
        index_number=document.index_number or "",
        agency="；".join(a.name for a in agencies),
        agency_ids=tuple(a.pk for a in agencies),
        topic=str(document.topic) if document.topic_id else "",
        genre=document.genre,
        validity=document.validity,
        catalogue=tuple(n.slug for n in nodes),
        catalogue_labels=tuple(n.name for n in nodes),
        written_date=document.written_date,
        published_date=(
            timezone.localtime(document.published_at).date()
            if document.published_at
            else None
        ),
        extra={"content_kind": document.kind},
    )


def reindex(document: Document) -> None:
    """Push or remove the document in the search index, in the caller's transaction."""
    if document.is_public:
        search_index.index_entry(search_entry(document))
    else:
        search_index.remove_entry("document", str(document.pk))


def iter_search_entries() -> Iterable[Entry]:
    docs = (
        Document.objects.filter(
            status=Document.Status.PUBLISHED, disclosure=Disclosure.PROACTIVE
        )
        .select_related("agency", "topic")
        .prefetch_related("issuing_agencies", "catalogue_nodes")
        .order_by("pk")
    )
    for doc in docs.iterator(chunk_size=500):
        yield search_entry(doc)


# --- attachments -------------------------------------------------------------------


@transaction.atomic
def add_attachment(
    revision: Revision, *, by: User, upload: Any, kind: str = Attachment.Kind.ATTACHMENT
) -> Attachment:
    """Attach a checked upload (see gongkai.lib.uploads) to an open revision."""
    revision = Revision.objects.select_for_update().get(pk=revision.pk)
    _require(revision, Revision.Status.DRAFT, Revision.Status.RETURNED)
    _require_role(by, revision.document.agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    return _attach(revision, by=by, upload=upload, kind=kind)


def _attach(
    revision: Revision, *, by: User | None, upload: Any, kind: str
) -> Attachment:

    if kind not in Attachment.Kind.values:
        raise WorkflowError("附件类型无效")
    try:
        checked = check_upload(upload)
    except ValidationError as exc:
        raise WorkflowError(" ".join(exc.messages)) from None
    if kind == Attachment.Kind.DIAGRAM and not checked.content_type.startswith(
        "image/"
    ):
        raise WorkflowError("图解须为图片文件（JPG、PNG、GIF 或 WEBP）")
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    att = Attachment(
        revision=revision,
        kind=kind,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
    )
    att.file.save(checked.storage_name, upload, save=False)
    att.save()
    audit.record(
        revision.document,
        "publishing.attachment_added",
        actor=by,
        data={"name": att.original_name, "sha256": att.sha256},
    )
    return att


@transaction.atomic
def remove_attachment(attachment: Attachment, *, by: User) -> None:
    revision = attachment.revision
    _require(revision, Revision.Status.DRAFT, Revision.Status.RETURNED)
    _require_role(by, revision.document.agency, Role.DRAFTER, Role.AGENCY_ADMIN)
    audit.record(
        revision.document,
        "publishing.attachment_removed",
        actor=by,
        data={"name": attachment.original_name},
    )
    attachment.delete()


# --- 主动公开目录 ------------------------------------------------------------------


def _require_catalogue_admin(by: User | None, agency: Agency) -> None:
    if by is not None:
        _require_role(by, agency, Role.AGENCY_ADMIN)


@transaction.atomic
def seed_catalogue(agency: Agency, *, by: User | None = None) -> int:
    """The standard columns for the agency's level; existing columns are kept.

    Idempotent: a column whose slug exists (even renamed or moved) is left alone, so
    running it again after an agency edited its tree changes nothing. Returns how many
    columns were created.
    """
    _require_catalogue_admin(by, agency)
    existing = set(
        CatalogueNode.objects.filter(agency=agency).values_list("slug", flat=True)
    )
    created = 0

    def plant(columns: Iterable[standard_catalogue.Column], parent: Any) -> None:
        nonlocal created
        for position, column in enumerate(columns, start=1):
            node = None
            if column.slug in existing:
                node = CatalogueNode.objects.get(agency=agency, slug=column.slug)
            else:
                is_domain = column.kind == CatalogueNode.Kind.STANDARD_DOMAIN and parent
                node = CatalogueNode.objects.create(
                    agency=agency,
                    parent=parent,
                    slug=column.slug,
                    name=column.name,
                    kind=column.kind,
                    position=position * 10,
                    description=column.description,
                    basis=column.basis,
                    time_limit=standard_catalogue.DEFAULT_TIME_LIMIT
                    if is_domain
                    else "",
                    channels=standard_catalogue.DEFAULT_CHANNELS if is_domain else "",
                    audience=standard_catalogue.DEFAULT_AUDIENCE if is_domain else "",
                )
                existing.add(column.slug)
                created += 1
            plant(column.children, node)

    plant(standard_catalogue.standard_columns(agency.level), None)
    if created:
        audit.record(
            agency,
            "publishing.catalogue_seeded",
            actor=by,
            agency=agency,
            data={"created": created},
        )
    return created


def _unique_slug(agency: Agency, base: str) -> str:

    base = slugify(base)[:60] or "column"
    slug, n = base, 1
    while CatalogueNode.objects.filter(agency=agency, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


_NODE_FIELDS = ("name", "description", "basis", "time_limit", "channels", "audience")


def _check_node_name(name: str) -> str:
    name = (name or "").strip()
    if not name:
        raise WorkflowError("栏目名称不能为空")
    if _MARKUP.search(name):
        raise WorkflowError("栏目名称只能是纯文本")
    return name


@transaction.atomic
def add_catalogue_node(
    agency: Agency,
    *,
    by: User,
    name: str,
    parent: CatalogueNode | None = None,
    slug: str = "",
    kind: str = CatalogueNode.Kind.OTHER,
    **fields: Any,
) -> CatalogueNode:
    """A new column at the end of `parent` (or at the top level)."""
    _require_catalogue_admin(by, agency)
    if parent is not None and parent.agency_id != agency.pk:
        raise WorkflowError("上级栏目不属于该机关")
    unknown = set(fields) - set(_NODE_FIELDS)
    if unknown:
        raise TypeError(f"unknown catalogue fields: {sorted(unknown)}")
    name = _check_node_name(name)
    if slug:
        if CatalogueNode.objects.filter(agency=agency, slug=slug).exists():
            raise WorkflowError("栏目标识已被使用，请换一个")
    else:
        slug = _unique_slug(agency, name)
    siblings = CatalogueNode.objects.filter(agency=agency, parent=parent)
    last = siblings.order_by("-position").values_list("position", flat=True).first()
    node = CatalogueNode.objects.create(
        agency=agency,
        parent=parent,
        slug=slug,
        name=name,
        kind=kind,
        position=(last or 0) + 10,
        **fields,
    )
    audit.record(
        node, "publishing.catalogue_node_added", actor=by, agency=agency, data={}
    )
    return node


@transaction.atomic
def update_catalogue_node(node: CatalogueNode, *, by: User, **fields: Any) -> None:
    """Rename a column or edit its 标准目录 row (依据、时限、渠道、对象)."""
    _require_catalogue_admin(by, node.agency)
    unknown = set(fields) - set(_NODE_FIELDS)
    if unknown:
        raise TypeError(f"unknown catalogue fields: {sorted(unknown)}")
    old_name = node.name
    if "name" in fields:
        fields["name"] = _check_node_name(fields["name"])
    for key, value in fields.items():
        setattr(node, key, value)
    node.save()
    audit.record(
        node,
        "publishing.catalogue_node_changed",
        actor=by,
        agency=node.agency,
        data={"old_name": old_name, "name": node.name},
    )


@transaction.atomic
def move_catalogue_node(node: CatalogueNode, *, by: User, up: bool) -> None:
    """Swap the column with its previous (up) or next sibling."""
    _require_catalogue_admin(by, node.agency)
    siblings = list(
        CatalogueNode.objects.select_for_update()
        .filter(agency=node.agency, parent_id=node.parent_id)
        .order_by("position", "id")
    )
    index = next(i for i, n in enumerate(siblings) if n.pk == node.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(siblings):
        return
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position * 10:
            sibling.position = position * 10
            sibling.save(update_fields=["position"])
    audit.record(
        node,
        "publishing.catalogue_node_moved",
        actor=by,
        agency=node.agency,
        data={"up": up},
    )


@transaction.atomic
def remove_catalogue_node(node: CatalogueNode, *, by: User) -> None:
    """Delete an empty column: no sub-columns and no record filed under it."""
    _require_catalogue_admin(by, node.agency)
    if node.children.exists():
        raise WorkflowError("该栏目下还有子栏目，不能删除")
    if node.documents.exists() or node.revisions.exists():
        raise WorkflowError("该栏目下还有政府信息，不能删除；请先将信息移到其他栏目")
    if node.kind == CatalogueNode.Kind.ANNUAL_REPORT:
        raise WorkflowError("政府信息公开年报栏目是法定栏目，不能删除")
    audit.record(
        node,
        "publishing.catalogue_node_removed",
        actor=by,
        agency=node.agency,
        data={"name": node.name, "slug": node.slug},
    )
    node.delete()
