import pytest

from gongkai.publishing import actions
from gongkai.publishing.models import Disclosure


def publish(agency, drafter, reviewer, approver, **fields):
    fields.setdefault("body_html", "<p>正文</p>")
    doc = actions.create_document(agency=agency, by=drafter, **fields)
    rev = doc.revisions.get()
    actions.submit_for_review(rev, by=drafter)
    actions.pass_review(rev, by=reviewer)
    return actions.approve_and_publish(rev, by=approver)


@pytest.fixture
def staff(agency_a, drafter_a, reviewer_a, approver_a):
    return agency_a, drafter_a, reviewer_a, approver_a


def test_list_shows_only_public_documents(client, staff):
    public = publish(*staff, title="关于公开的通知", doc_number="甲政发〔2026〕1号")
    publish(
        *staff,
        title="依申请公开的内部文件",
        disclosure=Disclosure.ON_REQUEST,
        disclosure_reason="涉及第三方",
    )
    actions.create_document(agency=staff[0], by=staff[1], title="草稿", body_html="x")
    data = client.get("/api/documents").json()
    assert [d["title"] for d in data["items"]] == ["关于公开的通知"]
    assert data["items"][0]["index_number"] == public.index_number
    assert data["items"][0]["doc_number"] == "甲政发〔2026〕1号"


def test_detail_of_withdrawn_document_is_not_found(client, staff):
    doc = publish(*staff, title="将撤回的文件")
    assert client.get(f"/api/documents/{doc.pk}").status_code == 200
    actions.withdraw(doc, by=staff[3], reason="内容有误")
    assert client.get(f"/api/documents/{doc.pk}").status_code == 404


def test_detail_lists_public_relations_only(client, staff, approver_a):
    old = publish(*staff, title="原办法", is_normative=True)
    new = publish(*staff, title="新办法", is_normative=True)
    actions.add_relation(new, old, "repeals", by=approver_a)
    detail = client.get(f"/api/documents/{old.pk}").json()
    assert detail["validity"] == "repealed"
    assert detail["changed_by"][0]["title"] == "新办法"
    actions.withdraw(new, by=approver_a, reason="撤回")
    detail = client.get(f"/api/documents/{old.pk}").json()
    assert detail["changed_by"] == []


def test_filters_reject_bad_values_with_a_clear_error(client, db):
    response = client.get("/api/documents?year=abc")
    assert response.status_code == 422
    assert "year" in response.content.decode()


def test_openapi_schema_is_served_without_cdn(client, db):
    schema = client.get("/api/openapi.json").json()
    assert "/api/documents" in schema["paths"]
    docs = client.get("/api/docs").content.decode()
    assert "cdn." not in docs


def test_search_facet_names_catalogue_columns(staff):
    from gongkai.publishing.models import CatalogueNode
    from gongkai.search.params import SearchParams
    from gongkai.search.queries import search

    node = CatalogueNode.objects.get(agency=staff[0], slug="statutory-rules")
    publish(*staff, title="关于公开的规章", catalogue_nodes=[node])
    [option] = search(SearchParams(q="规章")).facets["catalogue"]
    assert (option.value, option.label) == ("statutory-rules", node.name)
