"""Read API over published government information (主动公开 only)."""

import datetime as dt

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from gongkai.core.models import Agency
from gongkai.publishing.models import CatalogueNode, Document
from gongkai.publishing.queries import public_documents

router = Router(tags=["政府信息"])


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    slug: str
    code: str
    level: str
    parent_id: int | None


class DocumentSummary(Schema):
    id: int
    index_number: str | None = Field(description="索引号")
    title: str
    doc_number: str = Field(description="文号（按原样）")
    agency: str = Field(description="主办机关")
    topic: str | None = Field(description="主题分类")
    genre: str = Field(description="体裁")
    written_date: dt.date | None = Field(description="成文日期")
    published_at: dt.datetime | None = Field(description="发布日期")
    validity: str = Field(description="有效性")
    url: str
    external_id: str | None

    # The detail endpoint passes an already resolved dict through the same schema.
    @staticmethod
    def resolve_agency(obj: Document | dict) -> str:
        return obj["agency"] if isinstance(obj, dict) else obj.agency.name

    @staticmethod
    def resolve_topic(obj: Document | dict) -> str | None:
        if isinstance(obj, dict):
            return obj["topic"]
        return str(obj.topic) if obj.topic_id else None

    @staticmethod
    def resolve_url(obj: Document | dict) -> str:
        return obj["url"] if isinstance(obj, dict) else obj.get_absolute_url()


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    kind: str


class RelationOut(Schema):
    kind: str = Field(description="amends 修改 / repeals 废止")
    document_id: int
    title: str
    effective_date: dt.date | None


class DocumentDetail(DocumentSummary):
    issuing_agencies: list[str] = Field(description="发布机构")
    keywords: str = Field(description="主题词")
    source: str = Field(description="来源")
    effective_date: dt.date | None
    expiry_date: dt.date | None
    body_html: str
    kind: str
    interprets_id: int | None = Field(description="所解读的政策文件")
    interpretation_ids: list[int]
    attachments: list[AttachmentOut]
    changed_by: list[RelationOut] = Field(description="修改或废止本文件的文件")
    changes: list[RelationOut] = Field(description="本文件修改或废止的文件")


class DocumentFilters(Schema):
    agency: str | None = Field(None, description="机关 slug")
    topic: str | None = Field(None, description="主题分类编码")
    year: int | None = Field(None, ge=1949, le=2100, description="发布年份")
    validity: str | None = None
    catalogue: str | None = Field(
        None, description="目录栏目 slug（需同时给出 agency）"
    )


@router.get("/agencies", response=list[AgencyOut], summary="机关列表")
def list_agencies(request: HttpRequest) -> list[Agency]:
    return list(Agency.objects.order_by("position", "id"))


@router.get("/documents", response=list[DocumentSummary], summary="政府信息列表")
@paginate(PageNumberPagination, page_size=20)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]):  # type: ignore[no-untyped-def]
    qs = public_documents().select_related("agency", "topic__parent")
    if filters.agency:
        qs = qs.filter(agency__slug=filters.agency)
    if filters.topic:
        qs = qs.filter(topic__code__startswith=filters.topic)
    if filters.year:
        qs = qs.filter(published_at__year=filters.year)
    if filters.validity is not None:
        qs = qs.filter(validity=filters.validity)
    if filters.catalogue and filters.agency:
        node = CatalogueNode.objects.filter(
            agency__slug=filters.agency, slug=filters.catalogue
        ).first()
        qs = qs.filter(catalogue_nodes=node) if node else qs.none()
    return qs.order_by("-published_at", "-id")


@router.get(
    "/documents/{int:document_id}", response=DocumentDetail, summary="政府信息详情"
)
def get_document(request: HttpRequest, document_id: int) -> dict:
    doc = get_object_or_404(
        public_documents().select_related("agency", "topic__parent", "live_revision"),
        pk=document_id,
    )
    incoming = list(doc.incoming_relations.select_related("source"))
    outgoing = list(doc.outgoing_relations.select_related("target"))
    interpretation_ids = list(doc.interpretations.values_list("pk", flat=True))
    related = {r.source_id for r in incoming} | {r.target_id for r in outgoing}
    related |= set(interpretation_ids) | {doc.interprets_id}
    # Links to drafts or withdrawn records would reveal them: keep public ones only.
    public_ids = set(
        public_documents().filter(pk__in=related).values_list("pk", flat=True)
    )
    attachments = doc.live_revision.attachments.all() if doc.live_revision_id else []
    return {
        **DocumentSummary.from_orm(doc).dict(),
        "issuing_agencies": [a.name for a in doc.issuing_agencies.all()],
        "keywords": doc.keywords,
        "source": doc.source,
        "effective_date": doc.effective_date,
        "expiry_date": doc.expiry_date,
        "body_html": doc.body_html,
        "kind": doc.kind,
        "interprets_id": doc.interprets_id if doc.interprets_id in public_ids else None,
        "interpretation_ids": [pk for pk in interpretation_ids if pk in public_ids],
        "attachments": [
            {
                "id": a.pk,
                "name": a.original_name,
                "content_type": a.content_type,
                "size": a.size,
                "kind": a.kind,
            }
            for a in attachments
        ],
        "changed_by": [
            {
                "kind": r.kind,
                "document_id": r.source_id,
                "title": r.source.title,
                "effective_date": r.effective_date,
            }
            for r in incoming
            if r.source_id in public_ids
        ],
        "changes": [
            {
                "kind": r.kind,
                "document_id": r.target_id,
                "title": r.target.title,
                "effective_date": r.effective_date,
            }
            for r in outgoing
            if r.target_id in public_ids
        ],
    }
