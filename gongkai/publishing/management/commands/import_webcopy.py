"""`gongkai import-webcopy FILE...`: clean and import web copies of documents.

Each file is an HTML page or the text copied from one. The cleaner
(`gongkai.domain.webcopy`) removes what the page added and reads the portal's
metadata table; the record is then published like an imported JSONL record.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from gongkai.publishing import importing
from gongkai.publishing.management.commands.import_documents import find_agency


class Command(BaseCommand):
    help = "清理并导入网页上复制的政府信息（HTML 或文本）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
        parser.add_argument(
            "--agency",
            metavar="CODE",
            help="主办机关的机构代码；网页没有载明发布机构时必须指定",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只清理并报告，不写入数据库"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        owner = find_agency(options["agency"])
        missing = [str(p) for p in options["files"] if not p.is_file()]
        if missing:
            raise CommandError("文件不存在：" + "、".join(missing))
        rejected = 0
        for path in options["files"]:
            result = importing.import_webcopy(
                path, owner=owner, dry_run=options["dry_run"]
            )
            self.stdout.write(f"{path.name}：")
            copy = result.copy
            if copy is not None:
                self.stdout.write(f"  标题：{copy.title}")
                self.stdout.write(f"  文号：{copy.doc_number or '—'}")
                self.stdout.write(f"  发布机构：{copy.agency or '—'}")
                self.stdout.write(f"  日期：{copy.date or '—'}")
                for warning in copy.warnings:
                    self.stdout.write(f"  说明：{warning}")
            for line in result.summary.lines():
                self.stdout.write(f"  {line}")
            rejected += len(result.summary.rejected)
        if rejected:
            raise CommandError(f"{rejected} 个文件未能导入（原因见上）", returncode=2)
