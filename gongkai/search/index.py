"""Write side of the search index, called inside the content app's transaction.

`index_entry` and `remove_entry` write the entry row, its token streams and facet
values in the caller's transaction (no `on_commit`): a withdrawn record disappears
from search in the same commit that withdraws it, and a rolled-back publication never
appears. Content apps register a source of all their entries with `register_source`
(in `AppConfig.ready`) so `gongkai rebuild-search-index` can rebuild from scratch.
"""

# SQL here is assembled from constant fragments and %s placeholders only; every
# value, including the match expression, is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from gongkai.domain.tokenizer import default_tokenizer
from gongkai.search.entry import Entry
from gongkai.search.lexicon import current_version, get_lexicon
from gongkai.search.models import IndexState
from gongkai.search.prepare import Row, prepare, prepare_many

EntrySource = Callable[[], Iterable[Entry]]
_SOURCES: dict[str, EntrySource] = {}

_ENTRY_COLUMNS = (
    "kind",
    "key",
    "facet_set_id",
    "title_key",
    "doc_number_key",
    "written_date",
    "published_date",
    "boost",
    "indexed_at",
)
_TEXT_COLUMNS = (
    "entry_id",
    "title_words",
    "body_words",
    "exact_keys",
    "external_id",
    "title",
    "url",
    "doc_number",
    "index_number",
    "agency",
    "topic",
    "genre",
    "validity",
    "body",
)


def register_source(kind: str, iter_entries: EntrySource) -> None:
    """Declare how to list every public entry of `kind` for a full rebuild."""
    _SOURCES[kind] = iter_entries


def unregister_source(kind: str) -> None:
    _SOURCES.pop(kind, None)


def registered_kinds() -> list[str]:
    return sorted(_SOURCES)


def index_entry(entry: Entry) -> None:
    """Add or replace the entry (kind, key)."""
    row = prepare(entry, get_lexicon().tokenizer)
    with transaction.atomic():
        _delete(entry.kind, entry.key)
        write_rows([row])


def remove_entry(kind: str, key: str) -> None:
    """Remove the entry (kind, key) if present."""
    with transaction.atomic():
        _delete(kind, str(key))


def index_entries(
    entries: Iterable[Entry],
    *,
    jobs: int = 1,
    replace: bool = True,
    progress: Callable[[int], Any] | None = None,
    chunk_size: int = 200,
) -> int:
    """Index many entries; `replace=False` skips the delete when the kinds are empty."""
    lexicon = get_lexicon()
    count = 0
    with _bulk_fts():
        for rows in prepare_many(
            entries,
            lexicon.tokenizer,
            jobs=jobs,
            chunk_size=chunk_size,
            extra_words=lexicon.words,
        ):
            # no savepoint per chunk: an error propagates out of the loop anyway,
            # and FTS5 flushes its pending tokens at every savepoint
            with transaction.atomic(savepoint=False):
                if replace:
                    _delete_existing(rows)
                write_rows(rows)
            count += len(rows)
            if progress is not None:
                progress(len(rows))
    return count


# FTS5 keeps new tokens in an in-memory hash and writes a segment each time it holds
# more than `hashsize` bytes (default 1 MB): many small segments to merge during a
# bulk load. A larger hash while bulk writing gives fewer, larger segments.
_FTS_BULK_HASHSIZE = 64 * 1024 * 1024
_FTS_DEFAULT_HASHSIZE = 1024 * 1024
# A bulk write touches the pages of eight B-trees at once (entries, texts, their
# indexes, the FTS5 segments and sizes); with SQLite's default 2 MB page cache
# dirty pages spill to the WAL and are written again and again. In KiB (negative).
_BULK_CACHE_SIZE = -256 * 1024


@contextmanager
def _bulk_fts() -> Iterator[None]:
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cur:
        cur.execute("PRAGMA cache_size")
        cache_size = int(cur.fetchone()[0])
        cur.execute(f"PRAGMA cache_size = {_BULK_CACHE_SIZE}")
    _fts_config("hashsize", _FTS_BULK_HASHSIZE)
    try:
        yield
    finally:
        _fts_config("hashsize", _FTS_DEFAULT_HASHSIZE)
        with connection.cursor() as cur:
            cur.execute(f"PRAGMA cache_size = {cache_size}")


def _fts_config(name: str, value: int) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO search_fts(search_fts, rank) VALUES (%s, %s)", [name, value]
        )


def clear(kinds: Iterable[str] | None = None) -> None:
    """Remove every entry (of `kinds`, when given)."""
    with connection.cursor() as cur:
        if kinds is None:
            if connection.vendor == "sqlite":
                cur.execute("INSERT INTO search_fts(search_fts) VALUES ('delete-all')")
            cur.execute("DELETE FROM search_entrytext")
            cur.execute("DELETE FROM search_searchentry")
            return
        for kind in kinds:
            cur.execute("SELECT id FROM search_searchentry WHERE kind = %s", [kind])
            _delete_ids(cur, [r[0] for r in cur.fetchall()])


def rebuild(
    kinds: Iterable[str] | None = None,
    *,
    jobs: int | None = None,
    progress: Callable[[int], Any] | None = None,
) -> int:
    """Rebuild the index from the registered sources, in one transaction.

    Readers keep seeing the old index until the commit.
    """
    chosen = registered_kinds() if kinds is None else list(kinds)
    unknown = [k for k in chosen if k not in _SOURCES]
    if unknown:
        raise KeyError(", ".join(unknown))
    jobs = jobs if jobs is not None else min(4, os.cpu_count() or 1)
    total = 0
    with transaction.atomic(), _bulk_fts():
        clear(None if kinds is None else chosen)
        for kind in chosen:
            total += index_entries(
                _SOURCES[kind](), jobs=jobs, replace=False, progress=progress
            )
        optimize()
        prune_facet_sets()
        IndexState.objects.update_or_create(
            pk=1,
            defaults={
                "lexicon_version": current_version(),
                "rebuilt_at": timezone.now(),
                "entries": total,
            },
        )
    return total


def optimize() -> None:
    """Merge FTS5 segments (SQLite) after bulk writes; PostgreSQL is ANALYZEd later."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            cur.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")


def prune_facet_sets() -> None:
    """Drop facet sets no entry uses any more (they are otherwise kept for reuse)."""
    with connection.cursor() as cur:
        unused = (
            "SELECT s.id FROM search_facetset s WHERE NOT EXISTS "
            "(SELECT 1 FROM search_searchentry e WHERE e.facet_set_id = s.id)"
        )
        cur.execute(
            f"DELETE FROM search_facetsetvalue WHERE facet_set_id IN ({unused})"
        )
        cur.execute(f"DELETE FROM search_facetset WHERE id IN ({unused})")


# --- SQL --------------------------------------------------------------------------


def _delete_existing(rows: list[Row]) -> None:
    """Delete the entries of `rows` that exist: one lookup per kind, not per row."""
    keys: dict[str, list[str]] = {}
    for row in rows:
        keys.setdefault(row.entry.kind[:40], []).append(str(row.entry.key)[:120])
    ids: list[int] = []
    with connection.cursor() as cur:
        for kind, kind_keys in keys.items():
            for i in range(0, len(kind_keys), 500):
                part = kind_keys[i : i + 500]
                marks = ", ".join(["%s"] * len(part))
                cur.execute(
                    "SELECT id FROM search_searchentry "
                    f"WHERE kind = %s AND key IN ({marks})",
                    [kind, *part],
                )
                ids.extend(r[0] for r in cur.fetchall())
        _delete_ids(cur, ids)


def _delete(kind: str, key: str) -> None:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT id FROM search_searchentry WHERE kind = %s AND key = %s",
            [kind, key],
        )
        found = cur.fetchone()
        if found:
            _delete_ids(cur, [found[0]])


_FTS_DELETE = (
    "INSERT INTO search_fts(search_fts, rowid, tw, tb, bw, bb, ex) "
    "VALUES ('delete', %s, %s, %s, %s, %s, %s)"
)


def _delete_ids(cur: Any, ids: list[int]) -> None:
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        marks = ", ".join(["%s"] * len(part))
        if connection.vendor == "sqlite":
            # The FTS5 table keeps no copy of its text (content=''), so a row is
            # removed by handing FTS5 the tokens it was indexed with: the word
            # streams as stored, the bigrams made again from the stored text.
            cur.execute(
                "SELECT entry_id, title, body, title_words, body_words, exact_keys "
                f"FROM search_entrytext WHERE entry_id IN ({marks})",
                part,
            )
            bigrams = default_tokenizer().bigrams_text
            cur.executemany(
                _FTS_DELETE,
                [
                    (entry_id, tw, bigrams(title), bw, bigrams(body), ex)
                    for entry_id, title, body, tw, bw, ex in cur.fetchall()
                ],
            )
        cur.execute(f"DELETE FROM search_entrytext WHERE entry_id IN ({marks})", part)
        cur.execute(f"DELETE FROM search_searchentry WHERE id IN ({marks})", part)


def _values(row: Row, facet_set_id: int, now: Any) -> list[Any]:
    e = row.entry
    ops = connection.ops
    return [
        e.kind[:40],
        str(e.key)[:120],
        facet_set_id,
        row.title_key,
        row.doc_number_key,
        ops.adapt_datefield_value(e.written_date),
        ops.adapt_datefield_value(e.published_date),
        row.boost,
        ops.adapt_datetimefield_value(now),
    ]


def _text_values(entry_id: int, row: Row, streams: bool) -> tuple[Any, ...]:
    e = row.entry
    return (
        entry_id,
        row.tw if streams else "",
        row.bw if streams else "",
        row.ex if streams else "",
        (e.external_id or "")[:120],
        row.title,
        e.url[:500],
        e.doc_number[:120],
        e.index_number[:80],
        e.agency[:500],
        e.topic[:120],
        e.genre[:40],
        e.validity[:20],
        row.body,
    )


def _facet_set_ids(cur: Any, rows: list[Row]) -> dict[str, int]:
    """signature -> FacetSet id for the rows, creating the sets not yet stored."""
    wanted = {row.facet_signature: row for row in rows}
    found: dict[str, int] = {}

    def lookup() -> None:
        missing = [sig for sig in wanted if sig not in found]
        for i in range(0, len(missing), 500):
            part = missing[i : i + 500]
            marks = ", ".join(["%s"] * len(part))
            cur.execute(
                f"SELECT signature, id FROM search_facetset WHERE signature IN ({marks})",
                part,
            )
            found.update(cur.fetchall())

    lookup()
    for sig, row in wanted.items():
        if sig in found:
            continue
        insert = (
            "INSERT INTO search_facetset (signature, topic, genre, validity, "
            "content_kind, year) VALUES (%s, %s, %s, %s, %s, %s)"
        )
        if connection.vendor == "postgresql":
            # DO NOTHING + RETURNING: only the writer that created a set adds its
            # values (a concurrent writer may add the same set first)
            cur.execute(
                f"{insert} ON CONFLICT (signature) DO NOTHING RETURNING id",
                [sig, *row.single_facets],
            )
            created = cur.fetchone()
            if created is None:
                continue
            set_id = created[0]
        else:
            # One writer at a time, and the lookup ran in this transaction. No
            # ON CONFLICT or RETURNING: either opens a statement journal, and FTS5
            # writes its pending tokens out as a new segment at every one.
            cur.execute(insert, [sig, *row.single_facets])
            set_id = cur.lastrowid
        found[sig] = set_id
        if row.facets:
            cur.executemany(
                "INSERT INTO search_facetsetvalue (facet_set_id, field, value, label) "
                "VALUES (%s, %s, %s, %s)",
                [(set_id, *value) for value in row.facets],
            )
    if len(found) < len(wanted):
        lookup()
    return found


_COLS = ", ".join(_ENTRY_COLUMNS)
_PLACEHOLDERS = ", ".join(["%s"] * len(_ENTRY_COLUMNS))
_SQLITE_INSERT = (
    f"INSERT INTO search_searchentry (id, {_COLS}) VALUES (%s, {_PLACEHOLDERS})"
)
_PG_INSERT = (
    f"INSERT INTO search_searchentry (id, {_COLS}, vec) VALUES (%s, {_PLACEHOLDERS}, "
    "setweight(to_tsvector('simple', %s), 'A') || "
    "setweight(to_tsvector('simple', %s), 'B') || "
    "setweight(to_tsvector('simple', %s), 'C') || "
    "setweight(to_tsvector('simple', %s), 'D'))"
)
_TEXT_INSERT = (
    f"INSERT INTO search_entrytext ({', '.join(_TEXT_COLUMNS)}) "
    f"VALUES ({', '.join(['%s'] * len(_TEXT_COLUMNS))})"
)


def write_rows(rows: list[Row]) -> None:
    if not rows:
        return
    now = timezone.now()
    texts: list[tuple[Any, ...]] = []
    with connection.cursor() as cur:
        sets = _facet_set_ids(cur, rows)
        if connection.vendor == "postgresql":
            cur.execute(
                "SELECT nextval(pg_get_serial_sequence('search_searchentry', 'id')) "
                "FROM generate_series(1, %s)",
                [len(rows)],
            )
            ids = [r[0] for r in cur.fetchall()]
            params = []
            for entry_id, row in zip(ids, rows, strict=True):
                title_a = f"{row.tw} {row.ex}".strip()
                params.append(
                    [
                        entry_id,
                        *_values(row, sets[row.facet_signature], now),
                        title_a,
                        row.tb,
                        row.bw,
                        row.bb,
                    ]
                )
                texts.append(_text_values(entry_id, row, streams=False))
            cur.executemany(_PG_INSERT, params)
        else:
            # ids assigned here (the caller's transaction holds the write lock),
            # never below a deleted one (AUTOINCREMENT), so one executemany
            cur.execute(
                "SELECT max(coalesce((SELECT max(id) FROM search_searchentry), 0), "
                "coalesce((SELECT seq FROM sqlite_sequence "
                "WHERE name = 'search_searchentry'), 0))"
            )
            first = cur.fetchone()[0] + 1
            fts = []
            entries = []
            for entry_id, row in enumerate(rows, first):
                entries.append(
                    [entry_id, *_values(row, sets[row.facet_signature], now)]
                )
                fts.append((entry_id, row.tw, row.tb, row.bw, row.bb, row.ex))
                texts.append(_text_values(entry_id, row, streams=True))
            cur.executemany(_SQLITE_INSERT, entries)
            cur.executemany(
                "INSERT INTO search_fts (rowid, tw, tb, bw, bb, ex) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                fts,
            )
        cur.executemany(_TEXT_INSERT, texts)
