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

import re
import sys
from array import array
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from itertools import chain

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
# For `_bigram_text`: a run of other letters/digits among runs joined by NUL, a run
# boundary in the interleaved text, and one UTF-32 code unit ("I" is 4 bytes wide on
# every platform CPython runs on).
_OTHER_RUN_RE = re.compile(f"([^\x00{CJK_RANGES}]+)")
_BOUNDARY_RE = re.compile("\x00 \x00.", re.DOTALL)
_UTF32 = "utf-32-le" if sys.byteorder == "little" else "utf-32-be"
_SPACE = array("I", [ord(" ")])

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


def _bigram_text(folded: str) -> str:
    """The bigram stream of `folded` joined by spaces, made without a token list.

    Indexing makes this for every title and body. A Python loop over the runs took
    2.3 times as long and one regex match per character 1.7 times (see
    `bench/tokenize_speed.py --variants`), so the string is made for the whole text
    by C loops: the runs are joined by NUL (␀) and interleaved, character by
    character, with themselves shifted by one and with spaces, which is what array
    slice assignment does:

        信息␀公开  ->  信息 息␀ ␀公 公开 开  ->  信息 息 公开 开

    Inside a run that gives each bigram and then the last character alone; at a
    boundary `␀ ␀` and the next run's first character are deleted. Runs of other
    letters and digits stay whole: each goes in as the one-character run U+0001 and
    is put back at the end. Runs hold only CJK code points, letters and digits, so
    neither NUL nor U+0001 can occur in them.
    """
    runs = _RUN_RE.findall(folded)
    if not runs:
        return ""
    joined = "\x00".join(runs)
    parts = _OTHER_RUN_RE.split(joined)
    others = parts[1::2]
    if others:
        joined = "\x01".join(parts[0::2])
    chars = array("I", joined.encode(_UTF32))
    out = _SPACE * (3 * len(chars) - 2)
    out[0::3] = chars
    out[1::3] = chars[1:]
    text = _BOUNDARY_RE.sub("", out.tobytes().decode(_UTF32))
    if others:
        pieces = text.split("\x01")
        restored = chain.from_iterable(zip(pieces[:-1], others, strict=True))
        text = "".join(restored) + pieces[-1]
    return text


def bigram_stream(folded: str) -> list[str]:
    """Index-side bigram tokens of already folded (lower-case) text."""
    # No CJK code point, letter or digit is whitespace, so splitting is exact.
    return _bigram_text(folded).split()


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
        self._last_fold = ("", "")

    def _fold(self, text: str) -> str:
        """`fold(text)`, computed once when both streams are made from one string.

        The index build calls words_text and then bigrams_text on each title and
        body; keeping the last result spares the second fold (about 4% of the
        two). It is one tuple, replaced whole, so a thread never sees a text paired
        with another text's fold.
        """
        last = self._last_fold
        if last[0] is text:
            return last[1]
        folded = fold(text)
        self._last_fold = (text, folded)
        return folded

    def words(self, text: str) -> list[str]:
        """Word tokens of `text`: folded, lower-case, letters and digits only."""
        return self.words_text(text).split()

    def words_text(self, text: str) -> str:
        """The word tokens joined by spaces (the form stored in the index)."""
        if not text:
            return ""
        # A loop over the tokens: one `[\W_]+` substitution over the space-joined
        # tokens is slower, as it matches at every token boundary (bench --variants).
        out: list[str] = []
        append = out.append
        for token in self._jieba.cut(self._fold(text)):
            if token.isalnum():
                append(token)
            elif len(token) > 1:  # 3.5%, covid-19: keep the letter/digit runs
                out.extend(_NON_WORD_RE.sub(" ", token).split())
        return " ".join(out)

    def bigrams_text(self, text: str) -> str:
        """The bigram tokens joined by spaces (the form stored in the index)."""
        if not text:
            return ""
        return _bigram_text(self._fold(text))

    def has_word(self, word: str) -> bool:
        return bool(self._jieba.has_word(fold(word)))


@cache
def default_tokenizer() -> Tokenizer:
    """The tokenizer with the built-in dictionary only (no database terms)."""
    return Tokenizer()


def tokenize(text: str) -> list[str]:
    """Word tokens of `text` with the built-in dictionary."""
    return default_tokenizer().words(text)
