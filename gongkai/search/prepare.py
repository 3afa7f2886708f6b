"""Turning an `Entry` into the row and token streams the index stores.

No database access here, so a rebuild can run it in worker processes.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from gongkai.domain.docnumber import normalize_doc_number
from gongkai.domain.searchquery import title_key, validity_boost
from gongkai.domain.tokenizer import Tokenizer, exact_key, split_alnum
from gongkai.search.entry import Entry

# PostgreSQL text cannot hold NUL and neither database takes lone surrogates.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(text: str) -> str:
    return _UNSTORABLE.sub(" ", text) if text else ""


@dataclass(frozen=True)
class Row:
    entry: Entry
    title: str
    title_key: str
    body: str
    tw: str  # title words
    tb: str  # title bigrams
    bw: str  # body words
    bb: str  # body bigrams
    ex: str  # exact keys: 文号, 索引号 and its parts
    doc_number_key: str
    boost: float
    facets: tuple[tuple[str, str, str], ...]  # multi-valued: (field, value, label)
    # single-valued: topic, genre, validity, content kind, year
    single_facets: tuple[str, str, str, str, int | None]
    facet_signature: str  # identifies the entry's FacetSet


def exact_tokens(doc_number: str, index_number: str) -> list[str]:
    tokens: list[str] = []
    if doc_number.strip():
        key = exact_key(normalize_doc_number(doc_number))
        if key:
            tokens.append(key)
    if index_number.strip():
        parts = split_alnum(index_number)
        if parts:
            tokens.append("".join(parts))
            tokens.extend(parts)
    return list(dict.fromkeys(tokens))


def facet_values(entry: Entry) -> tuple[tuple[str, str, str], ...]:
    out: list[tuple[str, str, str]] = []
    names = [n.strip() for n in re.split("[；;]", entry.agency) if n.strip()]
    if entry.agency_ids:
        labels = names if len(names) == len(entry.agency_ids) else []
        for i, agency_id in enumerate(entry.agency_ids):
            label = labels[i] if labels else (names[0] if len(names) == 1 else "")
            out.append(("agency", str(agency_id), label[:200]))
    else:
        out.extend(("agency", n[:120], n[:200]) for n in names)
    labels = entry.catalogue_labels
    for i, slug in enumerate(entry.catalogue):
        label = labels[i] if i < len(labels) else slug
        out.append(("catalogue", slug[:120], label[:200]))
    return tuple(dict.fromkeys(out))


def facet_signature(
    single: tuple[object, ...], multi: tuple[tuple[str, str, str], ...]
) -> str:
    """A stable hash of every facet value and label (see `FacetSet`)."""
    data = json.dumps([list(single), sorted(multi)], ensure_ascii=False)
    return hashlib.sha1(data.encode(), usedforsecurity=False).hexdigest()


# Entries come in runs that share a title and facet values (the articles of one
# document, the documents of one agency and year): the last title's streams and the
# last signature are kept, each as one tuple replaced whole (safe across threads).
_last_title: tuple[object, str, str, str] = (None, "", "", "")
_last_signature: tuple[object, str] = (None, "")


def _title_streams(title: str, tokenizer: Tokenizer) -> tuple[str, str]:
    global _last_title
    last = _last_title
    if last[0] is tokenizer and last[1] == title:
        return last[2], last[3]
    tw, tb = tokenizer.words_text(title), tokenizer.bigrams_text(title)
    _last_title = (tokenizer, title, tw, tb)
    return tw, tb


def _signature(
    single: tuple[object, ...], multi: tuple[tuple[str, str, str], ...]
) -> str:
    global _last_signature
    key = (single, multi)
    last = _last_signature
    if last[0] == key:
        return last[1]
    sig = facet_signature(single, multi)
    _last_signature = (key, sig)
    return sig


def prepare(entry: Entry, tokenizer: Tokenizer) -> Row:
    title = storable(entry.title)
    body = storable(entry.body)
    date = entry.published_date or entry.written_date
    content_kind = (entry.extra or {}).get("content_kind", "") or entry.kind
    year = date.year if date else None
    facets = facet_values(entry)
    single = (
        entry.topic[:120],
        entry.genre[:40],
        entry.validity[:20],
        content_kind[:40],
        year,
    )
    tw, tb = _title_streams(title, tokenizer)
    return Row(
        entry=entry,
        title=title,
        title_key=title_key(title),
        body=body,
        tw=tw,
        tb=tb,
        bw=tokenizer.words_text(body),
        bb=tokenizer.bigrams_text(body),
        ex=" ".join(exact_tokens(entry.doc_number, entry.index_number)),
        doc_number_key=exact_key(normalize_doc_number(entry.doc_number))[:120]
        if entry.doc_number
        else "",
        boost=validity_boost(entry.validity),
        facets=facets,
        single_facets=single,
        facet_signature=_signature(single, facets),
    )


# --- worker processes -------------------------------------------------------------

_worker_tokenizer: Tokenizer | None = None


def _init_worker(words: Sequence[str]) -> None:
    global _worker_tokenizer
    _worker_tokenizer = Tokenizer(words)


def _prepare_chunk(entries: list[Entry]) -> list[Row]:
    assert _worker_tokenizer is not None  # noqa: S101 - set by the initializer
    return [prepare(e, _worker_tokenizer) for e in entries]


def _chunks(entries: Iterable[Entry], size: int) -> Iterator[list[Entry]]:
    chunk: list[Entry] = []
    for e in entries:
        chunk.append(e)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def prepare_many(
    entries: Iterable[Entry],
    tokenizer: Tokenizer,
    *,
    jobs: int = 1,
    chunk_size: int = 200,
    extra_words: Sequence[str] = (),
) -> Iterator[list[Row]]:
    """Rows in input order, in chunks; `jobs` > 1 segments in worker processes."""
    if jobs <= 1:
        for chunk in _chunks(entries, chunk_size):
            yield [prepare(e, tokenizer) for e in chunk]
        return
    with ProcessPoolExecutor(
        max_workers=jobs, initializer=_init_worker, initargs=(tuple(extra_words),)
    ) as pool:
        pending = []
        for chunk in _chunks(entries, chunk_size):
            pending.append(pool.submit(_prepare_chunk, chunk))
            if len(pending) >= jobs * 2:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()
