"""`gongkai annual-report --agency CODE --year YEAR --format json|html|docx|xlsx`.

Prints (or writes to --output) one agency's report: the saved report with its
narrative if one exists (frozen figures once submitted), else the derived tables.
Without --agency, --format json prints one JSON line per agency with data that year.
Exit status 0; violations are part of the output, not an error.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.core.models import Agency
from gongkai.reports import exports, queries
from gongkai.reports.models import FIRST_YEAR, AnnualReport
from gongkai.reports.serialize import report_json

FORMATS = ("json", "html", "docx", "xlsx")


class Command(BaseCommand):
    help = "输出政府信息公开工作年度报告（JSON、HTML、DOCX 或 XLSX）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--agency", help="机构代码（Agency.code）；省略时逐个输出有数据的机关"
        )
        parser.add_argument("--year", type=int, required=True, help="报告年度")
        parser.add_argument("--format", choices=FORMATS, default="json")
        parser.add_argument("--output", help="写入文件；DOCX 和 XLSX 必须指定")

    def handle(self, *args: Any, **opts: Any) -> None:
        year, fmt, output = opts["year"], opts["format"], opts["output"]
        if year < FIRST_YEAR or year > 9999:
            raise CommandError(
                f"年度应不早于{FIRST_YEAR}年（国办公开办函〔2021〕30号格式）：{year}"
            )
        if not opts["agency"]:
            if fmt != "json":
                raise CommandError("不指定 --agency 时只能使用 --format json")
            lines = [
                json.dumps(self._json(agency, year), ensure_ascii=False)
                for agency in queries.agencies_with_data(year)
            ]
            self._emit("\n".join(lines) + ("\n" if lines else ""), output)
            return
        try:
            agency = Agency.objects.get(code=opts["agency"])
        except Agency.DoesNotExist:
            raise CommandError(f"没有机构代码为 {opts['agency']} 的机关") from None
        if fmt in ("docx", "xlsx") and not output:
            raise CommandError(f"--format {fmt} 须用 --output 指定文件")
        if fmt == "json":
            text = json.dumps(self._json(agency, year), ensure_ascii=False, indent=2)
            self._emit(text + "\n", output)
            return
        report = self._report(agency, year)
        tables = queries.tables_for(report)
        if fmt == "html":
            self._emit(exports.print_html(report, tables), output)
        elif fmt == "docx":
            self._emit(exports.to_docx(report, tables), output)
        else:
            self._emit(exports.to_xlsx(report, tables), output)

    def _report(self, agency: Agency, year: int) -> AnnualReport:
        """The saved report, or an unsaved one with the draft narrative."""
        report = AnnualReport.objects.filter(agency=agency, year=year).first()
        if report is not None:
            return report
        tables = queries.build_tables(agency.pk, year)
        return AnnualReport(
            agency=agency, year=year, **queries.draft_sections(agency, year, tables)
        )

    def _json(self, agency: Agency, year: int) -> dict[str, Any]:
        report = AnnualReport.objects.filter(agency=agency, year=year).first()
        if report is not None:
            return report_json(report, queries.tables_for(report))
        return report_json(None, queries.build_tables(agency.pk, year), agency=agency)

    def _emit(self, data: str | bytes, output: str | None) -> None:
        if output:
            path = Path(output)
            try:
                if isinstance(data, bytes):
                    path.write_bytes(data)
                else:
                    path.write_text(data, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"无法写入 {output}：{exc.strerror}") from None
            self.stderr.write(f"已写入 {path}（{path.stat().st_size} 字节）")
        else:
            assert isinstance(data, str)  # noqa: S101  (binary formats need --output)
            self.stdout.write(data, ending="")
