import pytest

from gongkai.domain.textnorm import build_t2s_table, clean, fold, load_t2s_table


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("政務公開", "政务公开"),
        ("國辦發〔２０２０〕１７號", "国办发〔2020〕17号"),
        ("ＡＢＣ abc", "abc abc"),
        ("GB/T 9704", "gb/t 9704"),
        ("頭髮與後來", "头发与后来"),
        ("a\x00b\x07c", "a b c"),
        ("İstanbul", "istanbul"),
        ("第一条\n\t正文", "第一条\n\t正文"),
        ("", ""),
    ],
)
def test_fold_maps_width_case_and_traditional_characters(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    "text", ["政務公開", "a\ud800b", "😀 emoji 表情", "İİİ", "\x00" * 5]
)
def test_fold_keeps_the_length_so_offsets_map_back(text):
    assert len(fold(text)) == len(text)


def test_fold_removes_lone_surrogates_and_nul():
    assert "\x00" not in fold("a\x00")
    assert fold("a\udc80") == "a "


def test_clean_collapses_whitespace():
    assert clean("  政務　公開 \n ") == "政务 公开"


def test_simplified_text_is_unchanged():
    text = "政府信息公开条例第一条为了保障公民、法人和其他组织依法获取政府信息"
    assert fold(text) == text


def test_stored_t2s_table_matches_opencc():
    assert load_t2s_table() == build_t2s_table()
