"""Public search pages (/search/, /search/advanced/) and the staff lexicon page."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.search import actions
from gongkai.search.lexicon import index_is_stale
from gongkai.search.models import IndexState, LexiconEntry
from gongkai.search.params import (
    FACET_FIELDS,
    MODES,
    SORTS,
    ParamError,
    SearchParams,
    params_from_querydict,
)
from gongkai.search.queries import SearchResult, search

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def _display(text: str) -> str:
    """The query as typed, for the search box: no control characters, bounded."""
    return _CONTROL.sub(" ", text)[:1000]


_KEEP = (
    "q",
    "mode",
    "sort",
    "written_from",
    "written_to",
    "published_from",
    "published_to",
)


def _pairs(
    request: HttpRequest, *, drop: tuple[str, ...] = ("page",)
) -> list[tuple[str, str]]:
    pairs = []
    for name in (*_KEEP, "page_size", *FACET_FIELDS):
        if name in drop:
            continue
        for value in request.GET.getlist(name):
            if value != "":
                pairs.append((name, value))
    return pairs


def _toggle_url(request: HttpRequest, name: str, value: str) -> str:
    pairs = _pairs(request)
    if (name, value) in pairs:
        pairs.remove((name, value))
    else:
        pairs.append((name, value))
    return "?" + urlencode(pairs)


def _facet_groups(request: HttpRequest, result: SearchResult) -> list[dict[str, Any]]:
    groups = []
    for name in FACET_FIELDS:
        options = result.facets.get(name) or []
        if not options:
            continue
        groups.append(
            {
                "name": name,
                "options": [
                    {"option": o, "url": _toggle_url(request, name, o.value)}
                    for o in options
                ],
            }
        )
    return groups


def results(request: HttpRequest) -> HttpResponse:
    """检索结果. Bad parameters give the form with the reason (400), never a 500."""
    context: dict[str, Any] = {"modes": MODES, "sorts": SORTS}
    try:
        params = params_from_querydict(request.GET)
    except ParamError as exc:
        context.update(errors=exc.errors, q=_display(request.GET.get("q", "")))
        return render(request, "search/results.html", context, status=400)
    if not params.q.split() and not params.has_filters:
        context.update(q="", params=params, empty=True)
        return render(request, "search/results.html", context)
    result = search(params)
    query_string = urlencode(_pairs(request))
    active = [
        {"name": name, "value": value, "url": _toggle_url(request, name, value)}
        for name in FACET_FIELDS
        for value in params.values(name)
    ]
    context.update(
        params=params,
        q=_display(result.query.raw),
        result=result,
        facet_groups=_facet_groups(request, result),
        active_filters=active,
        query_string=query_string,
        page=_PageInfo(result),
        suggestion_url="?"
        + urlencode([("q", result.suggestion), *_pairs(request, drop=("page", "q"))]),
        full_text_url="?" + urlencode([*_pairs(request, drop=("page", "mode"))]),
        no_filter_url="?" + urlencode([("q", params.q), ("mode", params.mode)]),
    )
    return render(request, "search/results.html", context)


class _PageInfo:
    """What includes/pagination.html expects of a Django Page."""

    def __init__(self, result: SearchResult):
        self.number = result.page
        self.paginator = type("P", (), {"num_pages": result.num_pages})()
        self._last = result.num_pages

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self._last

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _choices() -> dict[str, list[Any]]:
    """Options for the advanced form's selects: facet values over all entries."""
    cached = cache.get("search:advanced-choices")
    if cached is None:
        result = search(SearchParams(page_size=1, snippets=False))
        cached = {name: result.facets.get(name, []) for name in FACET_FIELDS}
        cache.set("search:advanced-choices", cached, 300)
    return cached


def advanced(request: HttpRequest) -> HttpResponse:
    """高级检索: every field of the results page as a form."""
    return render(
        request,
        "search/advanced.html",
        {"choices": _choices(), "modes": MODES, "sorts": SORTS},
    )


# --- staff: lexicon -----------------------------------------------------------------


def _platform_admin(request: HttpRequest) -> None:
    if not getattr(request.user, "is_platform_admin", False):
        raise Http404("未找到页面")


@login_required
def lexicon(request: HttpRequest) -> HttpResponse:
    """检索词库: dictionary words and synonym groups, for platform administrators."""
    _platform_admin(request)
    error = ""
    if request.method == "POST":
        try:
            actions.add_lexicon_entry(
                request.POST.get("kind", ""),
                request.POST.get("text", ""),
                by=request.user,
                note=request.POST.get("note", ""),
            )
        except actions.LexiconError as exc:
            error = exc.code
        else:
            messages.success(request, "已保存。检索词库已变更，请重建检索索引。")
            return redirect("search:lexicon")
    return render(
        request,
        "search/lexicon.html",
        {
            "words": LexiconEntry.objects.filter(kind=LexiconEntry.Kind.WORD),
            "groups": LexiconEntry.objects.filter(kind=LexiconEntry.Kind.SYNONYM),
            "kinds": LexiconEntry.Kind.choices,
            "error": error,
            "posted": request.POST if error else {},
            "stale": index_is_stale(),
            "state": IndexState.objects.filter(pk=1).first(),
        },
        status=400 if error else 200,
    )


@login_required
@require_POST
def lexicon_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _platform_admin(request)
    entry = get_object_or_404(LexiconEntry, pk=pk)
    actions.remove_lexicon_entry(entry, by=request.user)
    messages.success(request, "已删除。检索词库已变更，请重建检索索引。")
    return redirect("search:lexicon")
