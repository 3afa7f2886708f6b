"""The public portal: home, 政府信息公开 column, lists, document pages, downloads.

Every page reads through `publishing.queries.public_documents()` (published and
主动公开) and never writes. A withdrawn record answers 410 with its reason and date;
anything else that is not public answers 404, the same as a missing record.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseRedirect,
    HttpResponseServerError,
)
from django.shortcuts import get_object_or_404, render
from django.template import loader
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from gongkai.core.models import Agency
from gongkai.lib.html import sanitize_html
from gongkai.portal import queries as q
from gongkai.publishing.models import (
    Attachment,
    CatalogueNode,
    Disclosure,
    Document,
    DocumentKind,
    TopicCategory,
    Validity,
)
from gongkai.publishing.queries import public_documents

log = logging.getLogger(__name__)

PAGE_SIZE = 20
Kind = CatalogueNode.Kind
# The four first-level parts of every 政府信息公开 column (国办公开办函〔2019〕61号).
PARTS = {
    "guide": Kind.GUIDE,
    "system": Kind.SYSTEM,
    "statutory": Kind.STATUTORY,
    "annual-report": Kind.ANNUAL_REPORT,
}
PART_SLUG = {v: k for k, v in PARTS.items()}
PREF_COOKIES = {"large_text": "gk_large_text", "contrast": "gk_contrast"}
PREF_MAX_AGE = 365 * 24 * 3600


def _page(request: HttpRequest, qs: QuerySet[Document]) -> Page:
    ordered = qs.order_by("-published_at", "-id")
    return Paginator(ordered, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_string(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _list_context(request: HttpRequest, qs: QuerySet[Document]) -> dict[str, object]:
    return {
        "page": _page(request, q.for_list(qs)),
        "query_string": _query_string(request),
    }


# --- home and the 政府信息公开 platform --------------------------------------------


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/home.html",
        {
            "latest": q.latest(10),
            "policies": q.latest(6, kind=DocumentKind.POLICY),
            "interpretations": list(q.interpretations(6)),
            "agency_groups": q.agencies_grouped(),
            "parts": _part_links(),
        },
    )


def _part_links() -> list[tuple[str, str]]:
    return [(reverse("portal:part", args=[s]), k.label) for s, k in PARTS.items()]


@require_safe
def agencies(request: HttpRequest) -> HttpResponse:
    """政府信息公开 platform: every agency's column, and the four parts across them."""
    return render(
        request,
        "portal/agencies.html",
        {"agency_groups": q.agencies_grouped(), "parts": _part_links()},
    )


@require_safe
def part(request: HttpRequest, part: str) -> HttpResponse:
    """One standard part (e.g. 政府信息公开年报) across all agencies."""
    kind = PARTS[part]
    if kind == Kind.GUIDE:
        groups = q.agencies_grouped()
        return render(
            request,
            "portal/part_guide.html",
            {"agency_groups": groups, "part_label": kind.label},
        )
    rows = list(CatalogueNode.objects.values_list("pk", "parent_id", "kind"))
    parent = {pk: parent_id for pk, parent_id, _ in rows}
    own_kind = {pk: k for pk, _, k in rows}

    def under_kind(pk: int) -> bool:
        seen = 0
        current: int | None = pk
        while current is not None and seen < 20:
            if own_kind.get(current) == kind:
                return True
            current = parent.get(current)
            seen += 1
        return False

    ids = [pk for pk, _, _ in rows if under_kind(pk)]
    ctx = _list_context(request, q.in_nodes(ids))
    ctx.update({"part_label": kind.label, "part_slug": part})
    return render(request, "portal/part.html", ctx)


def _agency_or_404(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.select_related("parent"), slug=slug)


@require_safe
def agency(request: HttpRequest, slug: str) -> HttpResponse:
    """The agency's 政府信息公开 column: the four parts, 依申请公开, 标准目录, latest."""
    agency = _agency_or_404(slug)
    roots, _ = q.catalogue_tree(agency)
    sections = []
    for kind in (Kind.SYSTEM, Kind.STATUTORY, Kind.ANNUAL_REPORT):
        node = next((n for n in roots if n.obj.kind == kind), None)
        docs = []
        if node is not None:
            docs = list(
                q.for_list(q.in_nodes(node.subtree_ids())).order_by(
                    "-published_at", "-id"
                )[:6]
            )
        sections.append({"kind": kind, "node": node, "documents": docs})
    standard = [n for n in roots if n.obj.kind == Kind.STANDARD_DOMAIN]
    if len(standard) == 1 and standard[0].children:
        # One "基层政务公开标准目录" column holding the domains.
        standard_root, standard = standard[0], standard[0].children
    else:
        standard_root = None
    shown = {Kind.GUIDE, Kind.SYSTEM, Kind.STATUTORY, Kind.ANNUAL_REPORT}
    others = [
        n
        for n in roots
        if n.obj.kind not in shown and n.obj.kind != Kind.STANDARD_DOMAIN
    ]
    guide_node = next((n for n in roots if n.obj.kind == Kind.GUIDE), None)
    latest = list(q.for_list(q.of_agency(agency)).order_by("-published_at", "-id")[:10])
    return render(
        request,
        "portal/agency.html",
        {
            "agency": agency,
            "tree": roots,
            "children": list(agency.children.order_by("position", "id")),
            "sections": sections,
            "guide_node": guide_node,
            "standard_root": standard_root,
            "standard": standard if agency.is_grassroots or standard_root else [],
            "others": others,
            "latest": latest,
        },
    )


def _guide_context(agency: Agency) -> dict[str, object]:
    return {"guide_html": sanitize_html(agency.guide_html)}


@require_safe
def agency_guide(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency_or_404(slug)
    roots, _ = q.catalogue_tree(agency)
    guide_node = next((n for n in roots if n.obj.kind == Kind.GUIDE), None)
    docs = []
    if guide_node is not None:
        docs = list(q.for_list(q.in_nodes(guide_node.subtree_ids()))[:20])
    ctx = {
        "agency": agency,
        "tree": roots,
        "guide_node": guide_node,
        "documents": docs,
    }
    ctx.update(_guide_context(agency))
    return render(request, "portal/agency_guide.html", ctx)


@require_safe
def agency_documents(request: HttpRequest, slug: str) -> HttpResponse:
    agency = _agency_or_404(slug)
    roots, _ = q.catalogue_tree(agency)
    ctx = _list_context(request, q.of_agency(agency))
    ctx.update({"agency": agency, "tree": roots})
    return render(request, "portal/agency_documents.html", ctx)


def _node_or_404(
    agency: Agency, node_slug: str
) -> tuple[q.Node, dict[int, q.Node], list[q.Node]]:
    roots, nodes = q.catalogue_tree(agency)
    node = next((n for n in nodes.values() if n.obj.slug == node_slug), None)
    if node is None:
        raise Http404("未找到该栏目")
    return node, nodes, roots


@require_safe
def catalogue(request: HttpRequest, slug: str, node_slug: str) -> HttpResponse:
    """A column of the agency's 主动公开目录: sub-columns and documents in its subtree."""
    agency = _agency_or_404(slug)
    node, nodes, roots = _node_or_404(agency, node_slug)
    direct = q.node_counts(nodes.keys())
    children = [
        (child, sum(direct.get(i, 0) for i in child.subtree_ids()))
        for child in node.children
    ]
    ancestors = q.ancestors(node.obj, nodes)
    ctx = _list_context(request, q.in_nodes(node.subtree_ids()))
    ctx.update(
        {
            "agency": agency,
            "node": node.obj,
            "tree": roots,
            "open_ids": {node.pk, *(a.pk for a in ancestors)},
            "ancestors": ancestors,
            "children": children,
            "is_standard": node.obj.kind == Kind.STANDARD_DOMAIN,
        }
    )
    if node.obj.kind == Kind.GUIDE:
        ctx.update(_guide_context(agency))
    return render(request, "portal/catalogue.html", ctx)


# --- lists -------------------------------------------------------------------------


def _parse_filters(request: HttpRequest) -> tuple[QuerySet[Document], dict, list]:
    """The /documents/ filter form; a bad value is reported and ignored, never a 500."""
    qs = public_documents()
    errors: list[str] = []
    chosen: dict[str, object] = {}
    slug = request.GET.get("agency", "").strip()
    if slug:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            errors.append("未找到所选的发布机构，已显示全部机构的信息。")
        else:
            qs = q.of_agency(agency)
            chosen["agency"] = agency
    code = request.GET.get("topic", "").strip()
    if code:
        topic = TopicCategory.objects.filter(code=code).first()
        if topic is None:
            errors.append("未找到所选的主题分类，已显示全部分类的信息。")
        else:
            ids = [topic.pk, *topic.children.values_list("pk", flat=True)]
            qs = qs.filter(topic_id__in=ids)
            chosen["topic"] = topic
    year = request.GET.get("year", "").strip()
    if year:
        if re.fullmatch(r"\d{4}", year) and 1949 <= int(year) <= 2999:
            start, end = q.year_bounds(int(year))
            qs = qs.filter(published_at__gte=start, published_at__lt=end)
            chosen["year"] = int(year)
        else:
            errors.append("年份应为四位数字，例如 2024；已显示全部年份的信息。")
    kind = request.GET.get("kind", "").strip()
    if kind:
        if kind in DocumentKind.values:
            qs = qs.filter(kind=kind)
            chosen["kind"] = kind
        else:
            errors.append("信息类型不正确，已显示全部类型的信息。")
    validity = request.GET.get("validity", "").strip()
    if validity:
        if validity in Validity.values:
            qs = qs.filter(validity=validity)
            chosen["validity"] = validity
        else:
            errors.append("有效性选项不正确，已显示全部信息。")
    return qs, chosen, errors


@require_safe
def documents(request: HttpRequest) -> HttpResponse:
    """All public information, filterable by agency, 主题分类, year, type and 有效性."""
    qs, chosen, errors = _parse_filters(request)
    ctx = _list_context(request, qs)
    ctx.update(
        {
            "chosen": chosen,
            "errors": errors,
            "agency_choices": Agency.objects.order_by("position", "id").only(
                "slug", "name"
            ),
            "topic_choices": TopicCategory.objects.select_related("parent"),
            "year_choices": [y for y, _ in q.years_with_counts()],
            "kind_choices": DocumentKind.choices,
            "validity_choices": [c for c in Validity.choices if c[0]],
        }
    )
    return render(request, "portal/documents.html", ctx)


@require_safe
def interpretations(request: HttpRequest) -> HttpResponse:
    ctx = _list_context(
        request, public_documents().filter(kind=DocumentKind.INTERPRETATION)
    )
    return render(request, "portal/interpretations.html", ctx)


@require_safe
def topics(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/topics.html", {"tree": q.topic_tree_with_counts()})


@require_safe
def topic(request: HttpRequest, code: str) -> HttpResponse:
    topic = get_object_or_404(TopicCategory.objects.select_related("parent"), code=code)
    ids = [topic.pk, *topic.children.values_list("pk", flat=True)]
    ctx = _list_context(request, q.in_topics(ids))
    ctx.update({"topic": topic, "subtopics": list(topic.children.all())})
    return render(request, "portal/topic.html", ctx)


@require_safe
def years(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/years.html", {"years": q.years_with_counts()})


@require_safe
def year(request: HttpRequest, year: int) -> HttpResponse:
    if not 1949 <= year <= 2999:
        raise Http404("年份超出范围")
    ctx = _list_context(request, q.in_year(year))
    ctx["year"] = year
    return render(request, "portal/year.html", ctx)


# --- document pages ----------------------------------------------------------------


@require_safe
def document(request: HttpRequest, pk: int) -> HttpResponse:
    doc = (
        Document.objects.select_related("agency", "topic__parent", "live_revision")
        .filter(pk=pk)
        .first()
    )
    if doc is None:
        raise Http404("未找到该信息")
    if (
        doc.status == Document.Status.WITHDRAWN
        and doc.disclosure == Disclosure.PROACTIVE
        and doc.published_at is not None
    ):
        return render(request, "410.html", {"document": doc}, status=410)
    if not doc.is_public:
        raise Http404("未找到该信息")
    issuers = list(doc.issuing_agencies.order_by("position", "id"))
    nodes = list(
        doc.catalogue_nodes.select_related("agency").order_by("position", "id")
    )
    attachments = (
        list(doc.live_revision.attachments.order_by("kind", "id"))
        if doc.live_revision_id
        else []
    )
    for att in attachments:
        att.ext = Path(att.original_name).suffix.lstrip(".").upper()  # type: ignore[attr-defined]
    policy = None
    if doc.interprets_id:
        policy = (
            public_documents().filter(pk=doc.interprets_id).defer(*q.LIST_DEFER).first()
        )
    interps = list(
        q.for_list(public_documents().filter(interprets=doc)).order_by("published_at")
    )
    changed_by, changes = q.public_relations(doc)
    issuers = issuers or [doc.agency]
    return render(
        request,
        "portal/document.html",
        {
            "document": doc,
            "body_html": sanitize_html(doc.body_html),
            "qa": [
                item
                for item in (doc.qa if isinstance(doc.qa, list) else [])
                if isinstance(item, dict) and (item.get("q") or item.get("a"))
            ],
            "issuers": issuers,
            "nodes": nodes,
            "meta_rows": _meta_rows(doc, issuers, nodes),
            "attachments": [
                a for a in attachments if a.kind == Attachment.Kind.ATTACHMENT
            ],
            "diagrams": [a for a in attachments if a.kind == Attachment.Kind.DIAGRAM],
            "policy": policy,
            "interpretations": interps,
            "changed_by": changed_by,
            "changes": changes,
            "validity_warning": doc.validity
            in (Validity.AMENDED, Validity.REPEALED, Validity.EXPIRED),
        },
    )


def _date(value: dt.date | None) -> str:
    return f"{value.year}年{value.month:02d}月{value.day:02d}日" if value else ""


def _meta_rows(
    doc: Document, issuers: list[Agency], nodes: list[CatalogueNode]
) -> list[list[dict[str, object]]]:
    """The 信息属性 table of county portals, two label/value pairs per row.

    The core fields always show (an empty one reads 无); the others only when set.
    """

    def cell(key: str, label: str, text: str = "", **kw: object) -> dict[str, object]:
        return {"key": key, "label": label, "text": text, **kw}

    published = (
        timezone.localtime(doc.published_at).date() if doc.published_at else None
    )
    topic = (
        cell(
            "topic",
            "主题分类",
            links=[(reverse("portal:topic", args=[doc.topic.code]), str(doc.topic))],
        )
        if doc.topic_id
        else cell("topic", "主题分类")
    )
    cells = [
        cell("index", "索引号", doc.index_number or ""),
        topic,
        cell(
            "agency",
            "发布机构",
            links=[(a.get_absolute_url(), a.name) for a in issuers],
        ),
        cell("written", "成文日期", _date(doc.written_date)),
        cell("title", "名称", doc.title, full=True),
        cell("number", "文号", doc.doc_number),
        cell("published", "发布日期", _date(published)),
    ]
    if doc.keywords:
        cells.append(cell("keywords", "主题词", doc.keywords))
    if doc.genre and doc.genre != "其他":
        cells.append(cell("genre", "体裁", doc.get_genre_display()))
    if doc.validity:
        cells.append(
            cell("validity", "有效性", doc.get_validity_display(), badge=doc.validity)
        )
    if doc.effective_date:
        cells.append(cell("effective", "施行日期", _date(doc.effective_date)))
    if doc.expiry_date:
        cells.append(cell("expiry", "失效日期", _date(doc.expiry_date)))
    if doc.source:
        cells.append(cell("source", "来源", doc.source))
    if nodes:
        cells.append(
            cell(
                "column",
                "所属栏目",
                links=[(n.get_absolute_url(), n.name) for n in nodes],
            )
        )
    cells.append(cell("disclosure", "公开方式", doc.get_disclosure_display()))
    rows: list[list[dict[str, object]]] = []
    pending: list[dict[str, object]] = []
    for c in cells:
        if c.get("full"):
            if pending:
                rows.append(pending)
                pending = []
            rows.append([c])
            continue
        pending.append(c)
        if len(pending) == 2:
            rows.append(pending)
            pending = []
    if pending:
        rows.append(pending)
    return rows


_SAFE_CONTENT_TYPE = re.compile(r"^[a-z0-9.+-]+/[a-z0-9.+-]+$", re.IGNORECASE)


@require_safe
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    """Download an attachment of the live copy of a public document, and nothing else."""
    doc = get_object_or_404(public_documents().only("pk", "live_revision_id"), pk=pk)
    if not doc.live_revision_id:
        raise Http404("未找到该附件")
    att = get_object_or_404(
        Attachment, pk=attachment_id, revision_id=doc.live_revision_id
    )
    name = att.file.name or ""
    storage = att.file.storage
    try:
        local = Path(storage.path(name)).resolve()
    except SuspiciousFileOperation:
        log.warning("attachment %s has an unsafe path %r", att.pk, name)
        raise Http404("未找到该附件") from None
    except NotImplementedError:  # remote storage: it resolves names itself
        local = None
    if local is not None:
        root = Path(settings.MEDIA_ROOT).resolve()
        if not local.is_relative_to(root) or not local.is_file():
            log.warning("attachment %s file missing or outside media: %r", att.pk, name)
            raise Http404("未找到该附件")
        handle = local.open("rb")
    else:
        try:
            handle = storage.open(name, "rb")
        except (OSError, SuspiciousFileOperation):
            raise Http404("未找到该附件") from None
    content_type = (
        att.content_type if _SAFE_CONTENT_TYPE.match(att.content_type) else ""
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=att.original_name or Path(name).name,
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- preferences, robots, accessibility, errors -------------------------------------


def display(request: HttpRequest) -> HttpResponse:
    """大字版 / 高对比度 without JavaScript: set a cookie and go back to the page."""
    values = {k: request.GET.get(k) for k in PREF_COOKIES if k in request.GET}
    if not values or any(v not in ("0", "1") for v in values.values()):
        return HttpResponseBadRequest(
            loader.render_to_string(
                "portal/display_error.html", {"SITE_NAME": settings.SITE_NAME}, request
            )
        )
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ) or not target.startswith("/"):
        target = reverse("portal:home")
    response = HttpResponseRedirect(target)
    for key, value in values.items():
        cookie = PREF_COOKIES[key]
        if value == "1":
            response.set_cookie(
                cookie,
                "1",
                max_age=PREF_MAX_AGE,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=True,
            )
        else:
            response.delete_cookie(cookie, samesite="Lax")
    return response


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    sitemap = request.build_absolute_uri(reverse("portal:sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Disallow: /display/",
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/accessibility.html")


def page_not_found(
    request: HttpRequest, exception: Exception | None = None
) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    """500 without the database or context processors: they may be what failed."""
    html = loader.get_template("500.html").render({"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(html)
