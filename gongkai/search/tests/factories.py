"""Entries for search tests, written through the real index functions."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from gongkai.search.entry import Entry
from gongkai.search.index import index_entry
from gongkai.search.params import SearchParams
from gongkai.search.queries import SearchResult, search

_keys = itertools.count(1)


def make_entry(title: str, body: str = "", **kw: Any) -> Entry:
    key = str(kw.pop("key", next(_keys)))
    kw.setdefault("kind", "document")
    kw.setdefault("url", f"/documents/{key}/")
    kw.setdefault("published_date", dt.date(2020, 5, 1))
    kw.setdefault("validity", "valid")
    return Entry(key=key, title=title, body=body, **kw)


def add(title: str, body: str = "", **kw: Any) -> Entry:
    entry = make_entry(title, body, **kw)
    index_entry(entry)
    return entry


def run(q: str = "", **kw: Any) -> SearchResult:
    filters = kw.pop("filters", {})
    return search(SearchParams(q=q, filters=filters, **kw))


def keys(result: SearchResult) -> list[str]:
    return [h.key for h in result.hits]


BACKGROUND_TITLES = (
    "关于做好春季农业生产工作的通知",
    "城市道路照明设施管理规定",
    "关于加强森林防火工作的意见",
    "水路运输管理条例",
    "关于开展全民健身活动的通知",
    "中小学校舍安全工程实施方案",
    "关于规范殡葬服务收费的指导意见",
    "文物保护单位保护管理办法",
    "关于进一步做好防汛抗旱工作的通知",
    "畜禽养殖污染防治条例",
    "关于推进养老服务体系建设的意见",
    "公共图书馆服务规范",
)


def add_background() -> None:
    """Unrelated documents, so word statistics look like a real collection."""
    for i, title in enumerate(BACKGROUND_TITLES):
        add(
            title,
            "第一条 为了规范管理，制定本规定。第二条 本规定自发布之日起施行。",
            key=f"bg{i}",
        )
