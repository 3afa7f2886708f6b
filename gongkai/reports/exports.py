"""The report as HTML (print and the published record), DOCX and XLSX.

One layout per table (rows of cells with their spans, the way an HTML table is
written) feeds all three formats, so the labels and merges are the same everywhere.
No subtotal rows: the official layout has none (国办公开办函〔2021〕30号).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.domain import annual_report as ar
from gongkai.domain.foi_codes import (
    RESULT_GROUP,
    RESULT_GROUP_LABELS,
    ResultCode,
    ResultGroup,
)
from gongkai.reports.models import AnnualReport


@dataclass(frozen=True)
class LCell:
    text: str
    colspan: int = 1
    rowspan: int = 1
    header: bool = False
    number: bool = False

    @property
    def is_item(self) -> bool:
        """A numbered sub-row label (1.属于国家秘密 …), printed left-aligned."""
        return self.header and self.text[:1].isdigit()


Layout = list[list[LCell]]


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> LCell:
    return LCell(text, colspan, rowspan, header=True)


def _n(value: int | Decimal, colspan: int = 1) -> LCell:
    return LCell(format_number(value), colspan, number=True)


def format_number(value: int | Decimal) -> str:
    if isinstance(value, Decimal):
        text = f"{value.normalize():f}"
        return text if text != "-0" else "0"
    return str(value)


def table2_layout(t2: ar.Table2) -> Layout:
    rows: Layout = []
    for block, block_rows in ar.T2_BLOCKS:
        rows.append([_h(block, colspan=4)])
        if block_rows == ar.T2_NORMATIVE_ROWS:
            rows.append(
                [_h(ar.T2_CONTENT_LABEL)]
                + [_h(ar.T2_COLUMN_LABELS[c]) for c in ar.T2_NORMATIVE_COLUMNS]
            )
            for key in block_rows:
                counts: ar.NormativeCounts = getattr(t2, key)
                rows.append(
                    [_h(ar.T2_ROW_LABELS[key])]
                    + [_n(getattr(counts, c)) for c in ar.T2_NORMATIVE_COLUMNS]
                )
        elif block_rows == ("fees",):
            rows.append([_h(ar.T2_CONTENT_LABEL), _h(ar.T2_COLUMN_LABELS["fees"], 3)])
            rows.append([_h(ar.T2_ROW_LABELS["fees"]), _n(t2.fees, 3)])
        else:
            rows.append(
                [_h(ar.T2_CONTENT_LABEL), _h(ar.T2_COLUMN_LABELS["decisions"], 3)]
            )
            for key in block_rows:
                rows.append([_h(ar.T2_ROW_LABELS[key]), _n(getattr(t2, key), 3)])
    return rows


def table3_layout(t3: ar.Table3) -> Layout:
    def numbers(row: str) -> list[LCell]:
        return [_n(t3.cell(row, c)) for c in ar.T3_COLUMNS]

    rows: Layout = [
        [_h(ar.T3_HEADER_NOTE, colspan=3, rowspan=3), _h(ar.T3_APPLICANT_LABEL, 7)],
        [
            _h(ar.T3_COLUMN_LABELS["natural_person"], rowspan=2),
            _h(ar.T3_LEGAL_PERSON_LABEL, colspan=5),
            _h(ar.T3_COLUMN_LABELS[ar.TOTAL], rowspan=2),
        ],
        [_h(ar.T3_COLUMN_LABELS[c]) for c in ar.APPLICANT_COLUMNS[1:]],
        [_h(ar.T3_ROW_LABELS[ar.NEW], 3), *numbers(ar.NEW)],
        [_h(ar.T3_ROW_LABELS[ar.CARRIED_IN], 3), *numbers(ar.CARRIED_IN)],
    ]
    first = True
    group_seen: set[ResultGroup] = set()
    for code in ResultCode:
        line: list[LCell] = []
        if first:
            line.append(_h(ar.T3_RESULTS_LABEL, rowspan=len(ar.RESULT_ROWS) + 1))
            first = False
        group = RESULT_GROUP[code]
        if group in (ResultGroup.GRANTED, ResultGroup.PARTIAL):
            line.append(_h(ar.T3_ROW_LABELS[code.value], colspan=2))
        else:
            if group not in group_seen:
                size = sum(1 for c in ResultCode if RESULT_GROUP[c] is group)
                line.append(_h(RESULT_GROUP_LABELS[group], rowspan=size))
                group_seen.add(group)
            line.append(_h(ar.T3_ROW_LABELS[code.value]))
        rows.append(line + numbers(code.value))
    rows.append([_h(ar.T3_ROW_LABELS[ar.RESULT_TOTAL], 2), *numbers(ar.RESULT_TOTAL)])
    rows.append([_h(ar.T3_ROW_LABELS[ar.CARRIED_OUT], 3), *numbers(ar.CARRIED_OUT)])
    return rows


def table4_layout(t4: ar.Table4) -> Layout:
    outcome_labels = [ar.T4_COLUMN_LABELS[c] for c in ar.T4_COLUMNS]
    return [
        [_h(ar.T4_KIND_LABELS["review"], 5), _h(ar.T4_LITIGATION_LABEL, 10)],
        [_h(label, rowspan=2) for label in outcome_labels]
        + [
            _h(ar.T4_KIND_LABELS["litigation_direct"], 5),
            _h(ar.T4_KIND_LABELS["litigation_after_review"], 5),
        ],
        [_h(label) for label in outcome_labels * 2],
        [_n(t4.cell(k, c)) for k in ar.REMEDY_KINDS for c in ar.T4_COLUMNS],
    ]


def place(layout: Layout) -> tuple[list[tuple[int, int, LCell]], int, int]:
    """Absolute (row, column) of every cell, skipping positions covered by spans."""
    taken: set[tuple[int, int]] = set()
    out: list[tuple[int, int, LCell]] = []
    width = 0
    for r, line in enumerate(layout):
        c = 0
        for cell in line:
            while (r, c) in taken:
                c += 1
            out.append((r, c, cell))
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    taken.add((r + dr, c + dc))
            c += cell.colspan
            width = max(width, c)
    return out, len(layout), width


@dataclass(frozen=True)
class Section:
    title: str
    paragraphs: list[str]
    table: Layout | None = None
    table_class: str = ""


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def sections(report: AnnualReport, tables: ar.ReportTables) -> list[Section]:
    other = _paragraphs(report.other_matters)
    if report.carry_over_note.strip():
        other.append(f"关于上年结转数据的说明：{report.carry_over_note.strip()}")
    titles = ar.SECTION_TITLES
    return [
        Section(titles[0], _paragraphs(report.overview)),
        Section(titles[1], [], table2_layout(tables.table2), "t2"),
        Section(titles[2], [], table3_layout(tables.table3), "t3"),
        Section(titles[3], [], table4_layout(tables.table4), "t4"),
        Section(titles[4], _paragraphs(report.problems)),
        Section(titles[5], other),
    ]


def intro(report: AnnualReport) -> str:
    return (
        f"本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
        f"《国务院办公厅政府信息与政务公开办公室关于印发〈中华人民共和国政府信息公开"
        f"工作年度报告格式〉的通知》（国办公开办函〔2021〕30号）要求编制。"
        f"本报告中所列数据的统计期限自{report.year}年1月1日起至{report.year}年12月31日止。"
    )


def _context(report: AnnualReport, tables: ar.ReportTables) -> dict[str, Any]:
    return {
        "report": report,
        "intro": intro(report),
        "sections": sections(report, tables),
    }


def body_html(report: AnnualReport, tables: ar.ReportTables) -> str:
    """The report without page chrome: the published record's 正文."""
    return render_to_string("reports/_report_body.html", _context(report, tables))


def print_html(report: AnnualReport, tables: ar.ReportTables) -> str:
    """A standalone, print-ready page (A4, no external resources)."""
    ctx = _context(report, tables)
    ctx["generated_at"] = timezone.localtime()
    return render_to_string("reports/report_print.html", ctx)


# ---------------------------------------------------------------------------
# DOCX (python-docx): real tables with merged cells.

FONT = "宋体"
TITLE_FONT = "方正小标宋简体"
HEADING_FONT = "黑体"


def _set_font(run: Any, name: str, size_pt: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run.font.name = name
    run.font.size = Pt(size_pt)
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)


def _docx_table(doc: Any, layout: Layout, widths_cm: list[float], size: float) -> None:
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    placed, n_rows, n_cols = place(layout)
    table = doc.add_table(rows=n_rows, cols=n_cols)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    # Word reads the cell widths, LibreOffice the grid: set both.
    for c, column in enumerate(table.columns):
        column.width = Cm(widths_cm[c])
    for r in range(n_rows):
        for c in range(n_cols):
            table.cell(r, c).width = Cm(widths_cm[c])
    for r, c, cell in placed:
        target = table.cell(r, c)
        if cell.rowspan > 1 or cell.colspan > 1:
            target = target.merge(
                table.cell(r + cell.rowspan - 1, c + cell.colspan - 1)
            )
        target.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        para = target.paragraphs[0]
        # Numbered sub-rows (1.属于国家秘密 …) read best left-aligned, as printed.
        para.alignment = (
            WD_ALIGN_PARAGRAPH.LEFT if cell.is_item else WD_ALIGN_PARAGRAPH.CENTER
        )
        para.paragraph_format.space_after = 0
        _set_font(para.add_run(cell.text), FONT, size)


def to_docx(report: AnnualReport, tables: ar.ReportTables) -> bytes:
    from docx import Document as DocxDocument
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    doc = DocxDocument()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.2)
    section.top_margin = section.bottom_margin = Cm(2.5)

    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _set_font(title.add_run(report.title), TITLE_FONT, 18, bold=True)

    def paragraph(text: str) -> None:
        p = doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(24)
        _set_font(p.add_run(text), FONT, 12)

    paragraph(intro(report))
    widths = {
        "t2": [4.6, 3.9, 3.9, 4.2],
        "t3": [1.5, 1.9, 5.0] + [1.08] * 7,
        "t4": [1.1] * 15,
    }
    for sec in sections(report, tables):
        h = doc.add_paragraph()
        h.paragraph_format.space_before = Pt(12)
        h.paragraph_format.keep_with_next = True
        _set_font(h.add_run(sec.title), HEADING_FONT, 14)
        for text in sec.paragraphs:
            paragraph(text)
        if sec.table is not None:
            _docx_table(
                doc,
                sec.table,
                widths[sec.table_class],
                9 if sec.table_class != "t2" else 10.5,
            )
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# ---------------------------------------------------------------------------
# XLSX (openpyxl): one sheet per table, merged cells, numbers as numbers.

SHEET_TITLES = {"t2": "二、主动公开", "t3": "三、依申请公开", "t4": "四、复议诉讼"}


def to_xlsx(report: AnnualReport, tables: ar.ReportTables) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    thin = Side(style="thin", color="000000")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wb = Workbook()
    wb.remove(wb.active)
    widths = {"t2": [18, 16, 16, 16], "t3": [10, 14, 44] + [9] * 7, "t4": [9] * 15}
    for sec in sections(report, tables):
        if sec.table is None:
            continue
        ws = wb.create_sheet(SHEET_TITLES[sec.table_class])
        placed, n_rows, n_cols = place(sec.table)
        ws.cell(1, 1, f"{report.title} {sec.title}").font = Font(bold=True, size=12)
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=n_cols)
        top = 2
        for r, c, cell in placed:
            row, col = top + r, 1 + c
            value: Any = cell.text
            if cell.number:
                value = Decimal(cell.text) if "." in cell.text else int(cell.text)
            ws.cell(row, col, value)
            if cell.rowspan > 1 or cell.colspan > 1:
                ws.merge_cells(
                    start_row=row,
                    start_column=col,
                    end_row=row + cell.rowspan - 1,
                    end_column=col + cell.colspan - 1,
                )
        for r in range(n_rows):
            for c in range(n_cols):
                target = ws.cell(top + r, 1 + c)
                target.border = border
                text = str(target.value or "")
                target.alignment = Alignment(
                    horizontal="left"
                    if text[:1].isdigit() and not isinstance(target.value, int)
                    else "center",
                    vertical="center",
                    wrap_text=True,
                )
        col_widths = widths[sec.table_class]
        for i, w in enumerate(col_widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        # Spreadsheets do not grow wrapped rows on their own: size them from the
        # text (a CJK character is about two width units).
        heights: dict[int, float] = {}
        for r, c, cell in placed:
            span = sum(col_widths[c : c + cell.colspan]) - 1
            lines = -(-len(cell.text) * 2 // max(int(span), 1))
            per_row = 15 * max(lines, 1) / cell.rowspan
            heights[r] = max(heights.get(r, 15), per_row)
        for r, h in heights.items():
            ws.row_dimensions[top + r].height = h
        ws.print_options.horizontalCentered = True
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        if sec.table_class == "t4":
            ws.page_setup.orientation = "landscape"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
