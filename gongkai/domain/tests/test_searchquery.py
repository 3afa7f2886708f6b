import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.domain.searchquery import (
    MAX_QUERY_CHARS,
    MAX_TERMS,
    ONLY_EXCLUSIONS,
    TOO_MANY_TERMS,
    TRUNCATED,
    Compiler,
    Synonyms,
    Term,
    load_synonym_groups,
    parse_query,
    relaxations,
    snippet_html,
    to_fts5,
    to_tsquery,
    validity_boost,
)
from gongkai.domain.tokenizer import Tokenizer

TOKENIZER = Tokenizer(["个税"])
COMPILER = Compiler(TOKENIZER, Synonyms(load_synonym_groups()))


@pytest.mark.parametrize(
    ("raw", "terms"),
    [
        ("政务公开", [Term("政务公开")]),
        ("  政務公開   年报 ", [Term("政务公开"), Term("年报")]),
        ('"信息公开 年报"', [Term("信息公开 年报", phrase=True)]),
        ("“政务公开”", [Term("政务公开", phrase=True)]),
        ("「政务公开」", [Term("政务公开", phrase=True)]),
        ("营商 -废止", [Term("营商"), Term("废止", negated=True)]),
        ('-"已废止"', [Term("已废止", phrase=True, negated=True)]),
        ("营商 - 环境", [Term("营商"), Term("环境")]),
        ('"未闭合的引号', [Term("未闭合的引号", phrase=True)]),
        ("* ^ : ( )", []),
        ("", []),
        ("NEAR(营商", [Term("near(营商")]),
    ],
)
def test_parse_query_splits_terms_phrases_and_exclusions(raw, terms):
    assert list(parse_query(raw).terms) == terms


def test_long_query_is_cut_and_says_so():
    parsed = parse_query("政" * 10_000)
    assert TRUNCATED in parsed.notices
    assert len(parsed.terms[0].text) == MAX_QUERY_CHARS


def test_too_many_terms_are_dropped_and_says_so():
    parsed = parse_query(" ".join(f"词{i}" for i in range(30)))
    assert len(parsed.terms) == MAX_TERMS
    assert TOO_MANY_TERMS in parsed.notices


def test_only_exclusions_is_flagged():
    assert ONLY_EXCLUSIONS in parse_query("-废止").notices


def test_synonyms_expand_abbreviations_both_ways():
    synonyms = Synonyms(load_synonym_groups())
    assert "个人所得税" in synonyms.expand("个税")
    assert "个税" in synonyms.expand("个人所得税")
    assert "医疗保障" in synonyms.expand("醫保")


def test_abbreviation_adds_the_full_form_to_the_match():
    expr = to_fts5(COMPILER.compile(parse_query("个税")))
    assert '"个人所得税"' in expr


def test_abbreviation_inside_a_longer_word_is_expanded():
    expr = to_fts5(COMPILER.compile(parse_query("个税法")))
    assert '"个人所得税法"' in expr or '"个人 人所 所得 得税 税法"' in expr


def test_doc_number_query_adds_the_exact_key():
    for raw in ("国办发〔2020〕17号", "国办发[2020]17号", "国办发 2020 17"):
        plan = COMPILER.compile(parse_query(raw))
        assert plan.exact_keys == ("国办发202017号",)
        assert '{ex} : "国办发202017号"' in to_fts5(plan)


@pytest.mark.parametrize("raw", ["国发", "院关于办", "关于"])
def test_a_term_of_lone_characters_and_stopwords_is_matched_as_written(raw):
    # not as each character anywhere: that is a prefix scan over every bigram
    # starting with 国 or 院, and matches almost every document
    expr = to_fts5(COMPILER.compile(parse_query(raw)))
    assert "*" not in expr and " AND " not in expr


def test_title_only_mode_uses_title_columns_only():
    expr = to_fts5(COMPILER.compile(parse_query("政务公开")), title_only=True)
    assert "bw" not in expr and "bb" not in expr


def test_exclusions_render_as_not():
    plan = COMPILER.compile(parse_query("营商 -废止"))
    assert " NOT " in to_fts5(plan)
    assert "!" in to_tsquery(plan)


_OPERATORS = set("\"'*^:()&|!<>{}+-")


@given(st.text(max_size=300))
def test_rendered_expressions_carry_no_user_syntax(raw):
    plan = COMPILER.compile(parse_query(raw))
    if plan.is_empty:
        return
    for expr in (to_fts5(plan), to_fts5(plan, title_only=True), to_tsquery(plan)):
        # every token between quotes is letters and digits only
        for token in expr.replace("'", '"').split('"')[1::2]:
            assert all(c.isalnum() or c == " " for c in token), token


def test_relaxations_drop_terms_and_exclusions():
    options = relaxations(parse_query("营商环境 火星 -废止"))
    assert options[0] == "营商环境 火星"
    assert "营商环境" in options


def test_snippet_prefers_the_window_with_most_terms():
    text = "无关内容。" * 100 + "这里有政务公开和营商环境。" + "无关内容。" * 100
    html = snippet_html(text, ["政务公开", "营商环境"])
    assert "<mark>政务公开</mark>" in html and "<mark>营商环境</mark>" in html
    assert html.startswith("…") and html.endswith("…")


def test_snippet_marks_traditional_text_found_by_simplified_query():
    assert "<mark>政務公開</mark>" in snippet_html("推進政務公開工作", ["政务公开"])


def test_snippet_without_hits_shows_the_start():
    assert snippet_html("<b>开头</b>" + "字" * 500, ["无"]).startswith("&lt;b&gt;开头")


@pytest.mark.parametrize(
    ("validity", "boost"),
    [("valid", 1.0), ("amended", 0.9), ("repealed", 0.75), ("", 1.0)],
)
def test_validity_boost_prefers_documents_in_force(validity, boost):
    assert validity_boost(validity) == boost


@pytest.mark.parametrize("raw", ["*", "\x00", "😀", "：（）"])
def test_input_without_letters_or_digits_is_flagged(raw):
    parsed = parse_query(raw)
    assert parsed.is_empty and "no_terms" in parsed.notices
