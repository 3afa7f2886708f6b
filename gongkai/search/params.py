"""Search parameters: one validated form for the page, the API and the command line."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

FACET_FIELDS = ("agency", "topic", "genre", "validity", "year", "catalogue", "kind")
MULTI_VALUED = ("agency", "catalogue")  # stored in FacetSetValue
COLUMN_OF = {  # single-valued facets: column of FacetSet
    "topic": "topic",
    "genre": "genre",
    "validity": "validity",
    "year": "year",
    "kind": "content_kind",
}
MODES = ("all", "title")
SORTS = ("relevance", "date")
MAX_PAGE = 500
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 10
MAX_FILTER_VALUES = 20
MAX_VALUE_CHARS = 120


@dataclass(frozen=True)
class SearchParams:
    q: str = ""
    mode: str = "all"  # all: 全文; title: 仅标题
    sort: str = "relevance"  # relevance | date
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    written_from: dt.date | None = None
    written_to: dt.date | None = None
    published_from: dt.date | None = None
    published_to: dt.date | None = None
    page: int = 1
    page_size: int = DEFAULT_PAGE_SIZE
    facets: bool = True
    snippets: bool = True

    def values(self, name: str) -> tuple[str, ...]:
        return tuple(self.filters.get(name, ()))

    @property
    def has_filters(self) -> bool:
        return any(self.filters.values()) or any(
            (self.written_from, self.written_to, self.published_from, self.published_to)
        )

    def without_filters(self) -> SearchParams:
        return replace(
            self,
            filters={},
            written_from=None,
            written_to=None,
            published_from=None,
            published_to=None,
        )


class ParamError(ValueError):
    """A parameter the reader can correct; `errors` maps name -> code."""

    def __init__(self, errors: dict[str, str]):
        super().__init__(", ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def _date(value: str | None, name: str, errors: dict[str, str]) -> dt.date | None:
    if value is None or not str(value).strip():
        return None
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        errors[name] = "invalid_date"
        return None


def _int(value: Any, name: str, default: int, hi: int, errors: dict[str, str]) -> int:
    if value is None or str(value).strip() == "":
        return default
    try:
        number = int(str(value).strip())
    except ValueError:
        errors[name] = "invalid_number"
        return default
    if number < 1:
        errors[name] = "out_of_range"
        return default
    return min(number, hi)


def build_params(
    get_one: Mapping[str, Any], get_list: Mapping[str, Sequence[str]]
) -> SearchParams:
    """Validate raw values; raises ParamError listing every bad parameter.

    `get_one` maps name to a single value, `get_list` maps facet names to values.
    """
    errors: dict[str, str] = {}
    mode = str(get_one.get("mode") or "all")
    if mode not in MODES:
        errors["mode"] = "invalid_choice"
        mode = "all"
    sort = str(get_one.get("sort") or "relevance")
    if sort not in SORTS:
        errors["sort"] = "invalid_choice"
        sort = "relevance"
    filters: dict[str, tuple[str, ...]] = {}
    for name in FACET_FIELDS:
        raw_values = [str(v).strip() for v in get_list.get(name, ()) if str(v).strip()]
        if len(raw_values) > MAX_FILTER_VALUES:
            errors[name] = "too_many_values"
            raw_values = raw_values[:MAX_FILTER_VALUES]
        cleaned = []
        for v in raw_values:
            v = v.replace("\x00", "")[:MAX_VALUE_CHARS]
            if name == "year" and not (v.isdigit() and 1000 <= int(v) <= 9999):
                errors[name] = "invalid_year"
                continue
            cleaned.append(v)
        if cleaned:
            filters[name] = tuple(dict.fromkeys(cleaned))
    params = SearchParams(
        q=str(get_one.get("q") or ""),
        mode=mode,
        sort=sort,
        filters=filters,
        written_from=_date(get_one.get("written_from"), "written_from", errors),
        written_to=_date(get_one.get("written_to"), "written_to", errors),
        published_from=_date(get_one.get("published_from"), "published_from", errors),
        published_to=_date(get_one.get("published_to"), "published_to", errors),
        page=_int(get_one.get("page"), "page", 1, MAX_PAGE, errors),
        page_size=_int(
            get_one.get("page_size"),
            "page_size",
            DEFAULT_PAGE_SIZE,
            MAX_PAGE_SIZE,
            errors,
        ),
    )
    for lo, hi in (("written_from", "written_to"), ("published_from", "published_to")):
        a, b = getattr(params, lo), getattr(params, hi)
        if a and b and a > b:
            errors[hi] = "before_start"
    if errors:
        raise ParamError(errors)
    return params


def params_from_querydict(data: Any) -> SearchParams:
    """From a Django QueryDict (request.GET)."""
    one = {k: data.get(k) for k in data}
    lists = {name: data.getlist(name) for name in FACET_FIELDS}
    return build_params(one, lists)
