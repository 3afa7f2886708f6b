import datetime as dt

import pytest

from gongkai.search.tests.factories import add, keys, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    add(
        "甲县环境保护规定",
        "环境保护",
        key="a",
        agency="甲县人民政府；乙县人民政府",
        agency_ids=(1, 2),
        topic="城乡建设、环境保护",
        genre="通知",
        validity="valid",
        catalogue=("policy",),
        catalogue_labels=("政策文件",),
        written_date=dt.date(2019, 12, 20),
        published_date=dt.date(2020, 1, 5),
        extra={"content_kind": "policy"},
    )
    add(
        "乙县环境保护办法",
        "环境保护",
        key="b",
        agency="乙县人民政府",
        agency_ids=(2,),
        topic="城乡建设、环境保护",
        genre="意见",
        validity="repealed",
        catalogue=("rules",),
        written_date=dt.date(2021, 3, 1),
        published_date=dt.date(2021, 3, 10),
        extra={"content_kind": "general"},
    )
    add(
        "丙县环境保护解读",
        "环境保护",
        key="c",
        agency="丙县人民政府",
        agency_ids=(3,),
        topic="综合政务",
        genre="通知",
        validity="",
        published_date=dt.date(2023, 6, 1),
        extra={"content_kind": "interpretation"},
    )


def counts(result, name):
    return {o.value: o.count for o in result.facets[name]}


def test_filters_combine_across_fields_and_or_within_a_field(docs):
    assert sorted(keys(run("环境保护", filters={"genre": ("通知",)}))) == ["a", "c"]
    assert sorted(keys(run("环境保护", filters={"agency": ("1", "3")}))) == ["a", "c"]
    assert keys(run("环境保护", filters={"agency": ("2",), "genre": ("通知",)})) == [
        "a"
    ]


def test_joint_documents_count_for_every_issuing_agency(docs):
    result = run("环境保护")
    assert counts(result, "agency") == {"1": 1, "2": 2, "3": 1}
    labels = {o.value: o.label for o in result.facets["agency"]}
    assert labels["1"] == "甲县人民政府"


def test_each_facet_ignores_its_own_filter_but_not_the_others(docs):
    result = run("环境保护", filters={"genre": ("通知",)})
    assert sorted(keys(result)) == ["a", "c"]
    assert counts(result, "genre") == {"通知": 2, "意见": 1}
    assert counts(result, "year") == {"2020": 1, "2023": 1}
    both = run(
        "环境保护", filters={"genre": ("通知", "意见"), "validity": ("repealed",)}
    )
    assert keys(both) == ["b"]
    # validity=repealed applies; a selected value stays listed, with 0
    assert counts(both, "genre") == {"意见": 1, "通知": 0}
    assert counts(both, "validity") == {"valid": 1, "repealed": 1}  # genre applies


def test_year_catalogue_and_kind_filters(docs):
    assert keys(run("环境保护", filters={"year": ("2021",)})) == ["b"]
    assert keys(run("环境保护", filters={"catalogue": ("policy",)})) == ["a"]
    assert keys(run("环境保护", filters={"kind": ("interpretation",)})) == ["c"]
    labels = {o.value: o.label for o in run("环境保护").facets["catalogue"]}
    assert labels == {"policy": "政策文件", "rules": "rules"}


def test_written_and_published_date_ranges(docs):
    assert keys(run("环境保护", written_from=dt.date(2020, 1, 1))) == ["b"]
    assert keys(run("环境保护", written_to=dt.date(2019, 12, 31))) == ["a"]
    assert sorted(
        keys(
            run(
                "环境保护",
                published_from=dt.date(2021, 1, 1),
                published_to=dt.date(2023, 12, 31),
            )
        )
    ) == ["b", "c"]


def test_filters_without_a_query_list_entries_by_date(docs):
    result = run("", filters={"topic": ("城乡建设、环境保护",)})
    assert keys(result) == ["b", "a"]


def test_entries_with_the_same_facet_values_share_one_facet_set(docs):
    from gongkai.search.models import FacetSet, SearchEntry

    before = FacetSet.objects.count()
    add(
        "丁县环境保护解读",
        "环境保护",
        key="d",
        agency="丙县人民政府",
        agency_ids=(3,),
        topic="综合政务",
        genre="通知",
        validity="",
        published_date=dt.date(2023, 7, 1),
        extra={"content_kind": "interpretation"},
    )
    assert FacetSet.objects.count() == before
    c, d = SearchEntry.objects.filter(key__in=["c", "d"])
    assert c.facet_set_id == d.facet_set_id
    assert counts(run("环境保护"), "agency") == {"1": 1, "2": 2, "3": 2}


def test_a_renamed_agency_counts_once_under_its_most_common_label(docs):
    for key in ("e", "f"):
        add(
            "乙县环境保护通告",
            "环境保护",
            key=key,
            agency="乙县人民政府（新）",
            agency_ids=(2,),
            published_date=dt.date(2024, 1, 1),
        )
    add(
        "乙县环境保护公告",
        "环境保护",
        key="g",
        agency="乙县人民政府（新）",
        agency_ids=(2,),
        published_date=dt.date(2024, 2, 1),
    )
    [option] = [o for o in run("环境保护").facets["agency"] if o.value == "2"]
    assert (option.count, option.label) == (5, "乙县人民政府（新）")


def test_totals_under_filters_without_facets(docs):
    result = run("环境保护", filters={"agency": ("2",)}, facets=False)
    assert (result.total, result.facets) == (2, {})
    assert run("环境保护", filters={"agency": ("9",)}, facets=False).total == 0


def test_a_rebuild_drops_facet_sets_no_entry_uses(docs, monkeypatch):
    from gongkai.search import index
    from gongkai.search.models import FacetSet, FacetSetValue

    index.remove_entry("document", "a")
    assert FacetSet.objects.count() == 3  # kept for reuse until a rebuild
    monkeypatch.setitem(index._SOURCES, "document", lambda: [])
    index.rebuild(["document"])
    assert FacetSet.objects.count() == 0
    assert FacetSetValue.objects.count() == 0
