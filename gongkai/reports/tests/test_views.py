from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai.conftest import PASSWORD
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport
from gongkai.reports.tests.conftest import written

D = dt.date


def login(client, user):  # type: ignore[no-untyped-def]
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def report_a(agency_a, drafter_a):  # type: ignore[no-untyped-def]
    return actions.start_report(agency_a, 2024, by=drafter_a, today=D(2026, 1, 5))


def test_staff_list_their_agencys_reports_and_start_a_new_one(
    client, agency_a, drafter_a
):
    login(client, drafter_a)
    response = client.post(
        reverse("reports:start"), {"agency": agency_a.pk, "year": 2024}
    )
    report = AnnualReport.objects.get(agency=agency_a, year=2024)
    assert response.status_code == 302
    assert response["Location"] == report.get_absolute_url()
    page = client.get(reverse("reports:index")).content.decode()
    assert "甲县人民政府" in page and "2024" in page


def test_detail_shows_tables_with_official_labels_and_the_checks(
    client, cases_2024, report_a, drafter_a
):
    page = login(client, drafter_a).get(report_a.get_absolute_url()).content.decode()
    for label in (
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "三、本年度办理结果",
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        "四、结转下年度继续办理",
        "第二十条第（八）项",
        "复议后起诉",
    ):
        assert label in page
    assert "N1" in page  # the draft still has 【待补充】


def test_submit_with_violations_answers_409_naming_cells_and_changes_nothing(
    client, cases_2024, report_a, drafter_a
):
    written(report_a, by=drafter_a, overview="本年新收政府信息公开申请40件。")
    response = login(client, drafter_a).post(
        reverse("reports:submit", args=[report_a.pk])
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "不能报送" in page
    assert "表三「一、本年新收政府信息公开申请数量」×「总计」" in page
    assert "正文写的是40，表格中为4" in page
    report_a.refresh_from_db()
    assert report_a.status == AnnualReport.Status.DRAFT


def test_submit_without_violations_goes_to_review(
    client, cases_2024, report_a, drafter_a
):
    written(report_a, by=drafter_a)
    response = login(client, drafter_a).post(
        reverse("reports:submit", args=[report_a.pk])
    )
    assert response.status_code == 302
    report_a.refresh_from_db()
    assert report_a.status == AnnualReport.Status.SUBMITTED
    page = client.get(report_a.get_absolute_url()).content.decode()
    assert "已报送审查发布" in page and "重新打开" in page


def test_edit_saves_figures_and_refuses_bad_input_with_a_message(
    client, report_a, drafter_a
):
    login(client, drafter_a)
    url = reverse("reports:edit", args=[report_a.pk])
    data = {
        "overview": "总体情况",
        "problems": "问题",
        "other_matters": "其他",
        "licensing": "15",
        "penalty": "2",
        "coercion": "0",
        "fees": "1.2345",
        "carry_over_note": "",
    }
    assert client.post(url, data).status_code == 302
    report_a.refresh_from_db()
    assert (report_a.licensing, str(report_a.fees)) == (15, "1.2345")
    for bad in (
        {"fees": "-3"},
        {"fees": "1.23456"},
        {"licensing": "十"},
        {"penalty": "-1"},
    ):
        response = client.post(url, data | bad)
        assert response.status_code == 400
        assert 'role="alert"' in response.content.decode()
    report_a.refresh_from_db()
    assert (report_a.licensing, report_a.penalty, str(report_a.fees)) == (
        15,
        2,
        "1.2345",
    )


def test_reviewer_may_read_but_not_edit(client, report_a, reviewer_a):
    login(client, reviewer_a)
    assert client.get(report_a.get_absolute_url()).status_code == 200
    assert client.get(reverse("reports:edit", args=[report_a.pk])).status_code == 404
    assert client.post(reverse("reports:submit", args=[report_a.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "method", "extra"),
    [
        ("reports:detail", "get", ()),
        ("reports:edit", "get", ()),
        ("reports:edit", "post", ()),
        ("reports:submit", "post", ()),
        ("reports:reopen", "post", ()),
        ("reports:export", "get", ("html",)),
        ("reports:export", "get", ("docx",)),
        ("reports:export", "get", ("xlsx",)),
        ("reports:export", "get", ("json",)),
    ],
)
def test_staff_of_agency_b_cannot_see_or_change_agency_as_report(
    client, report_a, drafter_b, name, method, extra
):
    login(client, drafter_b)
    url = reverse(name, args=[report_a.pk, *extra])
    response = getattr(client, method)(url, {"reason": "x", "licensing": "9"})
    assert response.status_code == 404
    report_a.refresh_from_db()
    assert report_a.licensing == 0
    assert report_a.status == AnnualReport.Status.DRAFT


def test_agency_b_neither_lists_nor_starts_agency_as_reports(
    client, report_a, agency_a, drafter_b
):
    login(client, drafter_b)
    assert (
        "甲县人民政府2024" not in client.get(reverse("reports:index")).content.decode()
    )
    response = client.post(
        reverse("reports:start"), {"agency": agency_a.pk, "year": 2023}
    )
    assert response.status_code == 400
    assert not AnnualReport.objects.filter(year=2023).exists()


def test_anonymous_users_are_sent_to_login(client, report_a):
    response = client.get(report_a.get_absolute_url())
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_unknown_export_format_is_404(client, report_a, drafter_a):
    login(client, drafter_a)
    assert (
        client.get(reverse("reports:export", args=[report_a.pk, "pdf"])).status_code
        == 404
    )


def test_platform_admin_reads_every_agencys_report_but_cannot_edit(
    client, report_a, platform_admin
):
    login(client, platform_admin)
    page = client.get(reverse("reports:index")).content.decode()
    assert "甲县人民政府" in page
    assert client.get(report_a.get_absolute_url()).status_code == 200
    edit = reverse("reports:edit", args=[report_a.pk])
    assert client.post(edit, {"overview": "改写"}).status_code == 404
    report_a.refresh_from_db()
    assert report_a.overview != "改写"
