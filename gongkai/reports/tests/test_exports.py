from __future__ import annotations

import datetime as dt
import io

import pytest
from django.urls import reverse
from docx import Document as DocxDocument
from openpyxl import load_workbook

from gongkai.conftest import PASSWORD
from gongkai.domain import annual_report as ar
from gongkai.reports import actions, exports, queries

D = dt.date
NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


@pytest.fixture
def report(cases_2024, agency_a, drafter_a):  # type: ignore[no-untyped-def]
    report = actions.start_report(agency_a, 2024, by=drafter_a, today=D(2026, 1, 5))
    return actions.update_report(report, by=drafter_a, fees="12.5", licensing=30)


def test_xlsx_has_the_official_labels_merged_headers_and_numbers(report):
    wb = load_workbook(io.BytesIO(exports.to_xlsx(report, queries.tables_for(report))))
    assert wb.sheetnames == ["二、主动公开", "三、依申请公开", "四、复议诉讼"]
    t3 = wb["三、依申请公开"]
    assert t3["A2"].value == NOTE
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {
        "A2:C4",
        "D2:J2",
        "D3:D4",
        "E3:I3",
        "J3:J4",
        "A5:C5",
        "A7:A28",
        "B9:B16",
    } <= merged
    labels = [t3.cell(r, 1).value or t3.cell(r, 2).value for r in range(5, 30)]
    col_c = [t3.cell(r, 3).value for r in range(5, 30)]
    assert "一、本年新收政府信息公开申请数量" in labels
    assert t3["A29"].value == "四、结转下年度继续办理"
    assert "1.属于国家秘密" in col_c
    assert "3.其他" in col_c
    assert t3["B28"].value == "（七）总计"
    # numbers are numbers: 新收 row, 总计 column
    assert t3["J5"].value == 4
    assert t3["J29"].value == 2
    assert t3.max_row == 29  # title, 3 header rows, 25 numeric rows: no subtotals
    t2 = wb["二、主动公开"]
    values = [c.value for row in t2.iter_rows() for c in row if c.value is not None]
    for label in (
        "第二十条第（一）项",
        "本年制发件数",
        "本年废止件数",
        "现行有效件数",
        "行政许可",
        "本年收费金额（单位：万元）",
        "行政事业性收费",
    ):
        assert label in values
    assert 30 in values
    assert float(t2.cell(15, 2).value) == 12.5
    t4 = wb["四、复议诉讼"]
    assert t4["A2"].value == "行政复议" and t4["F2"].value == "行政诉讼"
    assert {"A2:E2", "F2:O2", "F3:J3", "K3:O3", "A3:A4"} <= {
        str(r) for r in t4.merged_cells.ranges
    }


def test_docx_has_three_real_tables_with_merged_header_cells(report):
    doc = DocxDocument(io.BytesIO(exports.to_docx(report, queries.tables_for(report))))
    text = "\n".join(p.text for p in doc.paragraphs)
    for title in ar.SECTION_TITLES:
        assert title in text
    assert doc.paragraphs[0].text == "甲县人民政府2024年政府信息公开工作年度报告"
    t2, t3, t4 = doc.tables
    assert len(t3.rows) == 28 and len(t3.columns) == 10
    assert t3.cell(0, 0).text == NOTE
    assert t3.cell(0, 0)._tc is t3.cell(2, 2)._tc  # merged 3 × 3
    assert t3.cell(4 + 1, 0).text == "三、本年度办理结果"
    assert t3.cell(5, 0)._tc is t3.cell(26, 0)._tc  # spans the 22 result rows
    assert t3.cell(7, 1).text == "（三）不予公开"
    assert t3.cell(7, 1)._tc is t3.cell(14, 1)._tc
    assert t3.cell(27, 0).text == "四、结转下年度继续办理"
    assert t3.cell(3, 9).text == "4"
    assert t2.cell(0, 0).text == "第二十条第（一）项"
    assert t4.cell(0, 5).text == "行政诉讼"
    assert t4.cell(0, 5)._tc is t4.cell(0, 14)._tc
    assert len(t4.rows) == 4 and len(t4.columns) == 15


def test_print_html_is_standalone_and_labelled(client, report, drafter_a):
    assert client.login(username=drafter_a.username, password=PASSWORD)
    html = client.get(
        reverse("reports:export", args=[report.pk, "html"])
    ).content.decode()
    assert NOTE in html
    assert 'rowspan="22">三、本年度办理结果' in html
    assert (
        "<link" not in html
        and "<script" not in html
        and "http" not in html.split("<body>")[1]
    )
    assert "本报告中所列数据的统计期限自2024年1月1日起至2024年12月31日止" in html


def test_docx_and_xlsx_downloads_have_their_content_types(client, report, drafter_a):
    assert client.login(username=drafter_a.username, password=PASSWORD)
    for fmt, magic in (("docx", b"PK"), ("xlsx", b"PK")):
        response = client.get(reverse("reports:export", args=[report.pk, fmt]))
        assert response.status_code == 200
        assert response.content[:2] == magic
        assert f".{fmt}" in response["Content-Disposition"]
