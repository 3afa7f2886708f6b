"""gongkai workdays add DATE N | between A B [--agency CODE].

Working-day arithmetic on the same database calendar the cases use. `add` prints the
N-th working day after DATE (DATE not counted, 民法典第二百零一条); `between` prints
the number of working days after A up to and including B. A result that relied on
a year without a loaded notice is flagged on stderr.
"""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.models import Agency
from gongkai.workdays import queries


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"日期格式应为 YYYY-MM-DD：{value}") from None


def _agency(code: str | None) -> Agency | None:
    if not code:
        return None
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise CommandError(f"未找到机构代码为 {code} 的机关")
    return agency


class Command(BaseCommand):
    help = "按工作日历计算工作日"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help="DATE 之后第 N 个工作日（DATE 当日不计入）")
        add.add_argument("date")
        add.add_argument("n")
        add.add_argument("--agency", help="机构代码，按该机关的地区和本机关安排计算")
        between = sub.add_parser("between", help="A 之后至 B（含）的工作日数")
        between.add_argument("a")
        between.add_argument("b")
        between.add_argument("--agency", help="机构代码")

    def handle(self, *args: object, **options: object) -> None:
        agency = _agency(options.get("agency"))  # type: ignore[arg-type]
        if options["action"] == "add":
            start = _date(str(options["date"]))
            try:
                n = int(str(options["n"]))
            except ValueError:
                raise CommandError(f"N 应为整数：{options['n']}") from None
            if not 0 <= n <= 10000:
                raise CommandError(f"N 应在0到10000之间：{n}")
            try:
                result, provisional = queries.add_workdays_for(agency, start, n)
            except OverflowError:
                raise CommandError("结果超出可表示的日期范围") from None
            self.stdout.write(result.isoformat())
        else:
            a, b = _date(str(options["a"])), _date(str(options["b"]))
            count, provisional = queries.workdays_between_for(agency, a, b)
            self.stdout.write(str(count))
        if provisional:
            self.stderr.write(
                "注意：涉及尚未载入国务院通知的年度，结果按法定节假日临时推算"
            )
