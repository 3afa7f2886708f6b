"""JSON search API, mounted at /api/search/ (`api.add_router("/search/", router)`)."""

import datetime as dt
from dataclasses import replace
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status

from gongkai.search.params import (
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    ParamError,
    build_params,
)
from gongkai.search.queries import search


class SearchQueryIn(Schema):
    q: str = Field(
        "",
        description="检索词：空格分隔多个词；引号内为完整短语；词前加 - 排除。"
        "可为文号（任意括号形式，如 国办发[2020]17号）或索引号。最长 200 字，超出部分忽略。",
        max_length=10_000,
    )
    mode: Literal["all", "title"] = Field("all", description="all 全文；title 仅标题")
    sort: Literal["relevance", "date"] = Field("relevance", description="排序")
    agency: list[str] = Field([], description="发布机构（机构 id，可多选）")
    topic: list[str] = Field([], description="主题分类（可多选）")
    genre: list[str] = Field([], description="体裁（可多选）")
    validity: list[str] = Field(
        [], description="有效性：valid, not_yet_effective, amended, repealed, expired"
    )
    year: list[int] = Field([], description="发布年份（可多选）")
    catalogue: list[str] = Field([], description="目录栏目标识（可多选）")
    kind: list[str] = Field([], description="信息类型（可多选）")
    written_from: dt.date | None = Field(None, description="成文日期起")
    written_to: dt.date | None = Field(None, description="成文日期止")
    published_from: dt.date | None = Field(None, description="发布日期起")
    published_to: dt.date | None = Field(None, description="发布日期止")
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)
    facets: bool = Field(True, description="是否返回分面计数")


class HitOut(Schema):
    kind: str
    key: str
    external_id: str
    title: str
    title_html: str = Field(description="标题，检索词用 <mark> 标出，其余已转义")
    url: str
    snippet_html: str = Field(description="正文摘要，检索词用 <mark> 标出，其余已转义")
    score: float
    doc_number: str = Field(description="文号")
    index_number: str = Field(description="索引号")
    agency: str = Field(description="发布机构")
    topic: str
    genre: str
    validity: str
    written_date: dt.date | None
    published_date: dt.date | None


class FacetOptionOut(Schema):
    value: str
    label: str
    count: int
    selected: bool


class SearchOut(Schema):
    q: str
    total: int
    page: int
    page_size: int
    num_pages: int
    results: list[HitOut]
    facets: dict[str, list[FacetOptionOut]] = Field(
        description="每个分面的计数：已选的其他条件生效，本分面自身的条件不生效"
    )
    notices: list[str] = Field(
        description="truncated 检索词被截断；too_many_terms 检索词过多；only_exclusions 只有排除词"
    )
    suggestion: str = Field(description="无结果时建议的检索词")
    suggestion_total: int
    suggest_full_text: int = Field(description="仅标题无结果时全文检索的结果数")
    suggest_without_filters: int = Field(description="去掉筛选条件后的结果数")


class ErrorOut(Schema):
    detail: dict[str, str]


def search_documents(request: HttpRequest, filters: Query[SearchQueryIn]):  # type: ignore[no-untyped-def]
    data = filters.dict()
    one = {
        k: (v.isoformat() if isinstance(v, dt.date) else v)
        for k, v in data.items()
        if not isinstance(v, list)
    }
    lists = {k: [str(x) for x in v] for k, v in data.items() if isinstance(v, list)}
    try:
        params = build_params(one, lists)
    except ParamError as exc:
        return Status(422, {"detail": exc.errors})
    if not data["facets"]:
        params = replace(params, facets=False)
    result = search(params)
    return Status(
        200,
        {
            "q": result.query.raw,
            "total": result.total,
            "page": result.page,
            "page_size": params.page_size,
            "num_pages": result.num_pages,
            "results": result.hits,
            "facets": result.facets,
            "notices": list(result.notices),
            "suggestion": result.suggestion,
            "suggestion_total": result.suggestion_total,
            "suggest_full_text": result.suggest_full_text,
            "suggest_without_filters": result.suggest_without_filters,
        },
    )


def build_router() -> Router:
    """A router with the search endpoint (a router can be mounted on one API only)."""
    new = Router(tags=["检索"])
    new.get("/", response={200: SearchOut, 422: ErrorOut}, summary="检索政府信息")(
        search_documents
    )
    return new


router = build_router()
