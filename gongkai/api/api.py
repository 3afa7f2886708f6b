"""The REST API (django-ninja); its OpenAPI schema is served at /api/openapi.json."""

from __future__ import annotations

from ninja import NinjaAPI

from gongkai.api.documents import router as documents_router
from gongkai.foi.api import router as foi_router
from gongkai.search.api import router as search_router

api = NinjaAPI(
    title="gongkai API",
    version="1",
    description="政府信息公开平台接口：政府信息、检索、依申请公开",
    urls_namespace="api",
)
api.add_router("/", documents_router)
api.add_router("/foi/", foi_router)
api.add_router("/search/", search_router)
