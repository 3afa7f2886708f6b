"""Changes to the agency-editable lexicon (检索词库), each with an audit event."""

from __future__ import annotations

from django.db import transaction

from gongkai.core import audit
from gongkai.core.models import User
from gongkai.domain.searchquery import parse_synonym_line
from gongkai.domain.textnorm import clean
from gongkai.search.models import LexiconEntry


class LexiconError(ValueError):
    """Input an administrator can correct; `code` names the problem."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def _normalise(kind: str, text: str) -> str:
    text = clean(text)
    if kind == LexiconEntry.Kind.WORD:
        if not text or " " in text or len(text) > 40:
            raise LexiconError("invalid_word")
        return text
    group = parse_synonym_line(text)
    if len(group) < 2:
        raise LexiconError("synonym_needs_two_terms")
    return " ".join(group)[:200]


@transaction.atomic
def add_lexicon_entry(
    kind: str, text: str, *, by: User, note: str = ""
) -> LexiconEntry:
    """Add a dictionary word or a synonym group; the index then needs a rebuild."""
    if kind not in LexiconEntry.Kind.values:
        raise LexiconError("invalid_kind")
    text = _normalise(kind, text)
    if LexiconEntry.objects.filter(kind=kind, text=text).exists():
        raise LexiconError("duplicate")
    entry = LexiconEntry.objects.create(
        kind=kind, text=text, note=note[:200], created_by=by
    )
    audit.record(
        entry, "search.lexicon_added", actor=by, data={"kind": kind, "text": text}
    )
    return entry


@transaction.atomic
def remove_lexicon_entry(entry: LexiconEntry, *, by: User) -> None:
    audit.record(
        entry,
        "search.lexicon_removed",
        actor=by,
        data={"kind": entry.kind, "text": entry.text},
    )
    entry.delete()
