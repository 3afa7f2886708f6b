import pytest

from gongkai.domain.docnumber import (
    is_blank_doc_number,
    normalize_doc_number,
    parse_doc_number,
)


@pytest.mark.parametrize(
    "typed",
    [
        "国办发〔2020〕17号",
        "国办发[2020]17号",
        "国办发(2020)17号",
        "国办发【2020】17号",
        "国办发（2020）17号",
        "国办发［２０２０］１７号",
        "国办发 2020 17",
        "国办发2020年第17号",
        " 国办发〔2020〕017号 ",
    ],
)
def test_bracket_styles_fold_to_one_form(typed):
    assert normalize_doc_number(typed) == "国办发〔2020〕17号"


def test_state_council_orders_fold_to_one_form():
    assert (
        normalize_doc_number("中华人民共和国国务院令第707号")
        == normalize_doc_number("国务院令第707号")
        == normalize_doc_number("国令第707号")
        == "国令第707号"
    )


def test_orders_keep_their_numbering():
    assert normalize_doc_number("公安部令第711号") == "公安部令第711号"
    assert normalize_doc_number("国令第７０７号") == "国令第707号"
    parsed = parse_doc_number("中华人民共和国主席令第二十九号")
    assert parsed is not None and parsed.serial == "二十九" and parsed.year is None


@pytest.mark.parametrize(
    "text", ["", "关于印发方案的通知", "国办发〔20〕号", "<script>"]
)
def test_non_numbers_do_not_parse(text):
    assert parse_doc_number(text) is None


def test_unparseable_text_is_only_folded():
    assert normalize_doc_number("某某 【内部】") == "某某〔内部〕"


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        ("〔〕号", True),
        ("〔 〕号", True),
        ("[]号", True),
        ("无", True),
        ("", True),
        ("国办发〔2020〕17号", False),
        ("国令第707号", False),
        ("中华人民共和国主席令第二十九号", False),
    ],
)
def test_blank_doc_numbers_printed_by_portals(text, blank):
    assert is_blank_doc_number(text) is blank
