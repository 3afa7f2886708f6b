from __future__ import annotations

import datetime as dt

import pytest

from gongkai.core.models import AuditEvent
from gongkai.domain import annual_report as ar
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import CatalogueNode, Document, Genre
from gongkai.reports import actions, queries
from gongkai.reports.messages import describe
from gongkai.reports.models import AnnualReport
from gongkai.reports.tests.conftest import written
from gongkai.reports.tests.factories import approve, make_case

D = dt.date


def start(agency, user, year=2024):  # type: ignore[no-untyped-def]
    return actions.start_report(agency, year, by=user, today=D(2026, 1, 10))


def test_new_report_is_prefilled_with_a_draft_that_cannot_be_submitted(
    cases_2024, agency_a, drafter_a
):
    report = start(agency_a, drafter_a)
    assert "本年新收政府信息公开申请4件" in report.overview
    with pytest.raises(actions.ReportBlocked) as exc:
        actions.submit_report(report, by=drafter_a)
    n1 = [v for v in exc.value.violations if v.rule == "N1"]
    assert {v.cells[0][1] for v in n1} == {"overview", "problems", "other_matters"}
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.DRAFT
    assert report.document is None


def test_narrative_figure_that_differs_from_the_table_blocks_publication(
    cases_2024, agency_a, drafter_a
):
    report = written(
        start(agency_a, drafter_a),
        by=drafter_a,
        overview="本年新收政府信息公开申请5件。",
    )
    with pytest.raises(actions.ReportBlocked) as exc:
        actions.submit_report(report, by=drafter_a)
    [v] = exc.value.violations
    assert (v.rule, v.cells, v.actual, v.expected) == (
        "C8",
        (("t3", ar.NEW, ar.TOTAL),),
        5,
        4,
    )
    assert "表三「一、本年新收政府信息公开申请数量」×「总计」" in describe(v).text
    assert not Document.objects.exists()


def test_submission_freezes_tables_and_files_a_record_in_the_annual_report_column(
    cases_2024, agency_a, drafter_a, reviewer_a, approver_a
):
    report = written(start(agency_a, drafter_a), by=drafter_a, licensing=12)
    report = actions.submit_report(report, by=drafter_a)
    assert report.status == AnnualReport.Status.SUBMITTED
    frozen = ar.ReportTables.from_json(report.frozen_tables)
    assert frozen.table3.cell(ar.NEW) == 4
    assert frozen.table2.licensing == 12
    doc = report.document
    assert publishing.open_revision(doc).genre == Genre.ANNUAL_REPORT
    assert doc.title == "甲县人民政府2024年政府信息公开工作年度报告"
    [node] = publishing.open_revision(doc).catalogue_nodes.all()
    assert node.kind == CatalogueNode.Kind.ANNUAL_REPORT
    assert publishing.open_revision(doc).status == "in_review"
    assert "本列数据的勾稽关系为" in publishing.open_revision(doc).body_html
    assert AuditEvent.objects.filter(
        action="reports.submitted", subject_id=str(report.pk)
    ).exists()

    # A case registered later with a 2024 receipt date does not change the figures.
    make_case(agency_a, drafter_a, approver_a, D(2024, 6, 1), D(2024, 6, 5))
    assert queries.tables_for(report).table3.cell(ar.NEW) == 4
    assert queries.build_tables(agency_a.pk, 2024).table3.cell(ar.NEW) == 5

    approve(doc, reviewer_a, approver_a)
    report.refresh_from_db()
    assert report.is_published
    assert report.document.genre == Genre.ANNUAL_REPORT
    assert report.document.index_number
    with pytest.raises(actions.ReportError, match="已发布"):
        actions.reopen_report(report, by=drafter_a, reason="补充")


def test_carry_in_differing_from_last_years_published_report_names_the_late_case(
    cases_2024, agency_a, drafter_a, reviewer_a, approver_a
):
    last = actions.submit_report(
        written(start(agency_a, drafter_a), by=drafter_a), by=drafter_a
    )
    approve(last.document, reviewer_a, approver_a)
    late = make_case(agency_a, drafter_a, approver_a, D(2024, 12, 31))

    report = written(
        start(agency_a, drafter_a, 2025),
        by=drafter_a,
        overview="本年度依法办理政府信息公开申请。",
    )
    with pytest.raises(actions.ReportBlocked) as exc:
        actions.submit_report(report, by=drafter_a)
    c5 = [v for v in exc.value.violations if v.rule == "C5"]
    assert [(v.cells[0], v.expected, v.actual, v.case_ids) for v in c5] == [
        (("t3", ar.CARRIED_IN, "natural_person"), 2, 3, (late.pk,)),
        (("t3", ar.CARRIED_IN, ar.TOTAL), 2, 3, (late.pk,)),
    ]
    labels = queries.case_labels([late.pk])
    assert late.tracking_number in describe(c5[0], labels).text

    # A written explanation releases C5 and is printed in section 六.
    report = actions.update_report(
        report,
        by=drafter_a,
        carry_over_note="1件2024年12月31日收到的申请于2025年补录。",
    )
    report = actions.submit_report(report, by=drafter_a)
    assert (
        "关于上年结转数据的说明" in publishing.open_revision(report.document).body_html
    )


def test_returned_record_can_be_reopened_corrected_and_resubmitted(
    cases_2024, agency_a, drafter_a, reviewer_a
):
    report = actions.submit_report(
        written(start(agency_a, drafter_a), by=drafter_a), by=drafter_a
    )
    with pytest.raises(actions.ReportError, match="保密审查或审核签发中"):
        actions.reopen_report(report, by=drafter_a, reason="修改")
    publishing.return_revision(
        publishing.open_revision(report.document), by=reviewer_a, reason="数据需复核"
    )
    with pytest.raises(actions.ReportError, match="理由"):
        actions.reopen_report(report, by=drafter_a, reason=" ")
    report = actions.reopen_report(report, by=drafter_a, reason="按审查意见修改")
    assert report.status == AnnualReport.Status.DRAFT
    assert report.frozen_tables is None
    report = actions.update_report(report, by=drafter_a, penalty=3)
    report = actions.submit_report(report, by=drafter_a)
    assert Document.objects.count() == 1
    assert ar.ReportTables.from_json(report.frozen_tables).table2.penalty == 3
    assert publishing.open_revision(report.document).status == "in_review"


def test_submitted_report_cannot_be_edited(cases_2024, agency_a, drafter_a):
    report = actions.submit_report(
        written(start(agency_a, drafter_a), by=drafter_a), by=drafter_a
    )
    with pytest.raises(actions.ReportError, match="不能修改"):
        actions.update_report(report, by=drafter_a, licensing=1)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"fees": "-1"}, "负数"),
        ({"fees": "1.23456"}, "四位小数"),
        ({"fees": "abc"}, "数字"),
        ({"licensing": -1}, "非负整数"),
    ],
)
def test_bad_figures_are_refused_and_nothing_is_saved(
    agency_a, drafter_a, fields, message
):
    report = start(agency_a, drafter_a)
    with pytest.raises(actions.ReportError, match=message):
        actions.update_report(report, by=drafter_a, **fields)
    report.refresh_from_db()
    assert (report.licensing, report.fees) == (0, 0)


def test_reports_before_2021_and_for_future_years_are_refused(agency_a, drafter_a):
    with pytest.raises(actions.ReportError, match="2021"):
        start(agency_a, drafter_a, 2020)
    with pytest.raises(actions.ReportError, match="尚未开始"):
        start(agency_a, drafter_a, 2027)


def test_only_drafters_and_agency_admins_of_the_agency_write_reports(
    agency_a, reviewer_a, drafter_b
):
    with pytest.raises(actions.ReportError, match="权限"):
        start(agency_a, reviewer_a)
    with pytest.raises(actions.ReportError, match="权限"):
        start(agency_a, drafter_b)


def test_a_removed_annual_report_column_is_restored_on_submission(
    cases_2024, agency_a, drafter_a
):
    CatalogueNode.objects.filter(
        agency=agency_a, kind=CatalogueNode.Kind.ANNUAL_REPORT
    ).delete()
    report = written(start(agency_a, drafter_a), by=drafter_a)
    report = actions.submit_report(report, by=drafter_a)
    [node] = publishing.open_revision(report.document).catalogue_nodes.all()
    assert (node.kind, node.slug) == (CatalogueNode.Kind.ANNUAL_REPORT, "annual-report")
