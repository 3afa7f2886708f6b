"""`gongkai import-documents FILE`: load published documents from JSONL.

One JSON object per line with the keys id, title, body, agency, doc_number, category,
published, validity and optionally source (the format of the shipped corpus). A
record's id is kept as its external id, so running the import again updates records
instead of duplicating them; a run that was interrupted is resumed by running it again.
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from gongkai.core.models import Agency
from gongkai.publishing import importing


def find_agency(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = (
        Agency.objects.filter(code=code).first()
        or Agency.objects.filter(slug=code).first()
    )
    if agency is None:
        raise CommandError(f"未找到机构代码（或网址标识）为 {code} 的机关")
    return agency


def count_records(path: Path, limit: int | None) -> int:
    with importing.open_input(path) as fh:
        total = sum(1 for line in fh if line.strip())
    return min(total, limit) if limit is not None else total


class Command(BaseCommand):
    help = "从 JSONL 文件导入已发布的政府信息（按 id 更新，不重复导入）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", type=Path, help="JSONL 文件，每行一条记录")
        parser.add_argument(
            "--agency",
            metavar="CODE",
            help="主办机关的机构代码；不指定时按每条记录的 agency 查找或新建机关",
        )
        parser.add_argument(
            "--batch-size",
            type=int,
            default=importing.DEFAULT_BATCH_SIZE,
            help=f"每个事务写入的记录数（默认 {importing.DEFAULT_BATCH_SIZE}）",
        )
        parser.add_argument("--limit", type=int, help="只处理前 N 条记录")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            help="为检索索引分词的进程数（默认 1；多核服务器上可设为 CPU 核数）",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="只检查并报告，不写入数据库"
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"文件不存在：{path}")
        if options["batch_size"] < 1:
            raise CommandError("--batch-size 必须是正整数")
        if options["limit"] is not None and options["limit"] < 0:
            raise CommandError("--limit 不能为负数")
        if options["jobs"] < 1:
            raise CommandError("--jobs 必须是正整数")
        owner = find_agency(options["agency"])
        total = count_records(path, options["limit"])
        with tqdm(
            total=total, unit="条", desc="导入", disable=None, dynamic_ncols=True
        ) as bar:
            try:
                summary = importing.import_jsonl(
                    path,
                    owner=owner,
                    batch_size=options["batch_size"],
                    limit=options["limit"],
                    dry_run=options["dry_run"],
                    progress=bar.update,
                    jobs=options["jobs"],
                )
            except importing.IndexTemplateError as exc:
                raise CommandError(f"主办机关的索引号模板有误：{exc}") from exc
        self.stdout.write(f"{path.name}：")
        for line in summary.lines():
            self.stdout.write(line)
        if summary.rejected:
            raise CommandError(
                f"{len(summary.rejected)} 条记录被拒绝（原因见上），其余记录已处理",
                returncode=2,
            )
