from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from docx import Document as DocxDocument
from openpyxl import load_workbook

from gongkai.reports import actions
from gongkai.reports.tests.factories import make_case

D = dt.date


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("annual_report", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_for_one_agency_has_tables_and_checks(cases_2024, agency_a):
    data = json.loads(run("--agency", agency_a.code, "--year", "2024"))
    assert data["agency"]["code"] == agency_a.code
    assert data["status"] == "not_started"
    t3 = data["tables"]["table3"]
    assert len(t3["cells"]) == 25 and len(t3["cells"][0]) == 7
    assert t3["cells"][0][6] == 4  # 一、本年新收, 总计
    assert data["violations"] == []


def test_json_uses_the_saved_report_and_names_its_problems(
    cases_2024, agency_a, drafter_a
):
    actions.start_report(agency_a, 2024, by=drafter_a, today=D(2026, 1, 5))
    data = json.loads(
        run("--agency", agency_a.code, "--year", "2024", "--format", "json")
    )
    assert data["status"] == "draft"
    assert data["narrative"]["overview"].startswith("2024年，甲县人民政府")
    assert {v["rule"] for v in data["violations"]} == {"N1"}
    assert data["publishable"] is False


def test_without_agency_prints_one_json_line_per_agency_with_data(
    cases_2024, agency_a, agency_b, drafter_b
):
    make_case(agency_b, drafter_b, drafter_b, D(2024, 7, 1), D(2024, 7, 3))
    lines = run("--year", "2024").splitlines()
    codes = [json.loads(line)["agency"]["code"] for line in lines]
    assert codes == [agency_a.code, agency_b.code]
    assert run("--year", "2022") == ""


def test_docx_and_xlsx_are_written_to_the_output_file(cases_2024, agency_a, tmp_path):
    docx, xlsx, html = tmp_path / "r.docx", tmp_path / "r.xlsx", tmp_path / "r.html"
    run(
        "--agency",
        agency_a.code,
        "--year",
        "2024",
        "--format",
        "docx",
        "--output",
        str(docx),
    )
    run(
        "--agency",
        agency_a.code,
        "--year",
        "2024",
        "--format",
        "xlsx",
        "--output",
        str(xlsx),
    )
    run(
        "--agency",
        agency_a.code,
        "--year",
        "2024",
        "--format",
        "html",
        "--output",
        str(html),
    )
    assert len(DocxDocument(str(docx)).tables) == 3
    assert load_workbook(str(xlsx))["三、依申请公开"]["J5"].value == 4
    assert "三、本年度办理结果" in html.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--agency", "NOPE", "--year", "2024"), "NOPE"),
        (("--year", "2019"), "2021"),
        (("--year", "2024", "--format", "html"), "--agency"),
        (("--agency", "11A000001", "--year", "2024", "--format", "docx"), "--output"),
        (
            (
                "--agency",
                "11A000001",
                "--year",
                "2024",
                "--output",
                "/nonexistent/dir/x.json",
            ),
            "无法写入",
        ),
    ],
)
def test_bad_arguments_give_a_clear_error(agency_a, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)
