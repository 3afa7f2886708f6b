"""Read side of publishing, for the portal, reports and other apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from gongkai.core.access import agencies_for
from gongkai.core.audit import events_for
from gongkai.core.models import Agency, AuditEvent, Role, User
from gongkai.domain.annual_report import NormativeCounts
from gongkai.domain.docnumber import normalize_doc_number
from gongkai.domain.validity import ValidityFacts, ValidityStatus, derive_validity
from gongkai.publishing.models import (
    CatalogueNode,
    Disclosure,
    Document,
    DocumentRelation,
    Genre,
    Revision,
    TopicCategory,
)
from gongkai.workdays.queries import add_workdays_for


def public_documents() -> QuerySet[Document]:
    """Everything the public may see: published and 主动公开, nothing else, ever."""
    return Document.objects.filter(
        status=Document.Status.PUBLISHED, disclosure=Disclosure.PROACTIVE
    )


# 规章 in table 二 of the annual report: 部门规章 and 地方政府规章.
RULE_GENRES = (Genre.DEPARTMENT_RULE, Genre.LOCAL_RULE)


def count_normative_documents(agency_id: int, year: int) -> dict[str, NormativeCounts]:
    """规章 and 行政规范性文件 of one agency for table 二 of the annual report.

    Keys "rules" and "normative". 本年制发: 成文日期 (or the publication date when
    there is none) within the year. 本年废止: repealed by a published document, or
    expired, within the year. 现行有效: issued by 31 December and 有效 or 已修改 on
    that day, judged by the same rule as a document's 有效性 (domain.validity).
    Only published records count; a withdrawn record is no longer issued information.
    """
    end = dt.date(year, 12, 31)
    docs = list(
        Document.objects.filter(agency_id=agency_id, status=Document.Status.PUBLISHED)
        .filter(
            Q(genre__in=RULE_GENRES) | Q(genre=Genre.NORMATIVE) | Q(is_normative=True)
        )
        .values(
            "pk",
            "genre",
            "is_normative",
            "written_date",
            "published_at",
            "effective_date",
            "expiry_date",
            "declared_validity",
        )
    )
    first: dict[tuple[int, str], dt.date] = {}
    relations = DocumentRelation.objects.filter(
        target_id__in=[d["pk"] for d in docs], source__status=Document.Status.PUBLISHED
    ).values_list("target_id", "kind", "effective_date", "source__published_at")
    for target_id, kind, effective, source_published in relations:
        on = effective or timezone.localtime(source_published).date()
        key = (target_id, kind)
        if key not in first or on < first[key]:
            first[key] = on
    counts = {"rules": [0, 0, 0], "normative": [0, 0, 0]}
    for d in docs:
        row = counts["rules" if d["genre"] in RULE_GENRES else "normative"]
        issued = d["written_date"] or (
            timezone.localtime(d["published_at"]).date() if d["published_at"] else None
        )
        if issued is None or issued > end:
            continue
        repealed_on = first.get((d["pk"], DocumentRelation.Kind.REPEALS))
        facts = ValidityFacts(
            is_normative=True,
            effective_date=d["effective_date"],
            expiry_date=d["expiry_date"],
            repealed_on=repealed_on,
            amended_on=first.get((d["pk"], DocumentRelation.Kind.AMENDS)),
            declared=d["declared_validity"],
        )
        if issued.year == year:
            row[0] += 1
        ended = min((x for x in (repealed_on, d["expiry_date"]) if x), default=None)
        if ended is not None and ended.year == year:
            row[1] += 1
        if derive_validity(facts, end) in (
            ValidityStatus.VALID,
            ValidityStatus.AMENDED,
        ):
            row[2] += 1
    return {key: NormativeCounts(*values) for key, values in counts.items()}


# --- staff console -----------------------------------------------------------------

# 《中华人民共和国政府信息公开条例》第二十六条：“属于主动公开范围的政府信息，应当自该政府
# 信息形成或者变更之日起20个工作日内及时公开。”
PUBLICATION_WORKDAYS = 20
# A record is listed as 即将到期 this many calendar days before its due date.
DUE_SOON_DAYS = 7


def publication_due_date(agency: Agency, formed: dt.date) -> tuple[dt.date, bool]:
    """条例第二十六条 due date and whether it is provisional (calendar year not loaded)."""
    return add_workdays_for(agency, formed, PUBLICATION_WORKDAYS)


@dataclass(frozen=True)
class ClockItem:
    """One open 主动公开 revision and its 条例第二十六条 clock."""

    revision: Revision
    due_date: dt.date
    provisional: bool
    days_left: int  # calendar days; negative when late

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_late(self) -> int:
        return max(0, -self.days_left)


def open_revisions(user: User, *roles: str) -> QuerySet[Revision]:
    """Open revisions in the agencies where the user holds one of `roles`."""
    return (
        Revision.objects.filter(
            status__in=Revision.OPEN_STATUSES,
            document__agency__in=agencies_for(user, *roles),
        )
        .select_related("document", "document__agency", "created_by")
        .order_by("submitted_at", "created_at", "pk")
    )


def review_queue(user: User) -> QuerySet[Revision]:
    """待我审查: submitted revisions in agencies where the user does 保密审查."""
    return open_revisions(user, Role.REVIEWER).filter(status=Revision.Status.IN_REVIEW)


def approval_queue(user: User) -> QuerySet[Revision]:
    """待我签发: reviewed revisions in agencies where the user signs off."""
    return open_revisions(user, Role.APPROVER).filter(
        status=Revision.Status.IN_APPROVAL
    )


def returned_to(user: User) -> QuerySet[Revision]:
    """退回给我: revisions the user drafted that a reviewer or approver sent back."""
    return open_revisions(user).filter(status=Revision.Status.RETURNED, created_by=user)


def my_drafts(user: User) -> QuerySet[Revision]:
    """我的草稿: revisions the user is still drafting."""
    return open_revisions(user).filter(status=Revision.Status.DRAFT, created_by=user)


def publication_clock(user: User, today: dt.date) -> list[ClockItem]:
    """Open 主动公开 revisions of the user's agencies with their due dates, soonest first.

    Only revisions with a 信息形成或变更日期 have a clock; the date is required before
    a 主动公开 record can be submitted.
    """
    revisions = open_revisions(user).filter(
        disclosure=Disclosure.PROACTIVE, formed_date__isnull=False
    )
    cache: dict[tuple[int, dt.date], tuple[dt.date, bool]] = {}
    items = []
    for rev in revisions:
        key = (rev.document.agency_id, rev.formed_date)
        if key not in cache:
            cache[key] = publication_due_date(rev.document.agency, rev.formed_date)
        due, provisional = cache[key]
        items.append(ClockItem(rev, due, provisional, (due - today).days))
    items.sort(key=lambda i: (i.due_date, i.revision.pk))
    return items


def clock_for(revision: Revision, today: dt.date) -> ClockItem | None:
    if revision.disclosure != Disclosure.PROACTIVE or revision.formed_date is None:
        return None
    if revision.status not in Revision.OPEN_STATUSES:
        return None
    due, provisional = publication_due_date(
        revision.document.agency, revision.formed_date
    )
    return ClockItem(revision, due, provisional, (due - today).days)


def staff_documents(
    agencies: QuerySet[Agency],
    *,
    agency_id: int | None = None,
    state: str = "",
    kind: str = "",
    topic_id: int | None = None,
    year: int | None = None,
    q: str = "",
) -> QuerySet[Document]:
    """The staff list of records, each with the status of its open revision.

    `state` is a Document.Status value or a Revision.Status value of the open
    revision (draft, in_review, in_approval, returned).
    """
    open_rev = Revision.objects.filter(
        document=OuterRef("pk"), status__in=Revision.OPEN_STATUSES
    )
    docs = (
        Document.objects.filter(agency__in=agencies)
        .select_related("agency", "topic")
        .annotate(
            open_status=Subquery(open_rev.values("status")[:1]),
            open_title=Subquery(open_rev.values("title")[:1]),
        )
        .order_by(F("updated_at").desc(nulls_first=True), "-created_at", "-pk")
    )
    if agency_id:
        docs = docs.filter(agency_id=agency_id)
    if state in Document.Status.values:
        docs = docs.filter(status=state)
    elif state in Revision.Status.values:
        docs = docs.filter(open_status=state)
    if kind:
        docs = docs.filter(kind=kind)
    if topic_id:
        docs = docs.filter(Q(topic_id=topic_id) | Q(topic__parent_id=topic_id))
    if year:
        docs = docs.filter(
            Q(published_at__year=year)
            | Q(published_at__isnull=True, created_at__year=year)
        )
    q = (q or "").strip()
    if q:
        docs = docs.filter(
            Q(title__icontains=q)
            | Q(revisions__title__icontains=q)
            | Q(doc_number_normalized=normalize_doc_number(q))
            | Q(doc_number__icontains=q)
            | Q(index_number=q)
        ).distinct()
    return docs


def find_link_targets(q: str, *, exclude: Document, limit: int = 20) -> list[Document]:
    """Published records matching a title, 文号 or 索引号, for 修改/废止 links."""
    q = (q or "").strip()
    if not q:
        return []
    return list(
        Document.objects.filter(status=Document.Status.PUBLISHED)
        .exclude(pk=exclude.pk)
        .filter(
            Q(title__icontains=q)
            | Q(doc_number_normalized=normalize_doc_number(q))
            | Q(doc_number__icontains=q)
            | Q(index_number=q)
        )
        .select_related("agency")
        .order_by("-published_at")[:limit]
    )


def document_history(document: Document) -> QuerySet[AuditEvent]:
    """Every audit event of the record and of its revisions, newest first."""
    revision_ids = [str(pk) for pk in document.revisions.values_list("pk", flat=True)]
    own = events_for(document)
    return (
        AuditEvent.objects.filter(
            Q(pk__in=own.values("pk"))
            | Q(
                subject_type=Revision._meta.label_lower,
                subject_id__in=revision_ids,
            )
        )
        .select_related("actor")
        .order_by("-at", "-id")
    )


def topic_choices() -> list[tuple[str, list[tuple[int, str]]]]:
    """主题分类 grouped by first-level class, for a select with optgroups."""
    groups: list[tuple[str, list[tuple[int, str]]]] = []
    children: dict[int, list[TopicCategory]] = {}
    top = []
    for t in TopicCategory.objects.order_by("position", "code"):
        if t.parent_id is None:
            top.append(t)
        else:
            children.setdefault(t.parent_id, []).append(t)
    for t in top:
        options = [(t.pk, f"{t.name}（大类）")] + [
            (c.pk, f"{t.name}\\{c.name}") for c in children.get(t.pk, [])
        ]
        groups.append((t.name, options))
    return groups


def catalogue_tree(agency: Agency) -> list[tuple[CatalogueNode, int]]:
    """The agency's 目录 in display order, each column with its depth."""
    nodes = list(CatalogueNode.objects.filter(agency=agency).order_by("position", "id"))
    children: dict[int | None, list[CatalogueNode]] = {}
    for n in nodes:
        children.setdefault(n.parent_id, []).append(n)
    out: list[tuple[CatalogueNode, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for n in children.get(parent, []):
            out.append((n, depth))
            walk(n.pk, depth + 1)

    walk(None, 0)
    return out
