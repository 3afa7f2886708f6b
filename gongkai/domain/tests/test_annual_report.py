from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal

import pytest

from gongkai.domain import annual_report as ar
from gongkai.domain.foi_codes import ApplicantType, CaseRow, RemedyRow, ResultCode

D = dt.date
NP = ApplicantType.NATURAL_PERSON
CO = ApplicantType.COMMERCIAL


def Case(
    case_id: int,
    applicant_type: ApplicantType,
    received: dt.date | None,
    replied: dt.date | None = None,
    result: ResultCode | None = None,
) -> CaseRow:
    return CaseRow(case_id, applicant_type, received, replied, result)


@dataclass(frozen=True)
class Remedy:
    """`foi_codes.RemedyRow` plus an id, which the report names in violations."""

    kind: str
    outcome: str
    filed_date: dt.date
    decided_date: dt.date | None = None
    case_id: int | None = None


def rows_of(t3: ar.Table3, case_id: int) -> list[str]:
    """Rows (in the 自然人…其他 columns) where the case is counted."""
    return [
        r for r in ar.T3_ROWS for c in ar.APPLICANT_COLUMNS if case_id in t3.ids(r, c)
    ]


def test_table3_has_25_numeric_rows_and_7_columns_in_official_order():
    # 一 + 二 + 三 (22 rows: （一）（二）, 8 + 3 + 5 + 3 sub-rows, （七）总计) + 四 = 25.
    # "三、本年度办理结果" itself is a row-spanning label without figures.
    assert len(ar.T3_ROWS) == 25
    assert len(ar.T3_COLUMNS) == 7
    assert ar.T3_ROW_LABELS[ar.T3_ROWS[0]] == "一、本年新收政府信息公开申请数量"
    assert ar.T3_ROW_LABELS[ar.T3_ROWS[-1]] == "四、结转下年度继续办理"
    assert ar.T3_ROW_LABELS[ar.T3_ROWS[-2]] == "（七）总计"
    assert [ar.T3_COLUMN_LABELS[c] for c in ar.T3_COLUMNS] == [
        "自然人",
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
        "总计",
    ]
    # 三、本年度办理结果 spans 22 rows in the 2021 format (21 results + 总计).
    assert len(ar.RESULT_ROWS) + 1 == 22


@pytest.mark.parametrize("code", list(ResultCode))
def test_every_result_code_is_counted_in_exactly_one_result_row(code):
    t3, anomalies = ar.build_table3(
        [Case(1, NP, D(2024, 3, 1), D(2024, 3, 20), code)], 2024
    )
    assert anomalies == []
    assert rows_of(t3, 1) == [ar.NEW, code.value, ar.RESULT_TOTAL]
    assert [r for r in ar.RESULT_ROWS if t3.cell(r)] == [code.value]
    assert ar.check_table3(t3) == []


def test_partial_disclosure_is_counted_once_under_partial_only():
    cases = [
        Case(1, NP, D(2024, 2, 1), D(2024, 2, 20), ResultCode.PARTIAL),
        Case(2, NP, D(2024, 2, 1), D(2024, 2, 20), ResultCode.WITHHELD_THIRD_PARTY),
    ]
    t3, _ = ar.build_table3(cases, 2024)
    assert t3.cell(ResultCode.PARTIAL.value) == 1
    assert t3.cell(ResultCode.WITHHELD_THIRD_PARTY.value) == 1
    assert t3.cell(ar.RESULT_TOTAL) == 2
    assert ar.check_table3(t3) == []


@pytest.mark.parametrize(
    ("received", "replied", "expected_rows"),
    [
        # received and answered within the year
        (D(2024, 1, 1), D(2024, 1, 15), [ar.NEW, "granted", ar.RESULT_TOTAL]),
        # received last year, answered this year: 上年结转 then a result
        (D(2023, 12, 28), D(2024, 1, 10), [ar.CARRIED_IN, "granted", ar.RESULT_TOTAL]),
        # received this year, answered next year: 新收 and 结转下年度
        (D(2024, 12, 31), D(2025, 1, 20), [ar.NEW, ar.CARRIED_OUT]),
        # received last year, still open: carried in and carried out
        (D(2023, 11, 1), None, [ar.CARRIED_IN, ar.CARRIED_OUT]),
        # answered on 31 December belongs to this year
        (D(2024, 12, 1), D(2024, 12, 31), [ar.NEW, "granted", ar.RESULT_TOTAL]),
        # answered on 31 December last year: closed before the year, not counted
        (D(2023, 12, 1), D(2023, 12, 31), []),
        # received on 1 January next year: outside the year
        (D(2025, 1, 1), None, []),
    ],
)
def test_cases_are_counted_by_receipt_and_reply_dates(received, replied, expected_rows):
    result = ResultCode.GRANTED if replied else None
    t3, anomalies = ar.build_table3([Case(1, NP, received, replied, result)], 2024)
    assert anomalies == []
    assert rows_of(t3, 1) == expected_rows


def test_carry_over_reconciles_across_three_years():
    cases = [
        Case(1, NP, D(2023, 12, 20), D(2024, 1, 5), ResultCode.GRANTED),
        Case(2, CO, D(2023, 12, 29), D(2025, 1, 3), ResultCode.UNABLE_NOT_HELD),
        Case(3, NP, D(2024, 6, 1), D(2024, 6, 20), ResultCode.PARTIAL),
        Case(4, NP, D(2024, 12, 30), None),
        Case(5, CO, D(2025, 3, 1), D(2025, 3, 10), ResultCode.OTHER),
    ]
    tables = {y: ar.build_report(y, cases) for y in (2023, 2024, 2025)}
    assert tables[2023].table3.cell(ar.CARRIED_OUT) == 2
    assert tables[2024].table3.cell(ar.CARRIED_IN) == 2
    assert tables[2024].table3.cell(ar.CARRIED_OUT) == 2  # cases 2 and 4
    assert sorted(tables[2025].table3.ids(ar.CARRIED_IN, ar.TOTAL)) == [2, 4]
    for year in (2024, 2025):
        prev = ar.PreviousCarryOver.from_table3(tables[year - 1].table3, "derived")
        assert ar.check_report(tables[year], previous=prev) == []


def test_replied_case_without_result_breaks_c2_and_names_the_case():
    cases = [
        Case(10, NP, D(2024, 3, 1), D(2024, 3, 5), ResultCode.GRANTED),
        Case(11, CO, D(2024, 3, 1), D(2024, 3, 5), None),
    ]
    violations = ar.check_report(ar.build_report(2024, cases))
    assert [(v.rule, v.cells, v.case_ids) for v in violations] == [
        ("C2", (("t3", ar.RESULT_TOTAL, CO.value),), (11,)),
        ("C2", (("t3", ar.RESULT_TOTAL, ar.TOTAL),), (11,)),
    ]
    assert violations[0].expected == 0
    assert violations[0].actual == 1


def test_unbalanced_column_breaks_c1_and_names_the_missing_case():
    # A table where case 7 was received but never reached a result or 结转 (e.g. an
    # imported or hand-corrected table).
    counts = {
        (ar.NEW, NP.value): 2,
        (ar.RESULT_TOTAL, NP.value): 1,
        ("granted", NP.value): 1,
    }
    ids = {
        (ar.NEW, NP.value): (6, 7),
        (ar.RESULT_TOTAL, NP.value): (6,),
        ("granted", NP.value): (6,),
    }
    counts |= {(r, ar.TOTAL): v for (r, _), v in counts.items()}
    ids |= {(r, ar.TOTAL): v for (r, _), v in ids.items()}
    violations = ar.check_table3(ar.Table3(counts, ids))
    c1 = [v for v in violations if v.rule == "C1"]
    assert [v.cells[0][2] for v in c1] == [NP.value, ar.TOTAL]
    assert c1[0].case_ids == (7,)
    assert (c1[0].expected, c1[0].actual) == (2, 1)
    assert {c[1] for c in c1[0].cells} == {
        ar.NEW,
        ar.CARRIED_IN,
        ar.RESULT_TOTAL,
        ar.CARRIED_OUT,
    }


def test_row_total_differing_from_its_columns_breaks_c3():
    counts = {(ar.NEW, NP.value): 3, (ar.NEW, CO.value): 1, (ar.NEW, ar.TOTAL): 5}
    counts |= {(ar.CARRIED_OUT, c): v for (_, c), v in counts.items()}
    violations = [v for v in ar.check_table3(ar.Table3(counts)) if v.rule == "C3"]
    assert [(v.cells, v.expected, v.actual) for v in violations] == [
        ((("t3", ar.NEW, ar.TOTAL),), 4, 5),
        ((("t3", ar.CARRIED_OUT, ar.TOTAL),), 4, 5),
    ]


@pytest.mark.parametrize(
    ("remedy", "column"),
    [
        (Remedy("review", "upheld", D(2024, 2, 1), D(2024, 5, 1)), "upheld"),
        (Remedy("review", "corrected", D(2023, 10, 1), D(2024, 1, 9)), "corrected"),
        (Remedy("litigation_direct", "other", D(2024, 2, 1), D(2024, 9, 1)), "other"),
        # decided next year: still 尚未审结 on 31 December
        (
            Remedy("litigation_after_review", "upheld", D(2024, 11, 1), D(2025, 2, 1)),
            "pending",
        ),
        (Remedy("review", "pending", D(2024, 11, 1), None), "pending"),
    ],
)
def test_remedies_are_counted_by_outcome_as_of_31_december(remedy, column):
    t4, _ = ar.build_table4([remedy], 2024)
    assert t4.cell(remedy.kind, column) == 1
    assert t4.cell(remedy.kind, ar.TOTAL) == 1
    assert ar.check_table4(t4) == []


def test_remedies_closed_before_or_filed_after_the_year_are_not_counted():
    t4, _ = ar.build_table4(
        [
            Remedy("review", "upheld", D(2023, 1, 1), D(2023, 12, 31)),
            Remedy("review", "pending", D(2025, 1, 1), None),
        ],
        2024,
    )
    assert t4.grid() == [[0] * 5] * 3


def test_decided_remedy_without_outcome_breaks_c4_and_names_the_case():
    t4, _ = ar.build_table4(
        [
            Remedy("review", "upheld", D(2024, 2, 1), D(2024, 3, 1), case_id=31),
            Remedy("review", "pending", D(2024, 2, 1), D(2024, 4, 1), case_id=32),
        ],
        2024,
    )
    [v] = ar.check_table4(t4)
    assert (v.rule, v.cells, v.case_ids, v.expected, v.actual) == (
        "C4",
        (("t4", "review", ar.TOTAL),),
        (32,),
        1,
        2,
    )


def test_carry_in_differing_from_last_years_published_report_breaks_c5_naming_late_case():
    # Last year's report was published with one case carried out (case 1). Case 9 was
    # registered afterwards with a receipt date in December of last year.
    published = ar.build_report(2023, [Case(1, NP, D(2023, 12, 1))])
    frozen = ar.ReportTables.from_json(json.loads(json.dumps(published.to_json())))
    prev = ar.PreviousCarryOver.from_table3(frozen.table3, "published")
    now = ar.build_report(
        2024, [Case(1, NP, D(2023, 12, 1)), Case(9, NP, D(2023, 12, 30))]
    )
    violations = ar.check_report(now, previous=prev)
    assert [
        (v.rule, v.cells[0], v.expected, v.actual, v.case_ids) for v in violations
    ] == [
        ("C5", ("t3", ar.CARRIED_IN, NP.value), 1, 2, (9,)),
        ("C5", ("t3", ar.CARRIED_IN, ar.TOTAL), 1, 2, (9,)),
    ]
    assert violations[0].detail == "published"


def test_c5_without_case_ids_still_names_the_cell():
    prev = ar.PreviousCarryOver(counts={NP.value: 3, ar.TOTAL: 3}, source="published")
    now = ar.build_report(2024, [Case(1, NP, D(2023, 12, 1))])
    [v, _] = ar.check_carry_over(now.table3, prev)
    assert (v.cells, v.expected, v.actual, v.case_ids) == (
        (("t3", ar.CARRIED_IN, NP.value),),
        3,
        1,
        (),
    )


def test_same_case_twice_is_reported_under_c6():
    row = Case(5, NP, D(2024, 1, 2), D(2024, 1, 9), ResultCode.PARTIAL)
    other = Case(5, NP, D(2024, 1, 2), D(2024, 1, 9), ResultCode.WITHHELD_PROCESS)
    tables = ar.build_report(2024, [row, other])
    c6 = [v for v in ar.check_report(tables) if v.rule == "C6"]
    assert c6[0].detail == "duplicate_case"
    assert c6[0].case_ids == (5,)
    assert ("t3", "partial", NP.value) in c6[0].cells
    assert c6[1].detail == "several_results"
    assert c6[1].cells == (
        ("t3", "partial", NP.value),
        ("t3", "withheld_process", NP.value),
    )


def test_reply_dated_before_receipt_is_reported():
    tables = ar.build_report(
        2024, [Case(3, NP, D(2024, 5, 2), D(2024, 5, 1), ResultCode.GRANTED)]
    )
    [v] = ar.check_report(tables)
    assert (v.rule, v.detail, v.case_ids) == ("C9", "reply_before_receipt", (3,))


@pytest.mark.parametrize(
    ("table2", "bad_cells"),
    [
        (ar.Table2(licensing=-1), [("t2", "licensing", "decisions")]),
        (
            ar.Table2(rules=ar.NormativeCounts(issued=-2)),
            [("t2", "rules", "issued")],
        ),
        (ar.Table2(fees=Decimal("-0.5")), [("t2", "fees", "fees")]),
        (ar.Table2(fees=Decimal("1.23456")), [("t2", "fees", "fees")]),
        (ar.Table2(fees=Decimal("12.3456"), penalty=7), []),
    ],
)
def test_table2_figures_must_be_non_negative_and_fees_at_most_four_places(
    table2, bad_cells
):
    violations = ar.check_table2(table2)
    assert [c for v in violations for c in v.cells] == bad_cells


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("52", 52),
        ("1,024", 1024),
        ("５２", 52),
        ("五十二", 52),
        ("十", 10),
        ("一百零三", 103),
        ("两千零五", 2005),
        ("三万二千", 32000),
    ],
)
def test_numbers_in_narrative_are_read(text, expected):
    assert ar.parse_number(text) == expected


def _sample_tables() -> ar.ReportTables:
    cases = [
        Case(i, NP, D(2024, 3, 1), D(2024, 3, 9), ResultCode.GRANTED) for i in range(50)
    ]
    cases += [Case(50, CO, D(2024, 4, 1), D(2024, 4, 9), ResultCode.PARTIAL)]
    cases += [Case(51, CO, D(2024, 12, 30))]
    cases += [Case(52, NP, D(2023, 12, 30), D(2024, 1, 5), ResultCode.UNABLE_NOT_HELD)]
    remedies = [Remedy("review", "upheld", D(2024, 5, 1), D(2024, 6, 1))]
    return ar.build_report(
        2024, cases, remedies, ar.Table2(normative=ar.NormativeCounts(3, 1, 20))
    )


def test_narrative_figures_matching_the_tables_pass_c8():
    text = (
        "2024年，本机关新收政府信息公开申请52件，上年结转政府信息公开申请1件。"
        "其中，予以公开50件，部分公开1件，无法提供1件；结转下年度继续办理1件。"
        "全年制发规范性文件三件，被申请行政复议1件。"
    )
    tables = _sample_tables()
    assert len(ar.quoted_figures(text, tables)) == 8
    assert ar.check_narrative(text, tables) == []


def test_narrative_figure_differing_from_the_table_is_reported_with_its_sentence():
    text = "一、总体情况\n本年新收政府信息公开申请55件，办结52件。行政诉讼2件。"
    violations = ar.check_narrative(text, _sample_tables())
    assert [(v.rule, v.cells, v.actual, v.expected) for v in violations] == [
        ("C8", (("t3", ar.NEW, ar.TOTAL),), 55, 52),
        (
            "C8",
            (
                ("t4", "litigation_direct", ar.TOTAL),
                ("t4", "litigation_after_review", ar.TOTAL),
            ),
            2,
            0,
        ),
    ]
    assert violations[0].quote == "本年新收政府信息公开申请55件，办结52件。"


def test_frozen_json_round_trips_every_cell():
    tables = _sample_tables()
    again = ar.ReportTables.from_json(json.loads(json.dumps(tables.to_json())))
    assert again.table3.grid() == tables.table3.grid()
    assert again.table4.grid() == tables.table4.grid()
    assert again.table2 == tables.table2
    assert again.table3.ids(ar.CARRIED_OUT, CO.value) == (51,)


def test_frozen_json_of_another_format_is_refused():
    data = _sample_tables().to_json() | {"format": "2019"}
    with pytest.raises(ValueError, match="2019"):
        ar.ReportTables.from_json(data)


def test_cell_labels_name_the_official_rows_and_columns():
    assert (
        ar.t3_cell_label("withheld_state_secret", "commercial")
        == "表三「三、（三）不予公开1.属于国家秘密」×「商业企业」"
    )
    assert (
        ar.t3_cell_label(ar.NEW, ar.TOTAL)
        == "表三「一、本年新收政府信息公开申请数量」×「总计」"
    )
    assert (
        ar.t4_cell_label("litigation_direct", "pending")
        == "表四「行政诉讼·未经复议直接起诉」×「尚未审结」"
    )


def test_remedy_rows_without_ids_are_counted():
    t4, _ = ar.build_table4(
        [
            RemedyRow("review", "upheld", D(2024, 1, 2), D(2024, 2, 1)),
            RemedyRow("litigation_after_review", "pending", D(2024, 3, 2), None),
        ],
        2024,
    )
    assert t4.grid() == [[1, 0, 0, 0, 1], [0] * 5, [0, 0, 0, 1, 1]]


def test_application_not_yet_received_is_not_counted_but_answered_one_is_reported():
    tables = ar.build_report(
        2024,
        [
            Case(1, NP, None),
            Case(2, NP, None, D(2024, 3, 1), ResultCode.GRANTED),
        ],
    )
    assert tables.table3.grid() == [[0] * 7] * 25
    [v] = ar.check_report(tables)
    assert (v.rule, v.detail, v.case_ids) == ("C9", "missing_receipt_date", (2,))
