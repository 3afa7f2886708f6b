"""`gongkai demo`: a working portal with real content on SQLite, in one command."""

from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from gongkai.core.models import User
from gongkai.demo import agencies as demo_agencies
from gongkai.publishing.models import Document


class Command(BaseCommand):
    help = (
        "创建数据库、载入演示数据（机关、账号、政府信息、依申请公开案件）并启动门户网站"
    )

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--no-serve", action="store_true", help="只准备数据，不启动服务"
        )
        parser.add_argument("--reload", action="store_true", help="重新载入演示内容")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        out = self.stdout
        db = settings.DATABASES["default"]
        out.write(f"数据库：{db['ENGINE'].rsplit('.', 1)[-1]} {db.get('NAME')}")
        call_command("migrate", interactive=False, verbosity=0)
        tree = demo_agencies.load_agencies()
        agency = tree[demo_agencies.DEMO_AGENCY]
        from gongkai.publishing.actions import seed_catalogue

        for a in tree.values():
            seed_catalogue(a)
        # Accounts first, so the demo cases are handled by the demo clerks.
        accounts = demo_agencies.load_accounts(agency)
        if options["reload"] or not Document.objects.exists():
            from gongkai.demo import content, foi_demo, workflow_demo
            from gongkai.reports import actions as reports

            content.load(out, agency=agency)
            workflow_demo.load(out, agency=agency)
            year = timezone.localdate().year - 1
            foi_demo.load(out, agency=agency, year=year)
            drafter = User.objects.get(username="drafter")
            report = reports.start_report(
                agency, year, by=drafter, today=timezone.localdate()
            )
            out.write(
                f"年度报告：{agency.name}{year}年度报告草稿（{report.get_absolute_url()}）"
            )
        else:
            out.write("演示内容已存在，跳过载入（使用 --reload 重新载入）。")
        url = f"http://{options['host']}:{options['port']}/"
        out.write("")
        out.write(self.style.SUCCESS(f"门户网站：{url}"))
        out.write(f"工作人员登录：{url}staff/login/")
        out.write("演示账号（每次运行 gongkai demo 都会重新生成密码）：")
        for acc in accounts:
            out.write(
                f"  {acc.role_label:<8} 用户名 {acc.username:<12} 密码 {acc.password}  （{acc.agency}）"
            )
        if options["no_serve"]:
            return
        from waitress import serve

        from gongkai.wsgi import application

        out.write(f"正在 {url} 提供服务，按 Ctrl+C 停止。")
        serve(application, host=options["host"], port=options["port"], threads=8)
