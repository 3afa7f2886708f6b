"""What a content app hands to the search index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Entry:
    """One published item. `kind` + `key` identify it (e.g. "document", "42")."""

    kind: str
    key: str
    title: str
    body: str
    url: str
    external_id: str = ""
    doc_number: str = ""
    index_number: str = ""
    agency: str = ""  # 发布机构 display name(s), "；"-joined
    agency_ids: tuple[int, ...] = ()
    topic: str = ""  # 主题分类
    genre: str = ""  # 体裁
    validity: str = ""  # Validity value ("" where not applicable)
    catalogue: tuple[str, ...] = ()  # catalogue node slugs
    catalogue_labels: tuple[str, ...] = ()  # their names, same order (optional)
    written_date: dt.date | None = None
    published_date: dt.date | None = None
    extra: dict[str, str] = field(default_factory=dict)
