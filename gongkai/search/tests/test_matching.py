import pytest

from gongkai.search.tests.factories import add, keys, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs():
    add(
        "国务院办公厅关于进一步优化营商环境更好服务市场主体的实施意见",
        "为持续深化放管服改革，推进互联网+政务服务，实现一网通办。",
        key="yingshang",
        doc_number="国办发〔2020〕24号",
        index_number="000014349/2020-00072",
    )
    add(
        "关于个人所得税专项附加扣除的公告",
        "纳税人的子女接受全日制学历教育的相关支出，按照规定扣除。",
        key="geshui",
        doc_number="国家税务总局公告2018年第60号",
    )
    add(
        "城乡居民基本医疗保险办法",
        "参加医疗保障的居民，依照本办法享受待遇。",
        key="yibao",
        doc_number="国办发〔2019〕17号",
    )


@pytest.mark.parametrize(
    "q",
    [
        "国办发〔2020〕24号",
        "国办发[2020]24号",
        "国办发(2020)24号",
        "国办发【2020】24号",
        "国办发（2020）24号",
        "国办发［2020］24号",
        "国办发〔２０２０〕２４号",
        "国办发 2020 24",
        "国办发2020年24号",
    ],
)
def test_doc_number_in_any_bracket_style_ranks_the_document_first(docs, q):
    assert keys(run(q))[0] == "yingshang"


def test_doc_number_of_another_year_is_not_confused(docs):
    assert keys(run("国办发〔2019〕17号"))[0] == "yibao"


@pytest.mark.parametrize(
    "q", ["000014349/2020-00072", "000014349 2020 00072", "000014349-2020-00072"]
)
def test_index_number_ranks_the_document_first(docs, q):
    assert keys(run(q))[0] == "yingshang"


@pytest.mark.parametrize("q", ["營商環境", "政務服務", "優化營商環境"])
def test_traditional_characters_find_simplified_text(docs, q):
    assert "yingshang" in keys(run(q))


def test_full_width_letters_and_digits_are_folded(docs):
    assert keys(run("国办发〔２０２０〕２４号"))[0] == "yingshang"


def test_single_character_query_finds_the_character_anywhere(docs):
    assert keys(run("税")) == ["geshui"]


def test_two_character_query_matches_inside_words(docs):
    assert set(keys(run("营商"))) == {"yingshang"}
    assert set(keys(run("医疗"))) == {"yibao"}


def test_domain_dictionary_terms_are_found(docs):
    assert keys(run("放管服")) == ["yingshang"]
    assert keys(run("一网通办")) == ["yingshang"]
    assert keys(run("互联网+政务服务")) == ["yingshang"]


def test_mid_word_title_fragment_is_found(docs):
    assert keys(run("步优化营商环")) == ["yingshang"]


def test_abbreviation_finds_the_full_form(docs):
    assert keys(run("个税")) == ["geshui"]
    assert keys(run("医保")) == ["yibao"]


def test_minus_excludes_documents_with_the_word(docs):
    assert set(keys(run("办法 OR 意见"))) == set()
    assert set(keys(run("国务院办公厅"))) == {"yingshang"}
    assert set(keys(run("扣除 -子女"))) == set()
    assert set(keys(run("扣除"))) == {"geshui"}


def test_quoted_phrase_must_occur_as_written(docs):
    assert keys(run('"服务市场主体"')) == ["yingshang"]
    assert keys(run('"市场服务主体"')) == []


def test_query_of_only_exclusions_finds_nothing_and_says_so(docs):
    result = run("-营商")
    assert result.total == 0
    assert "only_exclusions" in result.notices


def test_empty_query_lists_everything_by_date(docs):
    assert run("").total == 3


def test_snippet_escapes_text_and_marks_terms():
    add("示例", "前文<script>alert(1)</script>中间政务公开的要求&后文", key="x")
    hit = run("政务公开").hits[0]
    assert "<mark>政务公开</mark>" in hit.snippet_html
    assert "<script>" not in hit.snippet_html
    assert "&lt;script&gt;" in hit.snippet_html
    assert hit.snippet_html.replace("<mark>", "").replace("</mark>", "").count("<") == 0


def test_title_highlight_marks_the_query():
    add("政务公开工作要点", "", key="x")
    assert run("政务公开").hits[0].title_html == "<mark>政务公开</mark>工作要点"


def test_no_hits_suggest_a_relaxed_query(docs):
    result = run("营商环境 火星殖民")
    assert result.total == 0
    assert result.suggestion == "营商环境"
    assert result.suggestion_total == 1


def test_no_hits_with_filters_suggests_dropping_them(docs):
    result = run("营商环境", filters={"validity": ("repealed",)})
    assert result.total == 0
    assert result.suggest_without_filters == 1


def test_title_only_with_no_hits_suggests_full_text(docs):
    result = run("一网通办", mode="title")
    assert result.total == 0
    assert result.suggest_full_text == 1


def test_pagination_returns_the_requested_page():
    for i in range(25):
        add(f"第{i}号环境保护公告", "环境保护", key=f"p{i}")
    first = run("环境保护", page_size=10)
    third = run("环境保护", page_size=10, page=3)
    assert first.total == 25 and first.num_pages == 3
    assert len(third.hits) == 5
    assert not set(keys(first)) & set(keys(third))
