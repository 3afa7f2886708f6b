"""Read side of the search index: one `search(params)` for the page, API and CLI.

Hot-path SQL is written by hand, parameterised, through Django's connection:

* results: the MATCH (FTS5) or @@ (tsquery) over the token streams, ranked by field
  weighted bm25 / ts_rank_cd times the validity boost, one page of ids;
* facets: grouped counts over the matching rows on indexed columns. Facets without
  an active filter share one GROUP BY over all single-valued columns; a facet with an
  active filter is counted without its own filter (each facet excludes itself), and
  the multi-valued facets (发布机构, 目录栏目) join `search_facetvalue`;
* snippets and highlighted titles are built only for the rows on the page.
"""

# SQL here is assembled from constant fragments and %s placeholders only; every
# value, including the match expression, is passed as a parameter.
# ruff: noqa: S608

from __future__ import annotations

import datetime as dt
import math
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from django.db import connection, transaction

from gongkai.domain.searchquery import (
    PHRASE_IN_TITLE_BOOST,
    ParsedQuery,
    Plan,
    highlight_html,
    parse_query,
    relaxations,
    snippet_html,
    to_fts5,
    to_tsquery,
)
from gongkai.search.lexicon import get_lexicon
from gongkai.search.models import ContentKind, Validity
from gongkai.search.params import COLUMN_OF, FACET_FIELDS, MULTI_VALUED, SearchParams

# bm25 column weights: title words, title bigrams, body words, body bigrams, exact.
BM25_WEIGHTS = (10.0, 6.0, 1.0, 0.6, 40.0)
# ts_rank_cd weights {D, C, B, A}: body bigrams, body words, title bigrams, title
# words and exact keys.
TSRANK_WEIGHTS = "{0.06, 0.1, 0.6, 1.0}"
FACET_LIMIT = 50


@dataclass(frozen=True)
class Hit:
    kind: str
    key: str
    external_id: str
    title: str
    title_html: str
    url: str
    snippet_html: str
    score: float
    doc_number: str
    index_number: str
    agency: str
    topic: str
    genre: str
    validity: str
    validity_label: str
    written_date: dt.date | None
    published_date: dt.date | None


@dataclass(frozen=True)
class FacetOption:
    value: str
    label: str
    count: int
    selected: bool


@dataclass(frozen=True)
class SearchResult:
    params: SearchParams
    query: ParsedQuery
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetOption]] = field(default_factory=dict)
    suggestion: str = ""
    suggestion_total: int = 0
    suggest_full_text: int = 0  # hits in full-text mode when title-only found none
    suggest_without_filters: int = 0  # hits the query has with no filters
    notices: tuple[str, ...] = ()

    @property
    def num_pages(self) -> int:
        return max(1, math.ceil(self.total / self.params.page_size))

    @property
    def page(self) -> int:
        return self.params.page


# --- SQL building -----------------------------------------------------------------

EXACT_DOC_NUMBER_BOOST = 100.0


class _Sql:
    """Vendor-specific fragments for one plan."""

    def __init__(self, plan: Plan | None, title_only: bool):
        self.vendor = connection.vendor
        self.plan = plan
        if plan is None:
            self.match = ""
            self.match_params: list[Any] = []
            self.source = "search_searchentry e"
            self.facet_join = "JOIN"
            self.rank = "0.0"
            self.rank_params: list[Any] = []
            return
        self.facet_join = "JOIN"
        phrase_boost = f"(CASE WHEN {{}}(e.title_key, %s) > 0 THEN {PHRASE_IN_TITLE_BOOST} ELSE 1.0 END)"
        self.rank_params = [plan.phrase]
        if plan.exact_keys:
            # A query that is a whole 文号 puts that document first, whatever else
            # mentions the same issuer, year and number in passing.
            marks = ", ".join(["%s"] * len(plan.exact_keys))
            phrase_boost += (
                f" * (CASE WHEN e.doc_number_key IN ({marks}) "
                f"THEN {EXACT_DOC_NUMBER_BOOST} ELSE 1.0 END)"
            )
            self.rank_params.extend(plan.exact_keys)
        if self.vendor == "postgresql":
            self.source = (
                "search_searchentry e CROSS JOIN "
                "(SELECT to_tsquery('simple', %s) AS q) tq"
            )
            self.match_params = [to_tsquery(plan, title_only=title_only)]
            self.match = "e.vec @@ tq.q"
            self.rank = (
                f"ts_rank_cd('{TSRANK_WEIGHTS}', e.vec, tq.q, 1) * e.boost * "
                + phrase_boost.format("strpos")
            )
        else:
            self.source = (
                "search_fts JOIN search_searchentry e ON e.id = search_fts.rowid"
            )
            self.match_params = [to_fts5(plan, title_only=title_only)]
            self.match = "search_fts MATCH %s"
            weights = ", ".join(str(w) for w in BM25_WEIGHTS)
            # bm25() is negative, better is lower; negate so higher is better.
            self.rank = (
                f"-bm25(search_fts, {weights}) * e.boost * "
                + phrase_boost.format("instr")
            )

    def where(self, clauses: list[str], params: list[Any]) -> tuple[str, list[Any]]:
        """FROM … WHERE … with the match and filter clauses, and all parameters."""
        parts = [self.match] if self.match else []
        parts.extend(clauses)
        where = (" WHERE " + " AND ".join(parts)) if parts else ""
        # PostgreSQL: the tsquery parameter sits in FROM; SQLite: MATCH comes first
        # in WHERE. Either way it precedes the filter parameters.
        return f" FROM {self.source}{where}", [*self.match_params, *params]


def _filter_clauses(
    params: SearchParams, *, skip: str | None = None
) -> tuple[list[str], list[Any]]:
    clauses: list[str] = []
    args: list[Any] = []
    for name in FACET_FIELDS:
        if name == skip:
            continue
        values = params.values(name)
        if not values:
            continue
        marks = ", ".join(["%s"] * len(values))
        if name in MULTI_VALUED:
            clauses.append(
                "EXISTS (SELECT 1 FROM search_facetvalue fv WHERE fv.entry_id = e.id "
                f"AND fv.field = %s AND fv.value IN ({marks}))"
            )
            args.extend([name, *values])
        else:
            column = COLUMN_OF[name]
            clauses.append(f"e.{column} IN ({marks})")
            if name == "year":
                args.extend(int(v) for v in values)
            else:
                args.extend(values)
    ops = connection.ops
    for attr, column, op in (
        ("written_from", "written_date", ">="),
        ("written_to", "written_date", "<="),
        ("published_from", "published_date", ">="),
        ("published_to", "published_date", "<="),
    ):
        value = getattr(params, attr)
        if value is not None:
            clauses.append(f"e.{column} {op} %s")
            args.append(ops.adapt_datefield_value(value))
    return clauses, args


_MATCHES = "gk_search_matches"


class _Materialised(_Sql):
    """The matches of one plan, ranked once, in a temporary table aliased `e`."""

    def __init__(self, plan: Plan):
        self.vendor = connection.vendor
        self.plan = plan
        self.match = ""
        self.match_params = []
        self.source = f"{_MATCHES} e"
        self.rank = "e.score"
        self.rank_params = []
        # SQLite: read the (small) match table first, then look up facet values
        self.facet_join = "JOIN" if self.vendor == "postgresql" else "CROSS JOIN"


@contextmanager
def _matches(sql: _Sql) -> Iterator[_Sql]:
    """Run the match once per request: count, facets and the page read its rows.

    The full-text match (FTS5 MATCH with bm25, or @@ with its recheck and
    ts_rank_cd) is the expensive part; the facet counts and the page then group and
    sort a plain temporary table of the matching rows and their facet columns. An
    empty query (list by date) keeps the direct queries on the indexed columns.
    """
    if sql.plan is None:
        yield sql
        return
    if sql.vendor == "postgresql":
        # ON COMMIT DROP: the table lives as long as this transaction; a rollback
        # on error removes it too.
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS pg_temp.{_MATCHES}")
            _create_matches(cur, sql, " ON COMMIT DROP")
            yield _Materialised(sql.plan)
            cur.execute(f"DROP TABLE IF EXISTS pg_temp.{_MATCHES}")
        return
    # SQLite: no transaction here (it would be BEGIN IMMEDIATE, the write lock);
    # the temporary table lives in the connection's own temp schema (in memory).
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS temp.{_MATCHES}")
        _create_matches(cur, sql, "")
        try:
            yield _Materialised(sql.plan)
        finally:
            cur.execute(f"DROP TABLE IF EXISTS temp.{_MATCHES}")


def _create_matches(cur: Any, sql: _Sql, suffix: str) -> None:
    pg = sql.vendor == "postgresql"
    cur.execute(
        f"CREATE TEMP TABLE {_MATCHES} ("
        f"id {'bigint' if pg else 'INTEGER'} PRIMARY KEY, written_date date, "
        "published_date date, topic text, genre text, validity text, year integer, "
        f"content_kind text, score {'double precision' if pg else 'real'}){suffix}"
    )
    cur.execute(
        f"INSERT INTO {_MATCHES} (id, written_date, published_date, topic, genre, "
        "validity, year, content_kind, score) "
        "SELECT e.id, e.written_date, e.published_date, e.topic, e.genre, "
        f"e.validity, e.year, e.content_kind, {sql.rank} "
        f"FROM {sql.source} WHERE {sql.match}",
        [*sql.rank_params, *sql.match_params],
    )


def _fetch(sql: str, args: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall()


# --- facets -----------------------------------------------------------------------


def _labels(name: str, value: str) -> str:
    if name == "validity":
        return dict(Validity.choices).get(value, value)
    if name == "kind":
        return dict(ContentKind.choices).get(value, value)
    return value


def _options(
    name: str, counts: dict[tuple[str, str], int], params: SearchParams
) -> list[FacetOption]:
    selected = set(params.values(name))
    items = [(v, lbl, n) for (v, lbl), n in counts.items() if v not in ("", "None")]
    if name == "year":
        items.sort(key=lambda t: t[0], reverse=True)
    else:
        items.sort(key=lambda t: (-t[2], t[1]))
    items = items[:FACET_LIMIT]
    shown = {v for v, _, _ in items}
    for value in selected - shown:  # a selected value always stays visible
        items.append((value, _labels(name, value), 0))
    return [
        FacetOption(
            value=v, label=lbl or _labels(name, v), count=n, selected=v in selected
        )
        for v, lbl, n in items
    ]


def _facets(
    sql: _Sql, params: SearchParams
) -> tuple[dict[str, list[FacetOption]], int]:
    """Facet options and the total number of matching entries."""
    single = [f for f in FACET_FIELDS if f not in MULTI_VALUED]
    shared = [f for f in single if not params.values(f)]
    clauses, args = _filter_clauses(params)
    columns = [f"e.{COLUMN_OF[f]}" for f in single]
    cols = ", ".join(columns)
    from_where, all_args = sql.where(clauses, args)
    rows = _fetch(f"SELECT {cols}, COUNT(*){from_where} GROUP BY {cols}", all_args)
    total = sum(r[-1] for r in rows)
    counts: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    for row in rows:
        for i, name in enumerate(single):
            if name in shared:
                counts[name][(str(row[i]), "")] += row[-1]
    for name in single:
        if name in shared:
            continue
        clauses, args = _filter_clauses(params, skip=name)
        column = f"e.{COLUMN_OF[name]}"
        from_where, all_args = sql.where(clauses, args)
        for value, n in _fetch(
            f"SELECT {column}, COUNT(*){from_where} GROUP BY {column}",
            all_args,
        ):
            counts[name][(str(value), "")] += n
    for name in MULTI_VALUED:
        clauses, args = _filter_clauses(params, skip=name)
        clauses = ["f.field = %s", *clauses]
        from_where, all_args = sql.where(clauses, [name, *args])
        from_where = from_where.replace(
            " WHERE ",
            f" {sql.facet_join} search_facetvalue f ON f.entry_id = e.id WHERE ",
            1,
        )
        for value, label, n in _fetch(
            f"SELECT f.value, f.label, COUNT(*){from_where} GROUP BY f.value, f.label",
            all_args,
        ):
            counts[name][(str(value), label or "")] += n
    return {name: _options(name, counts[name], params) for name in FACET_FIELDS}, total


def _count(sql: _Sql, params: SearchParams) -> int:
    clauses, args = _filter_clauses(params)
    from_where, all_args = sql.where(clauses, args)
    return int(_fetch(f"SELECT COUNT(*){from_where}", all_args)[0][0])


# --- search -----------------------------------------------------------------------

_HIT_COLUMNS = (
    "e.id, e.kind, e.key, e.external_id, e.title, e.url, e.doc_number, e.index_number, "
    "e.agency, e.topic, e.genre, e.validity, e.written_date, e.published_date"
)


def _page(sql: _Sql, params: SearchParams) -> list[tuple[int, float]]:
    clauses, args = _filter_clauses(params)
    from_where, all_args = sql.where(clauses, args)
    if sql.plan is None or params.sort == "date":
        order = "e.published_date DESC NULLS LAST, score DESC, e.id DESC"
    else:
        order = "score DESC, e.published_date DESC NULLS LAST, e.id DESC"
    offset = (params.page - 1) * params.page_size
    return [
        (r[0], float(r[1] or 0.0))
        for r in _fetch(
            f"SELECT e.id, {sql.rank} AS score{from_where} "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [*sql.rank_params, *all_args, params.page_size, offset],
        )
    ]


def _to_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _hits(
    ranked: list[tuple[int, float]], plan: Plan | None, snippets: bool
) -> list[Hit]:
    if not ranked:
        return []
    ids = [i for i, _ in ranked]
    marks = ", ".join(["%s"] * len(ids))
    body = "t.body" if snippets else "''"
    rows = {
        r[0]: r
        for r in _fetch(
            f"SELECT {_HIT_COLUMNS}, {body} FROM search_searchentry e "
            "LEFT JOIN search_entrytext t ON t.entry_id = e.id "
            f"WHERE e.id IN ({marks})",
            ids,
        )
    }
    terms = plan.highlight if plan is not None else ()
    hits = []
    for entry_id, score in ranked:
        r = rows.get(entry_id)
        if r is None:
            continue
        title, text = r[4], r[14] or ""
        hits.append(
            Hit(
                kind=r[1],
                key=r[2],
                external_id=r[3],
                title=title,
                title_html=highlight_html(title, terms),
                url=r[5],
                snippet_html=snippet_html(text, terms) if snippets else "",
                score=round(score, 6),
                doc_number=r[6],
                index_number=r[7],
                agency=r[8],
                topic=r[9],
                genre=r[10],
                validity=r[11],
                validity_label=dict(Validity.choices).get(r[11], "") if r[11] else "",
                written_date=_to_date(r[12]),
                published_date=_to_date(r[13]),
            )
        )
    return hits


def compile_query(q: str) -> tuple[ParsedQuery, Plan | None]:
    parsed = parse_query(q)
    if parsed.is_empty:
        return parsed, None
    plan = get_lexicon().compiler.compile(parsed)
    return parsed, (None if plan.is_empty else plan)


def search(params: SearchParams) -> SearchResult:
    """Run a search; an empty query lists entries by date (with the filters)."""
    parsed, plan = compile_query(params.q)
    notices = parsed.notices
    if plan is None and (parsed.terms or parsed.notices):
        # only exclusions, or nothing searchable: an empty result, not everything
        return SearchResult(params, parsed, 0, [], {}, notices=notices)
    title_only = params.mode == "title"
    sql = _Sql(plan, title_only)
    with _matches(sql) as sql:
        if params.facets:
            facets, total = _facets(sql, params)
        else:
            facets, total = {}, _count(sql, params)
        ranked = _page(sql, params) if total else []
    hits = _hits(ranked, plan, params.snippets)
    result = SearchResult(params, parsed, total, hits, facets, notices=notices)
    if total == 0 and plan is not None:
        result = _with_suggestion(result, parsed, title_only)
    return result


def _with_suggestion(
    result: SearchResult, parsed: ParsedQuery, title_only: bool
) -> SearchResult:
    """For no hits: a looser query that finds something, or a hint to drop filters."""
    params = result.params
    if title_only:
        n = _count(_Sql(result_plan(parsed), False), params)
        if n:
            return replace(result, suggest_full_text=n)
    if params.has_filters:
        n = _count(_Sql(result_plan(parsed), title_only), params.without_filters())
        if n:
            return replace(result, suggest_without_filters=n)
    lexicon = get_lexicon()
    for candidate in relaxations(parsed, lexicon.synonyms)[:6]:
        _, cplan = compile_query(candidate)
        if cplan is None:
            continue
        n = _count(_Sql(cplan, title_only), params)
        if n:
            return replace(result, suggestion=candidate, suggestion_total=n)
    return result


def result_plan(parsed: ParsedQuery) -> Plan | None:
    plan = get_lexicon().compiler.compile(parsed)
    return None if plan.is_empty else plan
