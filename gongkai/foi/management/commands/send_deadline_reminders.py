from datetime import date

from django.core.management.base import BaseCommand, CommandError

from gongkai.foi.actions import send_deadline_reminders


class Command(BaseCommand):
    help = "提醒经办人：3个工作日内到期、已逾期、补正/征求意见/缴费期限已过的申请（可重复运行）"

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--today", help="按此日期计算（YYYY-MM-DD），默认今天")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        today = None
        if options["today"]:
            try:
                today = date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today 应为 YYYY-MM-DD 格式的日期") from None
        counts = send_deadline_reminders(today)
        labels = {
            "due_soon": "即将到期",
            "overdue": "已逾期",
            "supplement_lapsed": "补正期限已过",
            "consultation_lapsed": "征求意见期限已过",
            "fee_lapsed": "缴费期限已过",
        }
        summary = "，".join(f"{labels[k]} {v} 件" for k, v in counts.items())
        self.stdout.write(f"已发送提醒：{summary}")
