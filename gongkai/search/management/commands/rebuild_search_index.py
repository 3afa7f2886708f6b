"""gongkai rebuild-search-index [--kind K ...] [--jobs N]: rebuild from the sources."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gongkai.search import index


class Command(BaseCommand):
    help = "重建检索索引：从各内容应用登记的来源重新写入全部条目（一个事务内完成）。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--kind",
            action="append",
            dest="kinds",
            help="只重建这一类条目（可重复）；默认全部",
        )
        parser.add_argument(
            "--jobs", type=int, default=None, help="分词进程数（默认为 CPU 数，最多 4）"
        )
        parser.add_argument("--no-progress", action="store_true", help="不显示进度条")

    def handle(self, *args: Any, **options: Any) -> None:
        kinds = options["kinds"]
        available = index.registered_kinds()
        if not available:
            raise CommandError("没有登记的检索来源（register_source）。")
        if kinds:
            unknown = sorted(set(kinds) - set(available))
            if unknown:
                raise CommandError(
                    f"未知的类型：{', '.join(unknown)}；可用：{', '.join(available)}"
                )
        bar = tqdm(
            unit="条",
            desc="重建检索索引",
            disable=options["no_progress"],
            file=self.stderr._out,
        )
        started = time.perf_counter()
        try:
            total = index.rebuild(kinds, jobs=options["jobs"], progress=bar.update)
        finally:
            bar.close()
        elapsed = time.perf_counter() - started
        self.stdout.write(f"已重建 {total} 条，用时 {elapsed:.1f} 秒。")
