"""The index-side token streams against straightforward reference implementations.

`bigram_stream` and `bigrams_text` build their output for the whole text at once and
`Tokenizer` reuses the last fold; the references below follow the definitions in the
module docstring character by character, so any input where they disagree is a bug.
"""

from itertools import groupby

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.domain.textnorm import fold
from gongkai.domain.tokenizer import (
    Tokenizer,
    bigram_stream,
    default_tokenizer,
    is_cjk,
)


def char_kind(char: str) -> str:
    if is_cjk(char):
        return "cjk"
    return "other" if char.isalnum() else ""


def reference_bigram_stream(folded: str) -> list[str]:
    """Each CJK run c1…cn gives c1c2 … cn-1cn cn; other letter/digit runs stay whole."""
    tokens: list[str] = []
    for kind, chars in groupby(folded, key=char_kind):
        run = "".join(chars)
        if kind == "cjk":
            tokens.extend(run[i : i + 2] for i in range(len(run)))
        elif kind == "other":
            tokens.append(run)
    return tokens


def reference_words_text(tokenizer: Tokenizer, text: str) -> str:
    """The letter/digit runs of each jieba token, joined by spaces."""
    words: list[str] = []
    for token in tokenizer._jieba.cut(fold(text)):
        words.extend("".join(c if c.isalnum() else " " for c in token).split())
    return " ".join(words)


TRICKY = [
    "",
    " ",
    " \t\r\n\u3000\xa0",
    "\r\n\r\n",
    "信息公开",
    "税",
    "，。！",
    "国办发〔2020〕17号",
    "国办发[2020]17号",
    "2020年第3号",
    "年2020",
    "2020年",
    "关于推进政务公开的通知",
    "政務公開：COVID-19，3.5%（試行）",
    "covid-19",
    "3.5%",
    "50%以上",
    "a_b",
    "_",
    "__init__",
    "##",
    "## 第一章 总则",
    "互联网+政务服务",
    "C++ & C#",
    "ＡＢＣ１２３，ａｂｃ",
    "Ｅ-mail：ｇｏｖ＠ｅｘａｍｐｌｅ．ｃｎ",
    "İstanbul ß Ǆ",
    "한국어 ひらがな カタカナ русский",
    "①②③ Ⅻ ² ½ ٣",
    "e\u0301 a\u0300b नमस्ते",
    "😀政务😀公开👍🏽",
    "\u200b\u200d\ufeff零宽",
    "\x00\x01\x1f\x7f\x85\x9f",
    "控\x00制\x01字\x08符",
    "\ud800孤立\udfff代理",
    "𠀀𠀁𪜀 astral 𠀀",
    "\u3400\u4dbf\u4e00\u9fff\uf900\ufaff",
    "\U00020000\U0002a6df\U0002a700\U0002ebef\U00030000\U0003134f",
    "\u33ff\u4dc0\ufb00\U0001ffff\U0002a6e0\U00031350",
    "\ufa6e\ufa6f\ufada",  # unassigned code points inside the CJK ranges
    "甲",
    "甲乙",
    "a",
    "ab 甲",
    "甲 ab",
    "甲ab乙",
    "1 2 3",
    "甲 乙 丙",
    "甲乙，12，丙丁，ab，戊",
]

CHARACTERS = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),
    st.sampled_from("國辦發務開處罰審計條例關於"),
    st.characters(min_codepoint=0x3400, max_codepoint=0x4DBF),
    st.characters(min_codepoint=0x20000, max_codepoint=0x2A6DF),
    st.sampled_from("abcXYZ0123456789"),
    st.sampled_from("_-+#&.%/:;,()[]!?'\"@"),
    st.sampled_from("，。、；：！？（）《》〔〕【】“”‘’…—·"),
    st.sampled_from("ＡＢＣａｂｃ０１２３＃％＿－．（），"),
    st.sampled_from(" \t\n\r\x0b\x0c\xa0\u3000\u2028"),
    st.sampled_from("\x00\x01\x1f\x7f\x85\ud800\udfff\ufeff\u200b"),
    st.characters(),
)
TEXTS = st.text(alphabet=CHARACTERS, max_size=80)


def test_tricky_strings_bigram_stream():
    for text in TRICKY:
        assert bigram_stream(text) == reference_bigram_stream(text), repr(text)
        folded = fold(text)
        assert bigram_stream(folded) == reference_bigram_stream(folded), repr(text)


def test_tricky_strings_bigrams_text():
    tokenizer = default_tokenizer()
    for text in TRICKY:
        expected = " ".join(reference_bigram_stream(fold(text)))
        assert tokenizer.bigrams_text(text) == expected, repr(text)


def test_tricky_strings_words_text():
    tokenizer = default_tokenizer()
    for text in TRICKY:
        assert tokenizer.words_text(text) == reference_words_text(tokenizer, text)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_bigram_stream_and_text_match_reference(text):
    assert bigram_stream(text) == reference_bigram_stream(text)
    folded = fold(text)
    expected = reference_bigram_stream(folded)
    assert bigram_stream(folded) == expected
    assert default_tokenizer().bigrams_text(text) == " ".join(expected)


@settings(max_examples=300, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=4))
def test_both_streams_match_reference_in_any_call_order(texts):
    # The same string objects in turn, as the index build passes them, and equal
    # copies, so the reused fold is exercised with both hits and misses.
    tokenizer = default_tokenizer()
    for text in [*texts, *texts[::-1], *((t + ".")[:-1] for t in texts)]:
        words = tokenizer.words_text(text)
        bigrams = tokenizer.bigrams_text(text)
        assert words == reference_words_text(tokenizer, text)
        assert bigrams == " ".join(reference_bigram_stream(fold(text)))
        assert tokenizer.bigrams_text(text) == bigrams


def test_no_run_character_is_whitespace():
    # bigram_stream splits the joined text at whitespace, and no letter, digit or
    # code point in the CJK ranges may count as whitespace for that to be exact.
    spaces = [c for c in map(chr, range(0x110000)) if c.isspace()]
    assert spaces
    assert not [c for c in spaces if c.isalnum() or is_cjk(c)]
