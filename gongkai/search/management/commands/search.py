"""gongkai search "QUERY" [--json] [--limit N] [filters]; QUERY "-" reads stdin.

With `-`, each line of standard input is one query and each gives one line of
output (with --json, one JSON object per line, in input order).
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from gongkai.search.params import FACET_FIELDS, ParamError, build_params
from gongkai.search.queries import SearchResult, search


class Command(BaseCommand):
    help = "在检索索引中查找；QUERY 为 - 时从标准输入逐行读取检索词。"
    stealth_options = ("stdin",)

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query", help="检索词；- 表示从标准输入逐行读取")
        parser.add_argument("--json", action="store_true", help="输出 JSON")
        parser.add_argument(
            "--limit", type=int, default=10, help="最多返回条数（1–100）"
        )
        parser.add_argument("--mode", choices=["all", "title"], default="all")
        parser.add_argument(
            "--sort", choices=["relevance", "date"], default="relevance"
        )
        for name in FACET_FIELDS:
            parser.add_argument(
                f"--{name}", action="append", default=[], help=f"筛选 {name}"
            )
        for name in ("written_from", "written_to", "published_from", "published_to"):
            parser.add_argument(f"--{name.replace('_', '-')}", dest=name, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        limit = options["limit"]
        if not 1 <= limit <= 100:
            raise CommandError("--limit 应在 1 到 100 之间")
        base = {
            "mode": options["mode"],
            "sort": options["sort"],
            "page_size": limit,
            **{k: options[k] for k in ("written_from", "written_to")},
            **{k: options[k] for k in ("published_from", "published_to")},
        }
        lists = {name: options[name] for name in FACET_FIELDS}
        if options["query"] == "-":
            stdin = options.get("stdin") or sys.stdin
            for line in stdin:
                self._one(line.rstrip("\r\n"), base, lists, options["json"])
                self.stdout.flush()
        else:
            self._one(options["query"], base, lists, options["json"])

    def _one(
        self, q: str, base: dict[str, Any], lists: dict[str, list[str]], as_json: bool
    ) -> None:
        try:
            params = build_params({**base, "q": q}, lists)
        except ParamError as exc:
            if as_json:
                self.stdout.write(
                    json.dumps({"q": q, "error": exc.errors}, ensure_ascii=False)
                )
                return
            raise CommandError(str(exc)) from exc
        result = search(replace(params, facets=False, snippets=not as_json))
        if as_json:
            self.stdout.write(json.dumps(_as_json(result), ensure_ascii=False))
        else:
            self._print(result)

    def _print(self, result: SearchResult) -> None:
        self.stdout.write(f"「{result.query.text()}」共 {result.total} 条")
        for n, hit in enumerate(result.hits, 1):
            meta = " · ".join(
                x
                for x in (hit.doc_number, hit.agency, str(hit.published_date or ""))
                if x
            )
            self.stdout.write(f"{n:>3}. {hit.title}  [{hit.score:.3f}]")
            if meta:
                self.stdout.write(f"     {meta}")
            self.stdout.write(f"     {_absolute(hit.url)}")
        if not result.hits and result.suggestion:
            self.stdout.write(
                f"建议：{result.suggestion}（{result.suggestion_total} 条）"
            )


def _absolute(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.SITE_URL.rstrip("/") + url


def _as_json(result: SearchResult) -> dict[str, Any]:
    return {
        "q": result.query.raw,
        "total": result.total,
        "notices": list(result.notices),
        "suggestion": result.suggestion,
        "hits": [
            {
                "external_id": h.external_id,
                "kind": h.kind,
                "key": h.key,
                "title": h.title,
                "score": h.score,
                "url": _absolute(h.url),
                "doc_number": h.doc_number,
                "published_date": h.published_date.isoformat()
                if h.published_date
                else None,
            }
            for h in result.hits
        ],
    }
