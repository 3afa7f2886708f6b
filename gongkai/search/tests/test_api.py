import pytest
from ninja import NinjaAPI

from gongkai.search.api import build_router
from gongkai.search.tests.factories import add

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    add(
        "优化营商环境条例",
        "营商环境",
        key="a",
        agency="国务院",
        agency_ids=(1,),
        validity="valid",
    )
    add(
        "营商环境评价办法",
        "营商环境",
        key="b",
        agency="发改委",
        agency_ids=(2,),
        validity="repealed",
    )


def test_api_returns_hits_facets_and_pagination(client, docs):
    data = client.get("/api/search/", {"q": "营商环境", "page_size": 1}).json()
    assert data["total"] == 2 and data["num_pages"] == 2 and len(data["results"]) == 1
    assert {o["value"] for o in data["facets"]["agency"]} == {"1", "2"}
    assert "<mark>" in data["results"][0]["title_html"]


def test_api_filters_and_facets_exclude_their_own_filter(client, docs):
    data = client.get("/api/search/", {"q": "营商环境", "agency": "1"}).json()
    assert data["total"] == 1
    counts = {o["value"]: (o["count"], o["selected"]) for o in data["facets"]["agency"]}
    assert counts == {"1": (1, True), "2": (1, False)}
    assert {o["value"] for o in data["facets"]["validity"]} == {"valid"}


def test_api_rejects_bad_parameters_with_422(client, docs):
    assert client.get("/api/search/", {"q": "x", "page": "0"}).status_code == 422
    assert (
        client.get("/api/search/", {"q": "x", "published_from": "someday"}).status_code
        == 422
    )
    response = client.get(
        "/api/search/",
        {"q": "x", "published_from": "2021-01-01", "published_to": "2020-01-01"},
    )
    assert response.status_code == 422
    assert response.json()["detail"] == {"published_to": "before_start"}


def test_openapi_schema_documents_query_filters_and_facets():
    api = NinjaAPI(urls_namespace="search-schema-test")
    api.add_router("/search/", build_router())
    schema = api.get_openapi_schema(path_prefix="/api/")
    op = schema["paths"]["/api/search/"]["get"]
    names = {p["name"] for p in op["parameters"]}
    assert {
        "q",
        "mode",
        "sort",
        "agency",
        "validity",
        "year",
        "page",
        "page_size",
    } <= names
    assert "SearchOut" in schema["components"]["schemas"]
