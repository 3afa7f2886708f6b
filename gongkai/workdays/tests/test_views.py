"""Staff pages at /staff/calendar/: who sees what, edits with audit, uploads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.conftest import PASSWORD, make_user
from gongkai.core.models import AuditEvent, Role
from gongkai.workdays import actions, queries
from gongkai.workdays.models import CalendarEntry, CalendarYear

pytestmark = pytest.mark.django_db

NOTICES = Path(__file__).resolve().parents[2] / "domain" / "tests" / "notices"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.fixture
def admin_b(agency_b):
    return make_user("admin_b", agency_b, Role.AGENCY_ADMIN)


@pytest.fixture
def closure_a(platform_admin, agency_a):
    return actions.add_entry(
        actor=platform_admin,
        day=date(2025, 3, 3),
        kind=CalendarEntry.Kind.CLOSURE,
        scope=CalendarEntry.Scope.AGENCY,
        agency=agency_a,
        reason="台风停止办公",
    )


@pytest.fixture
def national_entry(platform_admin):
    return actions.add_entry(
        actor=platform_admin,
        day=date(2025, 3, 4),
        kind=CalendarEntry.Kind.HOLIDAY,
        scope=CalendarEntry.Scope.NATIONAL,
        reason="测试",
    )


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("workdays:year", args=[2025]))
    assert response.status_code == 302
    assert "/staff/login/" in response["Location"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("workdays:index"),
        reverse("workdays:year", args=[2025]),
        reverse("workdays:entry-create"),
        reverse("workdays:upload"),
    ],
)
def test_staff_without_admin_role_get_404(client, drafter_a, drafter_b, url):
    for user in (drafter_a, drafter_b):
        client.force_login(user)
        assert client.get(url).status_code == 404


def test_platform_admin_sees_the_year_as_month_grids(client, platform_admin):
    login(client, platform_admin)
    response = client.get(reverse("workdays:year", args=[2025]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption>2025年10月</caption>" in html
    assert html.count('<table class="wd-month">') == 12
    assert 'class="wd-makeup_workday"' in html  # 9/28 and 10/11
    assert "调休上班（国庆节、中秋节）" in html or "调休上班（国庆节）" in html
    assert "本年度已载入" in html
    assert 'scope="col" abbr="星期一"' in html


def test_an_unloaded_year_is_shown_as_provisional(client, platform_admin):
    login(client, platform_admin)
    html = client.get(reverse("workdays:year", args=[2027])).content.decode()
    assert "2027年尚未载入国务院办公厅节假日安排通知" in html
    assert "wd-provisional" in html
    assert "临时推算" in html


def test_year_out_of_range_is_404(client, platform_admin):
    login(client, platform_admin)
    assert client.get(reverse("workdays:year", args=[1800])).status_code == 404


def test_agency_admin_sees_own_agency_calendar_but_not_another(
    client, admin_a, agency_a, agency_b, closure_a
):
    login(client, admin_a)
    response = client.get(reverse("workdays:year", args=[2025]))
    assert response.status_code == 200
    html = response.content.decode()
    assert agency_a.name in html
    assert "台风停止办公" in html
    assert reverse("workdays:upload") not in html
    url = reverse("workdays:year", args=[2025]) + f"?agency={agency_b.pk}"
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("workdays:year", args=[2025]) + "?agency=x").status_code
        == 404
    )


def test_agency_b_admin_cannot_see_or_change_agency_a_closure(
    client, admin_b, agency_a, closure_a
):
    login(client, admin_b)
    html = client.get(reverse("workdays:year", args=[2025])).content.decode()
    assert "台风停止办公" not in html
    edit = reverse("workdays:entry-edit", args=[closure_a.pk])
    delete = reverse("workdays:entry-delete", args=[closure_a.pk])
    assert client.get(edit).status_code == 404
    assert (
        client.post(
            edit, {"date": "2025-03-05", "kind": "closure", "reason": "x"}
        ).status_code
        == 404
    )
    assert client.post(delete, {"reason": "x"}).status_code == 404
    closure_a.refresh_from_db()
    assert closure_a.date == date(2025, 3, 3)
    # Nor can B's admin record a closure for agency A.
    response = client.post(
        reverse("workdays:entry-create"),
        {
            "date": "2025-03-10",
            "kind": "closure",
            "scope": "agency",
            "agency": agency_a.pk,
            "reason": "x",
        },
    )
    assert response.status_code == 200
    assert not CalendarEntry.objects.filter(date=date(2025, 3, 10)).exists()


def test_agency_admin_records_a_closure_for_own_agency_with_audit(
    client, admin_a, agency_a
):
    login(client, admin_a)
    response = client.post(
        reverse("workdays:entry-create"),
        {
            "date": "2025-07-07",
            "kind": "closure",
            "scope": "agency",
            "agency": agency_a.pk,
            "name": "",
            "reason": "办公楼检修，暂停对外办公",
        },
    )
    assert response.status_code == 302
    entry = CalendarEntry.objects.get(date=date(2025, 7, 7), scope="agency")
    assert entry.agency == agency_a and entry.created_by == admin_a
    event = AuditEvent.objects.get(
        action="workdays.entry_added", subject_id=str(entry.pk)
    )
    assert event.actor == admin_a and event.agency == agency_a
    assert event.reason == "办公楼检修，暂停对外办公"
    assert queries.add_workdays_for(agency_a, date(2025, 7, 4), 1) == (
        date(2025, 7, 8),
        False,
    )


def test_agency_admin_cannot_add_holidays_or_national_entries(
    client, admin_a, agency_a
):
    login(client, admin_a)
    for data in (
        {
            "date": "2025-07-07",
            "kind": "holiday",
            "scope": "agency",
            "agency": agency_a.pk,
            "reason": "x",
        },
        {"date": "2025-07-07", "kind": "closure", "scope": "national", "reason": "x"},
    ):
        response = client.post(reverse("workdays:entry-create"), data)
        assert response.status_code == 200
        assert "wd-field-error" in response.content.decode()
    assert not CalendarEntry.objects.filter(date=date(2025, 7, 7)).exists()


def test_agency_admin_cannot_touch_national_entries(client, admin_a, national_entry):
    login(client, admin_a)
    url = reverse("workdays:entry-delete", args=[national_entry.pk])
    assert client.post(url, {"reason": "x"}).status_code == 404
    assert CalendarEntry.objects.filter(pk=national_entry.pk).exists()


def test_platform_admin_adds_a_regional_holiday(client, platform_admin):
    login(client, platform_admin)
    response = client.post(
        reverse("workdays:entry-create"),
        {
            "date": "2025-02-28",
            "kind": "holiday",
            "scope": "regional",
            "region_code": "540000",
            "name": "藏历新年",
            "reason": "西藏自治区人民政府办公厅通知",
        },
    )
    assert response.status_code == 302
    entry = CalendarEntry.objects.get(date=date(2025, 2, 28), scope="regional")
    assert entry.region_code == "54"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {
                "date": "2025-02-30",
                "kind": "holiday",
                "scope": "national",
                "reason": "x",
            },
            "有效的日期",
        ),
        (
            {
                "date": "2025-03-03",
                "kind": "holiday",
                "scope": "regional",
                "region_code": "西藏",
                "reason": "x",
            },
            "行政区划代码应为",
        ),
        (
            {"date": "2025-03-03", "kind": "holiday", "scope": "agency", "reason": "x"},
            "请选择机关",
        ),
        (
            {
                "date": "2025-03-03",
                "kind": "closure",
                "scope": "national",
                "reason": "x",
            },
            "不能设为全国",
        ),
        (
            {
                "date": "2025-03-03",
                "kind": "holiday",
                "scope": "national",
                "reason": "",
            },
            "这个字段是必填项",
        ),
        (
            {
                "date": "2025-10-01",
                "kind": "holiday",
                "scope": "national",
                "reason": "x",
            },
            "已有条目",
        ),
        (
            {
                "date": "3025-10-01",
                "kind": "holiday",
                "scope": "national",
                "reason": "x",
            },
            "2100年之间",
        ),
    ],
)
def test_bad_entries_get_a_clear_error_and_nothing_is_saved(
    client, platform_admin, data, message
):
    login(client, platform_admin)
    count = CalendarEntry.objects.count()
    response = client.post(reverse("workdays:entry-create"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert CalendarEntry.objects.count() == count


def test_platform_admin_edits_and_deletes_with_reasons(
    client, platform_admin, national_entry
):
    login(client, platform_admin)
    edit = reverse("workdays:entry-edit", args=[national_entry.pk])
    assert client.get(edit).status_code == 200
    response = client.post(
        edit,
        {"date": "2025-03-05", "kind": "holiday", "name": "补充", "reason": "更正日期"},
    )
    assert response.status_code == 302
    national_entry.refresh_from_db()
    assert national_entry.date == date(2025, 3, 5)
    changed = AuditEvent.objects.get(action="workdays.entry_changed")
    assert changed.data["before"]["date"] == "2025-03-04"
    assert changed.reason == "更正日期"
    delete = reverse("workdays:entry-delete", args=[national_entry.pk])
    response = client.post(delete, {"reason": ""})
    assert response.status_code == 200  # a reason is required
    assert CalendarEntry.objects.filter(pk=national_entry.pk).exists()
    response = client.post(delete, {"reason": "通知已撤回"})
    assert response.status_code == 302
    assert not CalendarEntry.objects.filter(pk=national_entry.pk).exists()
    assert (
        AuditEvent.objects.get(action="workdays.entry_deleted").reason == "通知已撤回"
    )


def test_upload_shows_a_preview_and_loads_only_after_confirmation(
    client, platform_admin
):
    login(client, platform_admin)
    text = (
        "一、元旦：1月1日（周五）至3日（周日）放假，共3天。\n"
        "二、春节：2月5日（周五）至12日（周五）放假调休，共8天。2月20日（周六）上班。\n"
    )
    response = client.post(
        reverse("workdays:upload"),
        {
            "year": "2027",
            "format": "auto",
            "title": "国办发明电〔2026〕1号",
            "file": SimpleUploadedFile("2027.txt", text.encode("utf-8")),
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "确认载入2027年节假日安排" in html
    assert "2027-02-20" in html
    assert not CalendarYear.objects.filter(year=2027).exists()
    confirm = response.context["confirm"]
    response = client.post(
        reverse("workdays:upload"),
        {"step": "confirm", **{k: confirm.initial[k] for k in confirm.initial}},
    )
    assert response.status_code == 302
    year = CalendarYear.objects.get(year=2027)
    assert year.loaded_by == platform_admin
    assert year.title == "国办发明电〔2026〕1号"
    assert queries.work_calendar().is_workday(date(2027, 2, 20))
    assert AuditEvent.objects.filter(
        action="workdays.year_loaded", actor=platform_admin
    ).exists()


def test_a_bad_upload_explains_and_changes_nothing(client, platform_admin):
    login(client, platform_admin)
    count = CalendarEntry.objects.count()
    response = client.post(
        reverse("workdays:upload"),
        {
            "year": "2027",
            "format": "auto",
            "file": SimpleUploadedFile("2026.txt", (NOTICES / "2026.txt").read_bytes()),
        },
    )
    assert response.status_code == 200
    assert "通知的年份与指定年份不符" in response.content.decode()
    assert CalendarEntry.objects.count() == count
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_tampered_confirmation_is_parsed_again_and_refused(client, platform_admin):
    login(client, platform_admin)
    response = client.post(
        reverse("workdays:upload"),
        {
            "step": "confirm",
            "year": "2027",
            "format": "notice",
            "text": "一、元旦：1月1日（周一）放假。",
        },
    )
    assert response.status_code == 302
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_agency_admin_cannot_upload(client, admin_a):
    login(client, admin_a)
    assert client.get(reverse("workdays:upload")).status_code == 404
    response = client.post(
        reverse("workdays:upload"),
        {
            "step": "confirm",
            "year": "2027",
            "format": "csv",
            "text": "2027-01-01,holiday,元旦",
        },
    )
    assert response.status_code == 404
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_the_add_form_prefills_own_agency_and_refuses_another(
    client, admin_a, admin_b, agency_a
):
    login(client, admin_a)
    response = client.get(reverse("workdays:entry-create") + "?date=2025-07-07")
    assert response.context["form"].initial["agency"] == agency_a
    client.force_login(admin_b)
    url = reverse("workdays:entry-create") + f"?agency={agency_a.pk}"
    assert client.get(url).status_code == 404
