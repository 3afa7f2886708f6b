"""sitemap.xml: public documents, agencies' columns and the fixed pages."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse

from gongkai.core.models import Agency
from gongkai.publishing.models import CatalogueNode, Document
from gongkai.publishing.queries import public_documents


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    limit = 10000

    def items(self) -> QuerySet[Document]:
        return (
            public_documents().only("pk", "published_at", "updated_at").order_by("pk")
        )

    def lastmod(self, item: Document) -> dt.datetime | None:
        return item.updated_at or item.published_at


class AgencySitemap(Sitemap):
    changefreq = "weekly"

    def items(self) -> QuerySet[Agency]:
        return Agency.objects.only("slug").order_by("position", "id")


class CatalogueSitemap(Sitemap):
    changefreq = "weekly"
    limit = 10000

    def items(self) -> QuerySet[CatalogueNode]:
        return (
            CatalogueNode.objects.select_related("agency")
            .only("slug", "agency__slug")
            .order_by("agency_id", "position", "id")
        )


class PageSitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "portal:home",
            "portal:agencies",
            "portal:documents",
            "portal:interpretations",
            "portal:topics",
            "portal:years",
        ]

    def location(self, item: str) -> str:  # type: ignore[override]
        return reverse(item)


SITEMAPS = {
    "pages": PageSitemap,
    "agencies": AgencySitemap,
    "columns": CatalogueSitemap,
    "documents": DocumentSitemap,
}
