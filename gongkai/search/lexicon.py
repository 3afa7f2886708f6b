"""The tokenizer and synonym groups in use: built-in data plus `LexiconEntry` rows.

Each process keeps one `Compiler` and rebuilds it when the lexicon version (a cheap
aggregate over `LexiconEntry`) changes, so an administrator's edit reaches every
worker on its next search without a restart.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from django.db.models import Count, Max

from gongkai.domain.searchquery import (
    Compiler,
    Synonyms,
    load_synonym_groups,
    parse_synonym_line,
)
from gongkai.domain.tokenizer import Tokenizer
from gongkai.search.models import IndexState, LexiconEntry


@dataclass(frozen=True)
class Lexicon:
    version: str
    words: tuple[str, ...]  # database words and synonym members (built-ins apart)
    groups: tuple[tuple[str, ...], ...]
    compiler: Compiler

    @property
    def tokenizer(self) -> Tokenizer:
        return self.compiler.tokenizer

    @property
    def synonyms(self) -> Synonyms:
        return self.compiler.synonyms


_lock = threading.Lock()
_current: Lexicon | None = None


def current_version() -> str:
    agg = LexiconEntry.objects.aggregate(
        n=Count("id"), last=Max("updated_at"), top=Max("id")
    )
    if not agg["n"]:
        return "builtin"
    last = agg["last"].isoformat() if agg["last"] else ""
    return f"{agg['n']}:{agg['top']}:{last}"


def _build(version: str) -> Lexicon:
    builtin_groups = load_synonym_groups()
    db_groups = []
    db_words = []
    for kind, text in LexiconEntry.objects.values_list("kind", "text"):
        if kind == LexiconEntry.Kind.WORD:
            db_words.append(text.strip())
        else:
            group = parse_synonym_line(text)
            if len(group) > 1:
                db_groups.append(group)
    groups = tuple(builtin_groups + db_groups)
    # Synonym members are words too: 个税 must not be cut into 个 / 税.
    words = tuple(dict.fromkeys([*db_words, *(m for g in groups for m in g)]))
    tokenizer = Tokenizer(words)
    return Lexicon(version, words, groups, Compiler(tokenizer, Synonyms(groups)))


def get_lexicon() -> Lexicon:
    global _current
    version = current_version()
    lexicon = _current
    if lexicon is not None and lexicon.version == version:
        return lexicon
    with _lock:
        if _current is None or _current.version != version:
            _current = _build(version)
        return _current


def index_is_stale() -> bool:
    """True when the lexicon changed since the last full rebuild.

    Dictionary words (and synonym members, which are words too) change how text is
    cut into words, so documents indexed before the change keep the old cut until a
    rebuild; the bigram stream still finds them meanwhile.
    """
    state = IndexState.objects.filter(pk=1).first()
    built_with = state.lexicon_version if state else "builtin"
    return built_with != current_version()
