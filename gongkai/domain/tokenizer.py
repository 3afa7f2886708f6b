"""Chinese tokenization for the search index, the same at index and query time.

Two streams are produced from folded text (`textnorm.fold`):

* **words**: rjieba (a Rust port of jieba) with a government-domain dictionary
  (`data/gov_dict.txt` plus terms agencies add in the database), so 放管服 and
  一网通办 stay whole. Tokens are split at anything that is not a letter or digit,
  so they never carry FTS or tsquery syntax.
* **bigrams**: every run of CJK characters c1…cn gives c1c2, c2c3, …, cn-1cn and the
  final character cn on its own; runs of other letters and digits are kept whole.
  A run of n characters gives n tokens. Any substring of two or more characters is
  then a phrase of consecutive bigrams, so mid-word fragments and 文号 typed in any
  bracket style are found without the dictionary; a single character c is the
  prefix query c* (it starts a bigram or ends a run).

Which segmenter is used is decided here and nowhere else.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

import rjieba

from gongkai.domain.textnorm import DATA_DIR, fold

DICTIONARY_FILE = DATA_DIR / "gov_dict.txt"

CJK_RANGES = (
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0002a6df\U0002a700-\U0002ebef\U00030000-\U0003134f"
)
_CJK_RE = re.compile(f"[{CJK_RANGES}]")
# A run of CJK characters, or a run of other letters/digits.
_RUN_RE = re.compile(f"[{CJK_RANGES}]+|[^\\W_{CJK_RANGES}]+")
_NON_WORD_RE = re.compile(r"[\W_]+")

# Words that carry no meaning on their own in a query of several words; they still
# count inside the contiguous-phrase match of the whole term.
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "和",
        "与",
        "及",
        "或",
        "在",
        "是",
        "对",
        "等",
        "之",
        "其",
        "为",
        "以",
        "于",
        "中",
        "将",
        "并",
        "由",
        "把",
        "被",
        "从",
        "向",
        "也",
        "有",
        "关于",
        "以及",
        "或者",
        "对于",
        "按照",
        "根据",
        "有关",
        "进一步",
    ]
)


def is_cjk(char: str) -> bool:
    return bool(_CJK_RE.match(char))


def load_word_list(path=DICTIONARY_FILE) -> list[str]:  # type: ignore[no-untyped-def]
    """Non-empty, non-comment lines of a dictionary file."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            words.append(line)
    return words


def exact_key(text: str) -> str:
    """The letters and digits of `text`, folded: the form used for 文号/索引号 keys."""
    return _NON_WORD_RE.sub("", fold(text))


def split_alnum(text: str) -> list[str]:
    """Folded letter/digit runs of `text` (split at punctuation and spaces)."""
    return _NON_WORD_RE.sub(" ", fold(text)).split()


def bigram_stream(folded: str) -> list[str]:
    """Index-side bigram tokens of already folded (lower-case) text."""
    out: list[str] = []
    extend = out.extend
    append = out.append
    for run in _RUN_RE.findall(folded):
        if _CJK_RE.match(run):
            if len(run) > 1:
                extend(map(operator.add, run, run[1:]))
            append(run[-1])
        else:
            append(run)
    return out


@dataclass(frozen=True)
class BigramPhrase:
    """A query-side phrase over the bigram stream; `prefix` marks the last token."""

    tokens: tuple[str, ...]
    prefix: bool = False


def query_bigrams(text: str) -> BigramPhrase | None:
    """The bigram phrase that matches `text` as a contiguous substring.

    It is the index stream of `text` without the final single character of the last
    run (in a document that character is usually followed by more text, so its
    bigram, not the unigram, is indexed). A query of one character becomes a prefix
    token: `税` matches 税收, 税务 and a run ending in 税; so does a trailing run of
    letters or digits (`19` matches 1999).
    """
    folded = fold(text)
    runs = _RUN_RE.findall(folded)
    if not runs:
        return None
    tokens = bigram_stream(folded)
    last = runs[-1]
    if _CJK_RE.match(last):
        if len(last) > 1:
            tokens.pop()  # drop the trailing unigram
            return BigramPhrase(tuple(tokens))
        if len(tokens) > 1:
            # A lone trailing character after punctuation (（2018年): the phrase
            # before it already pins the place; a prefix scan over every bigram
            # starting with 年 would cost more than it adds.
            tokens.pop()
            return BigramPhrase(tuple(tokens))
        return BigramPhrase(tuple(tokens), prefix=True)
    # A trailing number or word may be cut short (修正案（19 for 1999): prefix.
    return BigramPhrase(tuple(tokens), prefix=True)


class Tokenizer:
    """Word segmentation with the built-in and agency-added dictionary terms."""

    def __init__(self, extra_words: Iterable[str] = (), *, builtin: bool = True):
        self._jieba = rjieba.Jieba()
        words = load_word_list() if builtin else []
        words.extend(extra_words)
        self.dictionary = tuple(dict.fromkeys(w for w in words if w.strip()))
        for word in self.dictionary:
            self._jieba.add_word(fold(word.strip()), None, None)

    def words(self, text: str) -> list[str]:
        """Word tokens of `text`: folded, lower-case, letters and digits only."""
        return self.words_text(text).split()

    def words_text(self, text: str) -> str:
        """The word tokens joined by spaces (the form stored in the index)."""
        if not text:
            return ""
        out: list[str] = []
        append = out.append
        for token in self._jieba.cut(fold(text)):
            if token.isalnum():
                append(token)
            elif len(token) > 1:  # 3.5%, covid-19: keep the letter/digit runs
                out.extend(_NON_WORD_RE.sub(" ", token).split())
        return " ".join(out)

    def bigrams_text(self, text: str) -> str:
        """The bigram tokens joined by spaces (the form stored in the index)."""
        if not text:
            return ""
        return " ".join(bigram_stream(fold(text)))

    def has_word(self, word: str) -> bool:
        return bool(self._jieba.has_word(fold(word)))


@cache
def default_tokenizer() -> Tokenizer:
    """The tokenizer with the built-in dictionary only (no database terms)."""
    return Tokenizer()


def tokenize(text: str) -> list[str]:
    """Word tokens of `text` with the built-in dictionary."""
    return default_tokenizer().words(text)
