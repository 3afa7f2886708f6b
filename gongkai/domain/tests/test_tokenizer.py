import pytest

from gongkai.domain.tokenizer import (
    BigramPhrase,
    Tokenizer,
    bigram_stream,
    exact_key,
    query_bigrams,
    tokenize,
)


@pytest.mark.parametrize(
    "term",
    ["政务公开", "放管服", "一网通办", "营商环境", "信息公开年报", "政府信息公开"],
)
def test_dictionary_terms_stay_whole(term):
    assert term in tokenize(f"关于推进{term}的通知")


def test_plus_term_is_cut_at_the_plus_into_letter_runs():
    assert tokenize("推进互联网+政务服务") == ["推进", "互联网", "政务服务"]


def test_words_are_folded_and_carry_no_punctuation():
    words = tokenize("政務公開：COVID-19，3.5%（試行）")
    assert "政务公开" in words
    assert {"covid", "19", "3", "5"} <= set(words)
    assert all(w.isalnum() for w in words)


def test_agency_terms_join_the_dictionary():
    plain = Tokenizer()
    assert "秒报秒批一体化" not in plain.words("推行秒报秒批一体化改革")
    extended = Tokenizer(["秒报秒批一体化"])
    assert "秒报秒批一体化" in extended.words("推行秒报秒批一体化改革")


def test_bigram_stream_gives_one_token_per_character():
    assert bigram_stream("信息公开") == ["信息", "息公", "公开", "开"]
    assert bigram_stream("国办发〔2020〕17号") == [
        "国办",
        "办发",
        "发",
        "2020",
        "17",
        "号",
    ]
    assert bigram_stream("税") == ["税"]
    assert bigram_stream("，。！") == []


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("信息公开", BigramPhrase(("信息", "息公", "公开"))),
        ("公开", BigramPhrase(("公开",))),
        ("税", BigramPhrase(("税",), prefix=True)),
        ("互联网+政", BigramPhrase(("互联", "联网", "网"))),
        ("國辦發2020", BigramPhrase(("国办", "办发", "发", "2020"), prefix=True)),
        ("修正案（19", BigramPhrase(("修正", "正案", "案", "19"), prefix=True)),
        ("***", None),
    ],
)
def test_query_bigrams_match_any_substring(text, phrase):
    assert query_bigrams(text) == phrase


def test_query_bigrams_are_a_run_of_the_index_stream():
    stream = bigram_stream("国务院办公厅关于进一步优化营商环境的意见")
    phrase = query_bigrams("优化营商环境").tokens
    n = len(phrase)
    assert any(tuple(stream[i : i + n]) == phrase for i in range(len(stream)))


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("国办发〔2020〕17号", "国办发202017号"),
        ("000014349/2020-00072", "000014349202000072"),
        ("ＡＢ-１２", "ab12"),
    ],
)
def test_exact_key_keeps_letters_and_digits(text, key):
    assert exact_key(text) == key
