"""Read side of the search index: one `search(params)` for the page, API and CLI.

Hot-path SQL is written by hand, parameterised, through Django's connection:

* the match: MATCH (FTS5) or @@ (tsquery) over the token streams, ranked by field
  weighted bm25 / ts_rank_cd times the validity boost, run once per request into a
  temporary table of (id, facet set, date, score);
* facets and the total: one GROUP BY facet set over those rows; the sets' values
  are added up in Python, each facet without its own filter (a facet excludes
  itself, the others apply), so no facet needs another pass over the matches;
* the page: the best rows of that table under the facet filters;
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


class _Match:
    """The full-text match of one plan: FROM, WHERE and rank, per database."""

    def __init__(self, plan: Plan, title_only: bool):
        self.vendor = connection.vendor
        phrase_boost = f"(CASE WHEN {{}}(e.title_key, %s) > 0 THEN {PHRASE_IN_TITLE_BOOST} ELSE 1.0 END)"
        self.rank_params: list[Any] = [plan.phrase]
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


def _date_clauses(params: SearchParams) -> tuple[list[str], list[Any]]:
    """成文/发布 date ranges, on the entry row `e`."""
    clauses: list[str] = []
    args: list[Any] = []
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


def _set_filter(params: SearchParams, column: str) -> tuple[list[str], list[Any]]:
    """The facet filters as one condition on a facet-set id column.

    Values of one facet are alternatives (OR), facets combine with AND.
    """
    clauses: list[str] = []
    args: list[Any] = []
    for name in FACET_FIELDS:
        values = params.values(name)
        if not values:
            continue
        marks = ", ".join(["%s"] * len(values))
        if name in MULTI_VALUED:
            clauses.append(
                "EXISTS (SELECT 1 FROM search_facetsetvalue v "
                "WHERE v.facet_set_id = s.id AND v.field = %s "
                f"AND v.value IN ({marks}))"
            )
            args.extend([name, *values])
        else:
            clauses.append(f"s.{COLUMN_OF[name]} IN ({marks})")
            args.extend(int(v) if name == "year" else v for v in values)
    if not clauses:
        return [], []
    return [
        f"{column} IN (SELECT s.id FROM search_facetset s WHERE "
        + " AND ".join(clauses)
        + ")"
    ], args


def _where(clauses: list[str]) -> str:
    return (" WHERE " + " AND ".join(clauses)) if clauses else ""


@dataclass(frozen=True)
class _Candidates:
    """Rows a request counts, facets and pages: a table aliased `e` and filters."""

    table: str
    set_column: str
    rank: str
    clauses: tuple[str, ...] = ()
    args: tuple[Any, ...] = ()


_MATCHES = "gk_search_matches"


@contextmanager
def _candidates(
    plan: Plan | None, params: SearchParams, title_only: bool
) -> Iterator[_Candidates]:
    """Run the match once per request: count, facets and the page read its rows.

    The full-text match with its rank (FTS5 MATCH and bm25, or @@ with its recheck
    and ts_rank_cd) is the expensive part; the facet counts and the page then read
    a temporary table of (id, facet set, date, score). An empty query (list by
    date) reads the entry table with its indexes.
    """
    date_clauses, date_args = _date_clauses(params)
    if plan is None:
        yield _Candidates(
            table="search_searchentry e",
            set_column="e.facet_set_id",
            rank="0.0",
            clauses=tuple(date_clauses),
            args=tuple(date_args),
        )
        return
    match = _Match(plan, title_only)
    materialised = _Candidates(
        table=f"{_MATCHES} e",
        set_column="e.facet_set",
        rank="e.score",
    )
    if match.vendor == "postgresql":
        # ON COMMIT DROP: the table lives as long as this transaction; a rollback
        # on error removes it too.
        with transaction.atomic(), connection.cursor() as cur:
            cur.execute(f"DROP TABLE IF EXISTS pg_temp.{_MATCHES}")
            _create_matches(cur, match, date_clauses, date_args, " ON COMMIT DROP")
            yield materialised
            cur.execute(f"DROP TABLE IF EXISTS pg_temp.{_MATCHES}")
        return
    # SQLite: no transaction here (it would be BEGIN IMMEDIATE, the write lock);
    # the temporary table lives in the connection's own temp schema (in memory).
    with connection.cursor() as cur:
        cur.execute(f"DROP TABLE IF EXISTS temp.{_MATCHES}")
        _create_matches(cur, match, date_clauses, date_args, "")
        try:
            yield materialised
        finally:
            cur.execute(f"DROP TABLE IF EXISTS temp.{_MATCHES}")


def _create_matches(
    cur: Any, match: _Match, clauses: list[str], args: list[Any], suffix: str
) -> None:
    pg = match.vendor == "postgresql"
    cur.execute(
        f"CREATE TEMP TABLE {_MATCHES} ("
        f"id {'bigint' if pg else 'INTEGER'} PRIMARY KEY, facet_set bigint, "
        f"published_date date, score {'double precision' if pg else 'real'}){suffix}"
    )
    cur.execute(
        f"INSERT INTO {_MATCHES} (id, facet_set, published_date, score) "
        f"SELECT e.id, e.facet_set_id, e.published_date, {match.rank} "
        f"FROM {match.source}{_where([match.match, *clauses])}",
        [*match.rank_params, *match.match_params, *args],
    )


def _fetch(sql: str, args: list[Any]) -> list[tuple[Any, ...]]:
    with connection.cursor() as cur:
        cur.execute(sql, args)
        return cur.fetchall()


# --- facets -----------------------------------------------------------------------

# facet field -> ((value, label), …) of one facet set
FacetValues = dict[str, tuple[tuple[str, str], ...]]


def _load_sets(ids: list[int]) -> dict[int, FacetValues]:
    sets: dict[int, FacetValues] = {}
    multi: dict[int, dict[str, list[tuple[str, str]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for i in range(0, len(ids), 500):
        part = ids[i : i + 500]
        marks = ", ".join(["%s"] * len(part))
        for set_id, topic, genre, validity, kind, year in _fetch(
            "SELECT id, topic, genre, validity, content_kind, year "
            f"FROM search_facetset WHERE id IN ({marks})",
            part,
        ):
            sets[set_id] = {
                "topic": ((topic, ""),),
                "genre": ((genre, ""),),
                "validity": ((validity, ""),),
                "year": (("" if year is None else str(year), ""),),
                "kind": ((kind, ""),),
            }
        for set_id, name, value, label in _fetch(
            "SELECT facet_set_id, field, value, label FROM search_facetsetvalue "
            f"WHERE facet_set_id IN ({marks})",
            part,
        ):
            multi[set_id][name].append((value, label))
    for set_id, values in sets.items():
        for name in MULTI_VALUED:
            values[name] = tuple(multi[set_id].get(name, ()))
    return sets


def _labels(name: str, value: str) -> str:
    if name == "validity":
        return dict(Validity.choices).get(value, value)
    if name == "kind":
        return dict(ContentKind.choices).get(value, value)
    return value


def _options(
    name: str,
    counts: Counter[str],
    labels: dict[str, Counter[str]],
    params: SearchParams,
) -> list[FacetOption]:
    selected = set(params.values(name))
    items = [
        (v, labels[v].most_common(1)[0][0] if labels.get(v) else "", n)
        for v, n in counts.items()
        if v not in ("", "None")
    ]
    if name == "year":
        items.sort(key=lambda t: t[0], reverse=True)
    else:
        items.sort(key=lambda t: (-t[2], t[1] or t[0]))
    items = items[:FACET_LIMIT]
    shown = {v for v, _, _ in items}
    for value in sorted(selected - shown):  # a selected value always stays visible
        items.append((value, "", 0))
    return [
        FacetOption(
            value=v, label=lbl or _labels(name, v), count=n, selected=v in selected
        )
        for v, lbl, n in items
    ]


def _tally(
    grouped: list[tuple[int, int]],
    sets: dict[int, FacetValues] | None,
    params: SearchParams,
    with_facets: bool,
) -> tuple[int, dict[str, list[FacetOption]]]:
    """The total under every filter, and each facet's counts without its own filter.

    `sets` is None when there is neither a facet filter nor a facet to count.
    """
    if sets is None:
        return sum(n for _, n in grouped), {}
    active = {name: set(params.values(name)) for name in FACET_FIELDS}
    active = {name: values for name, values in active.items() if values}
    counts: dict[str, Counter[str]] = {name: Counter() for name in FACET_FIELDS}
    labels: dict[str, dict[str, Counter[str]]] = {
        name: defaultdict(Counter) for name in FACET_FIELDS
    }
    total = 0
    for set_id, n in grouped:
        values = sets.get(set_id)
        if values is None:  # pruned by a rebuild since the match ran
            continue
        failing = [
            name
            for name, wanted in active.items()
            if not any(v in wanted for v, _ in values[name])
        ]
        if not failing:
            total += n
        if not with_facets or len(failing) > 1:
            continue
        for name in failing or FACET_FIELDS:
            for value, label in dict.fromkeys(values[name]):
                counts[name][value] += n
                if label:
                    labels[name][value][label] += n
    if not with_facets:
        return total, {}
    return total, {
        name: _options(name, counts[name], labels[name], params)
        for name in FACET_FIELDS
    }


def _count(plan: Plan, title_only: bool, params: SearchParams) -> int:
    """Matches of `plan` under the filters of `params` (no facets, no rank)."""
    match = _Match(plan, title_only)
    clauses, args = _date_clauses(params)
    set_clauses, set_args = _set_filter(params, "e.facet_set_id")
    return int(
        _fetch(
            f"SELECT COUNT(*) FROM {match.source}"
            + _where([match.match, *clauses, *set_clauses]),
            [*match.match_params, *args, *set_args],
        )[0][0]
    )


# --- search -----------------------------------------------------------------------

_HIT_COLUMNS = (
    "e.id, e.kind, e.key, t.external_id, t.title, t.url, t.doc_number, "
    "t.index_number, t.agency, t.topic, t.genre, t.validity, e.written_date, "
    "e.published_date"
)


def _page(rows: _Candidates, params: SearchParams) -> list[tuple[int, float]]:
    set_clauses, set_args = _set_filter(params, rows.set_column)
    if rows.rank == "0.0" or params.sort == "date":
        order = "e.published_date DESC NULLS LAST, score DESC, e.id DESC"
    else:
        order = "score DESC, e.published_date DESC NULLS LAST, e.id DESC"
    offset = (params.page - 1) * params.page_size
    return [
        (r[0], float(r[1] or 0.0))
        for r in _fetch(
            f"SELECT e.id, {rows.rank} AS score FROM {rows.table}"
            f"{_where([*rows.clauses, *set_clauses])} "
            f"ORDER BY {order} LIMIT %s OFFSET %s",
            [*rows.args, *set_args, params.page_size, offset],
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
            "JOIN search_entrytext t ON t.entry_id = e.id "
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
    filtered = any(params.values(name) for name in FACET_FIELDS)
    with _candidates(plan, params, title_only) as rows:
        grouped = _fetch(
            f"SELECT {rows.set_column}, COUNT(*) FROM {rows.table}"
            f"{_where(list(rows.clauses))} GROUP BY {rows.set_column}",
            list(rows.args),
        )
        sets = (
            _load_sets([set_id for set_id, _ in grouped])
            if params.facets or filtered
            else None
        )
        total, facets = _tally(grouped, sets, params, params.facets)
        ranked = _page(rows, params) if total else []
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
    plan = result_plan(parsed)
    if title_only and plan is not None:
        n = _count(plan, False, params)
        if n:
            return replace(result, suggest_full_text=n)
    if params.has_filters and plan is not None:
        n = _count(plan, title_only, params.without_filters())
        if n:
            return replace(result, suggest_without_filters=n)
    lexicon = get_lexicon()
    for candidate in relaxations(parsed, lexicon.synonyms)[:6]:
        _, cplan = compile_query(candidate)
        if cplan is None:
            continue
        n = _count(cplan, title_only, params)
        if n:
            return replace(result, suggestion=candidate, suggestion_total=n)
    return result


def result_plan(parsed: ParsedQuery) -> Plan | None:
    plan = get_lexicon().compiler.compile(parsed)
    return None if plan.is_empty else plan
