"""`gongkai seed-catalogues`: the standard 主动公开目录 for agencies that lack it."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from gongkai.core.models import Agency
from gongkai.publishing.actions import seed_catalogue


class Command(BaseCommand):
    help = "为所有机关补齐标准主动公开目录栏目（已有栏目保持不变，可重复运行）"

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        total = 0
        for agency in Agency.objects.order_by("pk"):
            created = seed_catalogue(agency)
            total += created
            if created:
                self.stdout.write(f"{agency}：新增 {created} 个栏目")
        self.stdout.write(f"完成，共新增 {total} 个栏目。")
