"""What a reader types into the search box, turned into a safe match plan.

Grammar (everything else is plain text, never query syntax):

* terms are separated by spaces; all positive terms must match;
* `"…"`, `“…”`, `「…」` or `『…』` is a phrase that must occur as written;
* `-term` or `-"…"` excludes documents containing it;
* anything that is not a letter or digit only separates tokens, so FTS5 or tsquery
  operators (`"`, `*`, `NEAR(`, `OR`, `:`, `^`, `&`, `!`) typed by a reader are just
  characters; `OR` is searched as the word "or".

A term without quotes is segmented into words; the term matches when every content
word matches (as a dictionary word or as a substring through the bigram stream), or
when the whole term occurs contiguously. A term that is a 文号 (any bracket style) or a
索引号 also matches the exact-number field, and so does a whole query like
`国办发 2020 17`. Synonyms and abbreviations (个税 → 个人所得税) add alternatives.

`Plan` is rendered to an FTS5 MATCH expression (`to_fts5`) or a PostgreSQL tsquery
(`to_tsquery`). Tokens contain only letters and digits, so the rendering cannot be
broken out of by user input.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gongkai.domain.docnumber import parse_doc_number
from gongkai.domain.textnorm import DATA_DIR, fold
from gongkai.domain.tokenizer import (
    CJK_RANGES,
    STOPWORDS,
    Tokenizer,
    exact_key,
    is_cjk,
    query_bigrams,
    split_alnum,
)

SYNONYMS_FILE = DATA_DIR / "synonyms.txt"

MAX_QUERY_CHARS = 200  # longer input is cut here and the page says so
MAX_TERMS = 10
MAX_ALTERNATIVES = 8  # synonym alternatives per word or term

WORDS = "words"
BIGRAMS = "bigrams"
EXACT = "exact"

# Notices the page explains to the reader (codes; the text lives in templates).
TRUNCATED = "truncated"
TOO_MANY_TERMS = "too_many_terms"
ONLY_EXCLUSIONS = "only_exclusions"
NO_TERMS = "no_terms"  # input, but no letter or digit to search for

_QUOTES = {'"': '"＂”', "＂": '"＂', "“": '”"', "「": "」", "『": "』"}
_MINUS = "-－"
_HAS_ALNUM = re.compile(r"[^\W_]")
_SPACE_NEXT_TO_CJK = re.compile(f"(?<=[{CJK_RANGES}])\\s+|\\s+(?=[{CJK_RANGES}])")
_INDEX_NUMBER = re.compile(r"^[0-9a-z]+(?:[/\-_.·\s]+[0-9a-z]+)+$")


# --- parsing ----------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    text: str  # folded, as typed (phrase quotes removed)
    phrase: bool = False
    negated: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    raw: str
    terms: tuple[Term, ...]
    notices: tuple[str, ...] = ()

    @property
    def positive(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if not t.negated)

    @property
    def negative(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.negated)

    @property
    def is_empty(self) -> bool:
        return not self.positive

    def text(self) -> str:
        """The query written back in the grammar above (after cleaning)."""
        return unparse(self.terms)


def unparse(terms: Iterable[Term]) -> str:
    parts = []
    for t in terms:
        body = f'"{t.text}"' if t.phrase else t.text
        parts.append(("-" if t.negated else "") + body)
    return " ".join(parts)


def parse_query(raw: str | None) -> ParsedQuery:
    """Split the reader's input into terms; never raises."""
    raw = raw or ""
    notices: list[str] = []
    text = fold(raw).strip()
    if len(text) > MAX_QUERY_CHARS:
        text = text[:MAX_QUERY_CHARS]
        notices.append(TRUNCATED)
    terms: list[Term] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        negated = False
        if text[i] in _MINUS and i + 1 < n and not text[i + 1].isspace():
            negated = True
            i += 1
        if text[i] in _QUOTES:
            closers = _QUOTES[text[i]]
            j = i + 1
            while j < n and text[j] not in closers:
                j += 1
            body, phrase = text[i + 1 : j], True
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in _QUOTES:
                j += 1
            body, phrase = text[i:j], False
            i = j
        body = " ".join(body.split())
        if _HAS_ALNUM.search(body):
            terms.append(Term(body, phrase=phrase, negated=negated))
    if len(terms) > MAX_TERMS:
        terms = terms[:MAX_TERMS]
        notices.append(TOO_MANY_TERMS)
    if terms and not any(not t.negated for t in terms):
        notices.append(ONLY_EXCLUSIONS)
    elif not terms and raw.strip():
        notices.append(NO_TERMS)
    return ParsedQuery(raw=raw, terms=tuple(terms), notices=tuple(notices))


# --- synonyms ---------------------------------------------------------------------


def parse_synonym_line(line: str) -> tuple[str, ...]:
    """One group: terms separated by spaces, commas or |; 、 stays inside a term."""
    parts = re.split(r"[\s,，|；;]+", fold(line).strip())
    return tuple(dict.fromkeys(p for p in parts if _HAS_ALNUM.search(p)))


def load_synonym_groups(path: Path = SYNONYMS_FILE) -> list[tuple[str, ...]]:
    groups = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            group = parse_synonym_line(line)
            if len(group) > 1:
                groups.append(group)
    return groups


class Synonyms:
    """Groups of equivalent terms; every member expands to the others."""

    def __init__(self, groups: Iterable[Sequence[str]] = ()):
        self._map: dict[str, list[str]] = {}
        for group in groups:
            members = [exact for exact in (fold(g).strip() for g in group) if exact]
            for m in members:
                others = self._map.setdefault(m, [])
                others.extend(o for o in members if o != m and o not in others)

    def expand(self, text: str) -> tuple[str, ...]:
        return tuple(self._map.get(fold(text).strip(), ())[:MAX_ALTERNATIVES])

    def substitutions(self, text: str) -> tuple[str, ...]:
        """`text` with a member written inside it replaced by each other member.

        个税法 → 个人所得税法: abbreviations are often part of a longer word, where
        segmentation would not isolate them.
        """
        folded = fold(text).strip()
        out: list[str] = []
        for member in sorted(self._map, key=len, reverse=True):
            if member != folded and member in folded:
                out.extend(folded.replace(member, other) for other in self._map[member])
                if len(out) >= MAX_ALTERNATIVES:
                    break
        return tuple(dict.fromkeys(out))[:MAX_ALTERNATIVES]

    def __len__(self) -> int:
        return len(self._map)


# --- plan -------------------------------------------------------------------------


@dataclass(frozen=True)
class Unit:
    """A phrase over one token stream (`field`); `prefix` marks the last token."""

    field: str
    tokens: tuple[str, ...]
    prefix: bool = False


@dataclass(frozen=True)
class And:
    items: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    items: tuple[Node, ...]


Node = Unit | And | Or


@dataclass(frozen=True)
class Plan:
    must: tuple[Node, ...]
    must_not: tuple[Node, ...] = ()
    phrase: str = ""  # the positive terms run together: boosted when in a title
    highlight: tuple[str, ...] = ()  # folded strings to mark in titles and snippets
    exact_keys: tuple[str, ...] = field(default=())  # 文号/索引号 keys looked up

    @property
    def is_empty(self) -> bool:
        return not self.must


def _either(items: Iterable[Node]) -> Node:
    unique = tuple(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else Or(unique)


def _all(items: Iterable[Node]) -> Node:
    unique = tuple(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else And(unique)


def _bigram_unit(text: str, field_name: str = BIGRAMS) -> Unit | None:
    phrase = query_bigrams(text)
    if phrase is None or not phrase.tokens:
        return None
    return Unit(field_name, phrase.tokens, phrase.prefix)


def _content_words(words: list[str]) -> list[str]:
    """Words that must each match: no stopwords, no lone CJK characters.

    A lone character inside a longer term (号 in 国办发〔2020〕17号) is still required
    by the contiguous match of the whole term; on its own it would only cost a
    prefix scan and match almost everything. A term with fewer than two content
    words (国发, 院关于办) is matched as written, contiguously.
    """
    return [w for w in words if w not in STOPWORDS and not (len(w) == 1 and is_cjk(w))]


def _joined(text: str) -> str:
    """Chinese is written without spaces: drop spaces next to CJK characters."""
    return _SPACE_NEXT_TO_CJK.sub("", text)


class Compiler:
    """Turns a `ParsedQuery` into a `Plan` with a tokenizer and synonym groups."""

    def __init__(self, tokenizer: Tokenizer, synonyms: Synonyms | None = None):
        self.tokenizer = tokenizer
        self.synonyms = synonyms or Synonyms()

    def _text_node(self, text: str) -> Node | None:
        """Words as a phrase or the contiguous substring, for one written form."""
        words = self.tokenizer.words(text)
        alts: list[Node] = []
        if words:
            alts.append(Unit(WORDS, tuple(words)))
        bigram = _bigram_unit(text)
        if bigram:
            alts.append(bigram)
        return _either(alts) if alts else None

    def _word_node(self, word: str, highlight: list[str]) -> Node | None:
        alts: list[Node | None] = [self._text_node(word)]
        for synonym in self.synonyms.expand(word):
            highlight.append(synonym)
            alts.append(self._text_node(synonym))
        present = [a for a in alts if a is not None]
        return _either(present) if present else None

    def _exact_nodes(self, text: str, keys: list[str]) -> list[Node]:
        nodes: list[Node] = []
        number = parse_doc_number(text)
        if number is not None:
            key = exact_key(str(number))
            if key:
                keys.append(key)
                nodes.append(Unit(EXACT, (key,)))
        elif _INDEX_NUMBER.match(text) and sum(c.isdigit() for c in text) >= 6:
            parts = split_alnum(text)
            key = "".join(parts)
            keys.append(key)
            nodes.append(Unit(EXACT, (key,)))
            nodes.append(_all(Unit(EXACT, (p,)) for p in parts))
        return nodes

    def term_node(
        self, term: Term, highlight: list[str], keys: list[str]
    ) -> Node | None:
        text = _joined(term.text) if term.phrase else term.text
        highlight.append(text)
        if term.phrase:
            unit = _bigram_unit(text)
            return unit
        alts: list[Node] = []
        words = self.tokenizer.words(text)
        content = _content_words(words)
        if len(content) > 1:
            parts = [self._word_node(w, highlight) for w in content]
            present = [p for p in parts if p is not None]
            if present:
                alts.append(_all(present))
            whole = _bigram_unit(text)
            if whole:
                alts.append(whole)
        else:
            node = self._word_node(text, highlight)
            if node is not None:
                alts.append(node)
        if len(content) > 1:
            for synonym in self.synonyms.expand(text):
                highlight.append(synonym)
                node = self._text_node(synonym)
                if node is not None:
                    alts.append(node)
        for variant in self.synonyms.substitutions(text):
            highlight.append(variant)
            node = self._text_node(variant)
            if node is not None:
                alts.append(node)
        alts.extend(self._exact_nodes(text, keys))
        return _either(alts) if alts else None

    def compile(self, query: ParsedQuery) -> Plan:
        highlight: list[str] = []
        keys: list[str] = []
        must: list[Node] = []
        positive = query.positive
        for term in positive:
            node = self.term_node(term, highlight, keys)
            if node is not None:
                must.append(node)
        must_not = []
        for term in query.negative:
            node = self.term_node(term, [], [])
            if node is not None:
                must_not.append(node)
        if not must:
            return Plan(must=(), highlight=())
        if len(positive) > 1:
            whole_text = " ".join(t.text for t in positive)
            # 国办发 2020 17: the whole query is one 文号 or 索引号.
            exact = self._exact_nodes(whole_text, keys)
            if exact and not any(t.phrase for t in positive):
                must = [_either([*exact, _all(must)])]
        highlight = [h for h in dict.fromkeys(highlight) if _HAS_ALNUM.search(h)]
        return Plan(
            must=tuple(must),
            must_not=tuple(must_not),
            phrase=title_key(" ".join(t.text for t in positive)),
            highlight=tuple(sorted(highlight, key=len, reverse=True)),
            exact_keys=tuple(dict.fromkeys(keys)),
        )


# --- rendering --------------------------------------------------------------------

FTS5_COLUMNS = {
    # field -> (all columns, title-only columns)
    WORDS: ("tw bw", "tw"),
    BIGRAMS: ("tb bb", "tb"),
    EXACT: ("ex", "ex"),
}
TSQUERY_WEIGHTS = {
    WORDS: ("AC", "A"),
    BIGRAMS: ("BD", "B"),
    EXACT: ("A", "A"),
}


def _fts5(node: Node, title_only: bool) -> str:
    if isinstance(node, Unit):
        cols = FTS5_COLUMNS[node.field][title_only]
        star = " *" if node.prefix else ""
        return "{" + cols + '} : "' + " ".join(node.tokens) + '"' + star
    joiner = " AND " if isinstance(node, And) else " OR "
    return "(" + joiner.join(_fts5(i, title_only) for i in node.items) + ")"


def to_fts5(plan: Plan, *, title_only: bool = False) -> str:
    """The SQLite FTS5 MATCH expression for the plan (columns tw tb bw bb ex)."""
    expr = " AND ".join(_fts5(n, title_only) for n in plan.must)
    if plan.must_not:
        expr = f"({expr})" + "".join(
            f" NOT {_fts5(n, title_only)}" for n in plan.must_not
        )
    return expr


def _tsq(node: Node, title_only: bool) -> str:
    if isinstance(node, Unit):
        w = TSQUERY_WEIGHTS[node.field][title_only]
        last = len(node.tokens) - 1
        parts = [
            f"'{tok}':{'*' if node.prefix and i == last else ''}{w}"
            for i, tok in enumerate(node.tokens)
        ]
        inner = " <-> ".join(parts)
        return f"({inner})" if len(parts) > 1 else inner
    joiner = " & " if isinstance(node, And) else " | "
    return "(" + joiner.join(_tsq(i, title_only) for i in node.items) + ")"


def to_tsquery(plan: Plan, *, title_only: bool = False) -> str:
    """The PostgreSQL tsquery text (for to_tsquery('simple', …)) for the plan."""
    expr = " & ".join(_tsq(n, title_only) for n in plan.must)
    for n in plan.must_not:
        expr = f"({expr}) & !{_tsq(n, title_only)}"
    return expr


# --- relaxing a query with no hits ------------------------------------------------


def relaxations(query: ParsedQuery, synonyms: Synonyms | None = None) -> list[str]:
    """Looser versions of the query to try when it finds nothing, best first."""
    out: list[str] = []
    terms = list(query.terms)
    positive = [t for t in terms if not t.negated]
    if any(t.negated for t in terms) and positive:
        out.append(unparse(positive))
    if any(t.phrase for t in positive):
        out.append(unparse(Term(t.text) for t in positive))
    if len(positive) > 1:
        for skip in range(len(positive) - 1, -1, -1):
            out.append(unparse(t for i, t in enumerate(positive) if i != skip))
    if synonyms is not None:
        for i, t in enumerate(positive):
            for alt in synonyms.expand(t.text):
                out.append(
                    unparse(Term(alt) if j == i else u for j, u in enumerate(positive))
                )
    if len(positive) == 1 and not positive[0].phrase:
        # one long term without spaces: try its halves as separate words
        text = positive[0].text
        if len(text) >= 4 and " " not in text:
            mid = len(text) // 2
            out.append(f"{text[:mid]} {text[mid:]}")
    original = query.text()
    return [q for q in dict.fromkeys(out) if q and q != original]


# --- highlighting -----------------------------------------------------------------

SNIPPET_CHARS = 160
_FIRST_SCAN = 20_000
_MAX_HITS = 400
_WS = re.compile(r"\s+")


def _find_hits(folded: str, needles: Sequence[str]) -> list[tuple[int, int, int]]:
    hits: list[tuple[int, int, int]] = []
    for idx, needle in enumerate(needles):
        start = folded.find(needle)
        count = 0
        while start != -1 and count < _MAX_HITS:
            hits.append((start, start + len(needle), idx))
            start = folded.find(needle, start + len(needle))
            count += 1
    hits.sort(key=lambda h: (h[0], -h[1]))
    return hits


def _needles(terms: Iterable[str]) -> list[str]:
    out = []
    for t in terms:
        t = fold(t).strip()
        if t:
            out.append(t)
            out.extend(p for p in t.split() if len(p) < len(t))
    return sorted(dict.fromkeys(out), key=len, reverse=True)


def _render(text: str, start: int, end: int, hits: list[tuple[int, int, int]]) -> str:
    parts: list[str] = []
    pos = start
    for a, b, _ in hits:
        a, b = max(a, start), min(b, end)
        if b <= pos:
            continue
        a = max(a, pos)
        parts.append(html.escape(_WS.sub(" ", text[pos:a])))
        parts.append("<mark>" + html.escape(_WS.sub(" ", text[a:b])) + "</mark>")
        pos = b
    parts.append(html.escape(_WS.sub(" ", text[pos:end])))
    return "".join(parts)


def highlight_html(text: str, terms: Iterable[str]) -> str:
    """All of `text`, HTML-escaped, with every occurrence of a term in <mark>."""
    needles = _needles(terms)
    return _render(text, 0, len(text), _find_hits(fold(text), needles))


def snippet_html(text: str, terms: Iterable[str], length: int = SNIPPET_CHARS) -> str:
    """The window of `text` with the most distinct terms, escaped, terms in <mark>.

    Only <mark> is markup; everything taken from the text is escaped.
    """
    needles = _needles(terms)
    hits: list[tuple[int, int, int]] = []
    if needles:
        # Most hits are near the top: fold a long text in full only when needed.
        hits = _find_hits(fold(text[:_FIRST_SCAN]), needles)
        if not hits and len(text) > _FIRST_SCAN:
            hits = _find_hits(fold(text), needles)
    if not hits:
        end = min(len(text), length)
        return _render(text, 0, end, []) + ("…" if end < len(text) else "")
    # Slide a window over the hits (two pointers): most distinct terms, then most hits.
    best, best_score = 0, (-1, -1)
    seen: Counter[int] = Counter()
    right = 0
    for left, (a, _, _) in enumerate(hits):
        window_start = max(0, a - length // 5)
        window_end = window_start + length
        while right < len(hits) and hits[right][0] < window_end:
            seen[hits[right][2]] += 1
            right += 1
        score = (len(seen), right - left)
        if score > best_score:
            best, best_score = window_start, score
        seen[hits[left][2]] -= 1
        if not seen[hits[left][2]]:
            del seen[hits[left][2]]
    start = best
    end = min(len(text), start + length)
    # Remove hits that overlap an earlier, longer one.
    kept: list[tuple[int, int, int]] = []
    for h in hits:
        if h[1] <= start or h[0] >= end:
            continue
        if kept and h[0] < kept[-1][1]:
            continue
        kept.append(h)
    body = _render(text, start, end, kept)
    return ("…" if start > 0 else "") + body.strip() + ("…" if end < len(text) else "")


# --- ranking ----------------------------------------------------------------------

# Relevance is multiplied by this, so of two equally relevant documents the one in
# force comes first (有效性: 有效 > 已修改 > 已废止/失效).
VALIDITY_BOOST = {
    "": 1.0,
    "valid": 1.0,
    "not_yet_effective": 1.0,
    "amended": 0.9,
    "repealed": 0.75,
    "expired": 0.75,
}


# A title that contains the whole query as written (spaces aside) is multiplied by
# this: the exact phrase ranks above the same words scattered.
PHRASE_IN_TITLE_BOOST = 2.0


def title_key(text: str) -> str:
    """Folded text without whitespace, for the exact-phrase-in-title test."""
    return "".join(fold(text).split())


def validity_boost(validity: str) -> float:
    return VALIDITY_BOOST.get(validity, 1.0)
