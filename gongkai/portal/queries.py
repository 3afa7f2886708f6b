"""Read helpers for the public pages, all built on `publishing.queries.public_documents`.

Nothing here widens what is public: every list starts from `public_documents()`
(published and 主动公开) and only narrows it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from gongkai.core.models import Agency
from gongkai.publishing.models import (
    CatalogueNode,
    Document,
    DocumentKind,
    DocumentRelation,
    TopicCategory,
)
from gongkai.publishing.queries import public_documents

# Columns a list row shows; the body is never loaded for a list.
LIST_DEFER = ("body_html", "disclosure_reason", "keywords", "source", "media_url")


def for_list(qs: QuerySet[Document]) -> QuerySet[Document]:
    """A document queryset ready for a list row: agency joined, bodies left out."""
    return qs.select_related("agency").defer(*LIST_DEFER)


def latest(limit: int = 10, *, kind: str | None = None) -> list[Document]:
    qs = public_documents()
    if kind:
        qs = qs.filter(kind=kind)
    return list(for_list(qs).order_by("-published_at", "-id")[:limit])


def interpretations(limit: int | None = None) -> QuerySet[Document]:
    qs = for_list(public_documents().filter(kind=DocumentKind.INTERPRETATION))
    return qs[:limit] if limit else qs


def of_agency(agency: Agency) -> QuerySet[Document]:
    """主办 or 联合发布 by the agency; a subquery keeps rows unique without DISTINCT."""
    through = Document.issuing_agencies.through
    joint = through.objects.filter(agency_id=agency.pk).values("document_id")
    return public_documents().filter(Q(agency=agency) | Q(pk__in=joint))


def in_nodes(node_ids: Iterable[int]) -> QuerySet[Document]:
    through = Document.catalogue_nodes.through
    ids = list(node_ids)
    linked = through.objects.filter(cataloguenode_id__in=ids).values("document_id")
    return public_documents().filter(pk__in=linked)


def in_topics(topic_ids: Iterable[int]) -> QuerySet[Document]:
    return public_documents().filter(topic_id__in=list(topic_ids))


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """Start and end of a calendar year in Asia/Shanghai, as aware datetimes."""
    tz = timezone.get_current_timezone()
    start = dt.datetime(year, 1, 1, tzinfo=tz)
    end = dt.datetime(year + 1, 1, 1, tzinfo=tz)
    return start, end


def in_year(year: int) -> QuerySet[Document]:
    start, end = year_bounds(year)
    return public_documents().filter(published_at__gte=start, published_at__lt=end)


def years_with_counts() -> list[tuple[int, int]]:
    """(year, number of public documents), newest first, in one grouped query.

    The year is taken in Asia/Shanghai (Django converts on both backends).
    """
    rows = (
        public_documents()
        .exclude(published_at=None)
        .annotate(year=ExtractYear("published_at"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by("-year")
    )
    return [(r["year"], r["n"]) for r in rows]


@dataclass
class Node:
    """A catalogue column with its children, built from one query per agency."""

    obj: CatalogueNode
    children: list[Node] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.obj.pk

    def subtree_ids(self) -> list[int]:
        ids = [self.obj.pk]
        for child in self.children:
            ids.extend(child.subtree_ids())
        return ids


def catalogue_tree(agency: Agency) -> tuple[list[Node], dict[int, Node]]:
    """The agency's columns as a forest (roots in order) and a pk → node map."""
    nodes = {
        n.pk: Node(n)
        for n in CatalogueNode.objects.filter(agency=agency).order_by("position", "id")
    }
    roots: list[Node] = []
    for node in nodes.values():
        node.obj.agency = agency  # spares a query per get_absolute_url
        parent = nodes.get(node.obj.parent_id) if node.obj.parent_id else None
        (parent.children if parent else roots).append(node)
    return roots, nodes


def ancestors(node: CatalogueNode, nodes: dict[int, Node]) -> list[CatalogueNode]:
    chain: list[CatalogueNode] = []
    current = nodes.get(node.parent_id) if node.parent_id else None
    while current is not None and len(chain) < 20:
        chain.append(current.obj)
        current = nodes.get(current.obj.parent_id) if current.obj.parent_id else None
    return list(reversed(chain))


def node_counts(node_ids: Iterable[int]) -> dict[int, int]:
    """Public documents linked directly to each column, in one query."""
    through = Document.catalogue_nodes.through
    public = public_documents().values("pk")
    rows = (
        through.objects.filter(cataloguenode_id__in=list(node_ids))
        .filter(document_id__in=public)
        .values("cataloguenode_id")
        .annotate(n=Count("document_id"))
    )
    return {r["cataloguenode_id"]: r["n"] for r in rows}


def topic_tree_with_counts() -> list[tuple[TopicCategory, int, list]]:
    """[(topic, count incl. children, [(child, count), ...]), ...] in two queries."""
    counts = dict(
        public_documents()
        .exclude(topic_id=None)
        .values("topic_id")
        .annotate(n=Count("id"))
        .values_list("topic_id", "n")
    )
    children: dict[int, list[TopicCategory]] = defaultdict(list)
    roots: list[TopicCategory] = []
    for topic in TopicCategory.objects.order_by("position", "code"):
        (children[topic.parent_id] if topic.parent_id else roots).append(topic)
    out = []
    for root in roots:
        kids = [(c, counts.get(c.pk, 0)) for c in children[root.pk]]
        total = counts.get(root.pk, 0) + sum(n for _, n in kids)
        out.append((root, total, kids))
    return out


def public_relations(document: Document) -> tuple[list, list]:
    """(changed_by, changes): amend/repeal links to and from other public documents."""
    public = public_documents().values("pk")
    changed_by = list(
        DocumentRelation.objects.filter(target=document, source_id__in=public)
        .select_related("source")
        .order_by("source__published_at", "pk")
    )
    changes = list(
        DocumentRelation.objects.filter(source=document, target_id__in=public)
        .select_related("target")
        .order_by("target__published_at", "pk")
    )
    return changed_by, changes


def agencies_grouped() -> list[tuple[Agency, list[Agency]]]:
    """Top-level agencies with their descendants (depth-first), from one query."""
    agencies = list(Agency.objects.order_by("position", "id"))
    by_parent: dict[int | None, list[Agency]] = defaultdict(list)
    for a in agencies:
        by_parent[a.parent_id].append(a)

    def walk(a: Agency, depth: int) -> list[Agency]:
        out = []
        for child in by_parent.get(a.pk, []):
            child.depth = depth  # type: ignore[attr-defined]
            out.append(child)
            if depth < 10:
                out.extend(walk(child, depth + 1))
        return out

    return [(root, walk(root, 1)) for root in by_parent.get(None, [])]
