from __future__ import annotations

import datetime as dt

from gongkai.domain import annual_report as ar
from gongkai.domain.foi_codes import ResultCode
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import DocumentRelation, Genre
from gongkai.reports import queries
from gongkai.reports.tests.factories import make_case, make_remedy, publish

D = dt.date


def test_table3_is_derived_from_the_agencys_foi_cases(cases_2024, agency_b, drafter_b):
    make_case(agency_b, drafter_b, drafter_b, D(2024, 2, 1), D(2024, 2, 9))
    t3 = queries.build_tables(cases_2024["open"].agency_id, 2024).table3
    assert t3.cell(ar.NEW) == 4
    assert t3.cell(ar.CARRIED_IN) == 1
    assert t3.cell("granted") == 1
    assert t3.cell("partial") == 1
    assert t3.cell("unable_not_held", "commercial") == 1
    assert t3.cell(ar.RESULT_TOTAL) == 3
    assert t3.cell(ar.CARRIED_OUT) == 2
    assert set(t3.ids(ar.CARRIED_OUT)) == {
        cases_2024["open"].pk,
        cases_2024["late_reply"].pk,
    }
    assert ar.check_table3(t3) == []


def test_carry_over_of_2024_is_carried_into_2025(cases_2024):
    agency_id = cases_2024["open"].agency_id
    t2025 = queries.build_tables(agency_id, 2025).table3
    assert t2025.cell(ar.CARRIED_IN) == 2
    assert t2025.cell("granted") == 1  # late_reply, answered on 8 January
    prev = queries.previous_carry_over(agency_id, 2025)
    assert prev.source == "derived"
    assert ar.check_carry_over(t2025, prev) == []


def test_table4_is_derived_from_recorded_remedies(cases_2024, drafter_a):
    make_remedy(
        cases_2024["partial"],
        drafter_a,
        "review",
        D(2024, 4, 1),
        "corrected",
        D(2024, 6, 1),
    )
    make_remedy(cases_2024["company"], drafter_a, "litigation_direct", D(2024, 6, 10))
    t4 = queries.build_tables(cases_2024["open"].agency_id, 2024).table4
    assert t4.grid() == [[0, 1, 0, 0, 1], [0, 0, 0, 1, 1], [0, 0, 0, 0, 0]]


def test_normative_counts_are_derived_from_published_records_and_validity(
    agency_a, drafter_a, reviewer_a, approver_a
):
    def normative(title, written, **kw):
        return publish(
            agency_a,
            drafter_a,
            reviewer_a,
            approver_a,
            title=title,
            genre=Genre.NORMATIVE,
            is_normative=True,
            written_date=written,
            effective_date=written,
            **kw,
        )

    old = normative("甲县某某管理办法", D(2020, 5, 1))
    normative("甲县某某实施细则", D(2024, 3, 1))
    normative("甲县临时措施", D(2023, 1, 1), expiry_date=D(2024, 6, 30))
    repealer = normative("甲县关于废止部分规范性文件的决定", D(2024, 9, 1))
    publishing.add_relation(
        repealer,
        old,
        DocumentRelation.Kind.REPEALS,
        by=drafter_a,
        effective_date=D(2024, 9, 1),
    )
    publish(
        agency_a,
        drafter_a,
        reviewer_a,
        approver_a,
        title="甲县人民政府规章",
        genre=Genre.LOCAL_RULE,
        written_date=D(2024, 2, 1),
    )
    publish(
        agency_a, drafter_a, reviewer_a, approver_a, title="工作动态", genre=Genre.NEWS
    )
    t2 = queries.build_tables(agency_a.pk, 2024).table2
    # issued 2024: 实施细则 and 废止决定; ended 2024: 管理办法 (repealed), 临时措施 (expired)
    assert t2.normative == ar.NormativeCounts(issued=2, repealed=2, in_force=2)
    assert t2.rules == ar.NormativeCounts(issued=1, repealed=0, in_force=1)
    assert queries.build_tables(
        agency_a.pk, 2023
    ).table2.normative == ar.NormativeCounts(issued=1, repealed=0, in_force=2)


def test_staff_figures_fill_the_rest_of_table2(agency_a):
    from decimal import Decimal

    figures = queries.StaffFigures(
        licensing=120, penalty=7, coercion=1, fees=Decimal("3.25")
    )
    t2 = queries.build_tables(agency_a.pk, 2024, figures).table2
    assert (t2.licensing, t2.penalty, t2.coercion, t2.fees) == (
        120,
        7,
        1,
        Decimal("3.25"),
    )


def test_draft_narrative_quotes_the_tables_and_passes_c8(cases_2024, agency_a):
    tables = queries.build_tables(agency_a.pk, 2024)
    draft = queries.draft_sections(agency_a, 2024, tables)
    assert "本年新收政府信息公开申请4件" in draft["overview"]
    assert queries.PLACEHOLDER in draft["problems"]
    assert ar.check_narrative(draft["overview"], tables) == []
    assert len(ar.quoted_figures(draft["overview"], tables)) >= 6


def test_case_of_one_result_per_code_lands_in_its_row(agency_a, drafter_a, approver_a):
    codes = [
        ResultCode.GRANTED,
        ResultCode.WITHHELD_THIRD_PARTY,
        ResultCode.UNABLE_NEEDS_CREATION,
        ResultCode.NOT_PROCESSED_PETITION,
        ResultCode.OTHER,
    ]
    for code in codes:
        make_case(agency_a, drafter_a, approver_a, D(2024, 4, 1), D(2024, 4, 15), code)
    t3 = queries.build_tables(agency_a.pk, 2024).table3
    assert [r for r in ar.RESULT_ROWS if t3.cell(r)] == [c.value for c in codes]
