"""Read side of publishing, for the portal, reports and other apps."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q, QuerySet
from django.utils import timezone

from gongkai.domain.annual_report import NormativeCounts
from gongkai.domain.validity import ValidityFacts, ValidityStatus, derive_validity
from gongkai.publishing.models import Disclosure, Document, DocumentRelation, Genre


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
