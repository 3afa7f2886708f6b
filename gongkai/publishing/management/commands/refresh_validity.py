"""`gongkai refresh-validity`: daily job for 有效性 that changes with the calendar."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing.actions import refresh_all_validity


class Command(BaseCommand):
    help = "按施行、失效日期和修改、废止关系重新计算已发布文件的有效性（每日运行）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--date", help="按指定日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        today = None
        if options["date"]:
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD") from None
        changed = refresh_all_validity(today)
        self.stdout.write(f"有效性已更新：{changed} 份文件状态发生变化。")
