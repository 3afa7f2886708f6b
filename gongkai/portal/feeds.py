"""RSS 2.0 and Atom feeds: the latest public information, and one per column."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.core.models import Agency
from gongkai.portal import queries as q
from gongkai.publishing.models import CatalogueNode, Document

FEED_SIZE = 30


class LatestFeed(Feed):
    """最新政府信息 (RSS 2.0)."""

    def title(self) -> str:
        return f"{settings.SITE_NAME} · 最新政府信息"

    def link(self) -> str:
        return reverse("portal:documents")

    def description(self) -> str:
        return f"{settings.SITE_NAME}最新主动公开的政府信息"

    def feed_url(self) -> str:
        return reverse("portal:feed-latest")

    def items(self) -> list[Document]:
        return list(q.latest(FEED_SIZE))

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        parts = []
        if item.doc_number:
            parts.append(f"文号：{item.doc_number}")
        parts.append(f"发布机构：{item.agency.name}")
        if item.index_number:
            parts.append(f"索引号：{item.index_number}")
        if item.validity:
            parts.append(f"有效性：{item.get_validity_display()}")
        return "；".join(parts)

    def item_link(self, item: Document) -> str:
        return item.get_absolute_url()

    def item_guid(self, item: Document) -> str:
        return item.get_absolute_url()

    item_guid_is_permalink = False

    def item_pubdate(self, item: Document) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Document) -> dt.datetime | None:
        return item.updated_at or item.published_at

    def item_author_name(self, item: Document) -> str:
        return item.agency.name


class LatestAtomFeed(LatestFeed):
    feed_type = Atom1Feed

    def feed_url(self) -> str:
        return reverse("portal:feed-latest-atom")

    def subtitle(self) -> str:
        return self.description()


class CatalogueFeed(LatestFeed):
    """One column of an agency's 主动公开目录, including its sub-columns."""

    def get_object(  # type: ignore[override]
        self, request: HttpRequest, slug: str, node_slug: str
    ) -> tuple[CatalogueNode, list[int]]:
        agency = get_object_or_404(Agency, slug=slug)
        _, nodes = q.catalogue_tree(agency)
        node = next((n for n in nodes.values() if n.obj.slug == node_slug), None)
        if node is None:
            raise Http404("未找到该栏目")
        return node.obj, node.subtree_ids()

    def title(self, obj: tuple[CatalogueNode, list[int]]) -> str:  # type: ignore[override]
        node = obj[0]
        return f"{node.agency.name} · {node.name}"

    def link(self, obj: tuple[CatalogueNode, list[int]]) -> str:  # type: ignore[override]
        return obj[0].get_absolute_url()

    def description(self, obj: tuple[CatalogueNode, list[int]]) -> str:  # type: ignore[override]
        node = obj[0]
        return f"{node.agency.name}政府信息公开“{node.name}”栏目的最新信息"

    def feed_url(self, obj: tuple[CatalogueNode, list[int]]) -> str:  # type: ignore[override]
        node = obj[0]
        return reverse("portal:catalogue-feed", args=[node.agency.slug, node.slug])

    def items(self, obj: tuple[CatalogueNode, list[int]]) -> list[Document]:  # type: ignore[override]
        qs = q.for_list(q.in_nodes(obj[1])).order_by("-published_at", "-id")
        return list(qs[:FEED_SIZE])


class CatalogueAtomFeed(CatalogueFeed):
    feed_type = Atom1Feed

    def feed_url(self, obj: tuple[CatalogueNode, list[int]]) -> str:  # type: ignore[override]
        node = obj[0]
        return reverse("portal:catalogue-atom", args=[node.agency.slug, node.slug])

    def subtitle(self, obj: tuple[CatalogueNode, list[int]]) -> str:
        return self.description(obj)
