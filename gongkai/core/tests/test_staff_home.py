import datetime as dt

import time_machine

from gongkai.conftest import PASSWORD
from gongkai.workdays.models import CalendarYear


def _page(client, user):
    client.login(username=user.username, password=PASSWORD)
    return client.get("/staff/").content.decode()


def test_platform_admin_is_warned_in_november_when_next_year_is_missing(
    client, platform_admin
):
    assert not CalendarYear.objects.filter(year=2027).exists()
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC), tick=False):
        page = _page(client, platform_admin)
    assert "工作日历提醒" in page and "2027" in page


def test_no_warning_before_november(client, platform_admin):
    with time_machine.travel(dt.datetime(2026, 6, 3, 9, tzinfo=dt.UTC), tick=False):
        page = _page(client, platform_admin)
    assert "工作日历提醒" not in page


def test_drafters_see_queues_but_not_the_calendar_warning(client, drafter_a):
    with time_machine.travel(dt.datetime(2026, 11, 3, 9, tzinfo=dt.UTC), tick=False):
        page = _page(client, drafter_a)
    assert "工作日历提醒" not in page
    assert "/foi/staff/" in page and "/staff/reports/" in page


def test_people_without_a_role_get_404(client, django_user_model):
    django_user_model.objects.create_user(username="nobody", password=PASSWORD)
    client.login(username="nobody", password=PASSWORD)
    assert client.get("/staff/").status_code == 404
