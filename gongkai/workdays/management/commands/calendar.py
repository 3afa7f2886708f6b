"""gongkai calendar load YEAR FILE | status | seed — manage the working-day calendar.

`load` reads the State Council notice (plain text, as published) or a CSV file
(date,kind,name) and makes it the national schedule of YEAR; a bad file changes
nothing. `status` lists the loaded years and warns about a missing one. `seed`
restores 2004–2026 from the chinesecalendar package (years loaded from a notice are
kept unless --force).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.domain.workdays import DayKind
from gongkai.domain.workdays_notice import NoticeDay
from gongkai.lib.dates import local_today
from gongkai.workdays import actions, notices, queries
from gongkai.workdays.models import CalendarEntry, CalendarYear

MIN_YEAR, MAX_YEAR = 2000, 2100
# The notices write 清明节、端午节、中秋节; chinesecalendar abbreviates them.
NOTICE_NAMES = {"清明": "清明节", "端午": "端午节", "中秋": "中秋节"}


def _year(value: str) -> int:
    try:
        year = int(value)
    except ValueError:
        raise CommandError(f"年份应为四位数字：{value}") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise CommandError(f"年份超出范围（{MIN_YEAR}–{MAX_YEAR}）：{year}")
    return year


class Command(BaseCommand):
    help = "载入、查看或重建工作日历（国务院办公厅节假日安排）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="从通知正文（.txt）或 CSV 载入一年的安排")
        load.add_argument("year")
        load.add_argument("file")
        load.add_argument(
            "--format", choices=notices.FORMATS, default=notices.FORMAT_AUTO
        )
        load.add_argument("--title", default="", help="文件标题或文号，记入审计日志")
        load.add_argument("--dry-run", action="store_true", help="只检查，不保存")
        sub.add_parser("status", help="列出已载入的年度")
        seed = sub.add_parser("seed", help="用 chinesecalendar 重建2004–2026年")
        seed.add_argument("--force", action="store_true", help="覆盖已由通知载入的年度")

    def handle(self, *args: object, **options: object) -> None:
        action = options["action"]
        if action == "load":
            self._load(options)
        elif action == "status":
            self._status()
        else:
            self._seed(bool(options["force"]))

    def _load(self, options: dict[str, object]) -> None:
        year = _year(str(options["year"]))
        path = Path(str(options["file"]))
        try:
            raw = path.read_bytes()
        except OSError as err:
            raise CommandError(f"无法读取文件 {path}：{err.strerror}") from None
        try:
            text = notices.decode(raw)
            days, source = notices.parse(text, year, str(options["format"]), path.name)
        except notices.FileProblem as err:
            raise CommandError(f"{path}：{err}（未作任何更改）") from None
        holidays = sum(1 for d in days if d.kind is DayKind.HOLIDAY)
        summary = f"{year}年：放假{holidays}天，调休上班{len(days) - holidays}天"
        if options["dry_run"]:
            self.stdout.write(f"检查通过，{summary}（未保存）")
            return
        title = str(options["title"]) or path.name
        result = actions.load_year(
            year, days, source=source, title=title, text=text, actor=None
        )
        if result.unchanged:
            self.stdout.write(f"{summary}，与已载入的安排相同，未作更改")
            return
        self.stdout.write(
            f"已载入{summary}；新增{len(result.added)}、修改{len(result.changed)}、"
            f"删除{len(result.removed)}个日期"
        )
        if result.kept_manual:
            kept = "、".join(d.isoformat() for d in result.kept_manual)
            self.stdout.write(f"保留人工录入的全国条目：{kept}")

    def _status(self) -> None:
        years = list(CalendarYear.objects.order_by("year"))
        if not years:
            self.stdout.write("尚未载入任何年度")
        for cy in years:
            when = cy.loaded_at.strftime("%Y-%m-%d")
            self.stdout.write(
                f"{cy.year}  {cy.get_source_display()}  {cy.title}  载入于{when}"
            )
        warning = queries.calendar_warning(local_today())
        if warning:
            self.stderr.write(warning)

    def _seed(self, force: bool) -> None:
        # The library is read here and in the seed migration only, never per request.
        from chinese_calendar import constants

        names = {
            h.value: NOTICE_NAMES.get(h.chinese, h.chinese) for h in constants.Holiday
        }
        by_year: dict[int, list[NoticeDay]] = {}
        for kind, table in (
            (DayKind.HOLIDAY, constants.holidays),
            (DayKind.MAKEUP_WORKDAY, constants.workdays),
        ):
            for day, name in table.items():
                by_year.setdefault(day.year, []).append(
                    NoticeDay(day, kind, names.get(name, name))
                )
        loaded = dict(CalendarYear.objects.values_list("year", "source"))
        changed = skipped = 0
        for year in sorted(by_year):
            from_notice = loaded.get(year, CalendarEntry.Source.SEED) != (
                CalendarEntry.Source.SEED
            )
            if from_notice and not force:
                skipped += 1
                continue
            result = actions.load_year(
                year,
                sorted(by_year[year]),
                source=CalendarEntry.Source.SEED,
                title="chinesecalendar 1.11.0",
                actor=None,
            )
            changed += not result.unchanged
        first, last = min(by_year), max(by_year)
        self.stdout.write(
            f"{first}–{last}年：更新{changed}个年度，跳过{skipped}个由通知载入的年度"
        )
