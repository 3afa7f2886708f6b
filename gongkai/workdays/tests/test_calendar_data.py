"""The calendar as built from the database: seed, layers, cache and warnings."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.conftest import make_agency
from gongkai.domain.workdays import DayKind, UnknownCalendarYear
from gongkai.domain.workdays_notice import NoticeDay
from gongkai.workdays import actions, queries
from gongkai.workdays.models import CalendarEntry, CalendarYear

pytestmark = pytest.mark.django_db
D = date


def test_every_new_database_has_2004_to_2026_loaded():
    assert set(CalendarYear.objects.values_list("year", flat=True)) == set(
        range(2004, 2027)
    )
    assert queries.loaded_years() == frozenset(range(2004, 2027))


def test_database_calendar_matches_the_library_on_every_day_2004_to_2026():
    cal = queries.work_calendar()
    day, mismatches = D(2004, 1, 1), []
    while day <= D(2026, 12, 31):
        if cal.is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []


def test_database_calendar_does_not_know_2027():
    with pytest.raises(UnknownCalendarYear):
        queries.work_calendar().is_workday(D(2027, 1, 4))


@pytest.mark.parametrize(
    ("start", "due"),
    [(D(2025, 9, 30), D(2025, 11, 4)), (D(2025, 10, 4), D(2025, 11, 4))],
)
def test_twenty_workdays_across_national_day_2025(start, due):
    assert queries.add_workdays_for(None, start, 20) == (due, False)


def test_a_deadline_running_into_2027_is_provisional():
    due, provisional = queries.add_workdays_for(None, D(2026, 12, 15), 20)
    assert provisional is True
    assert due == D(2027, 1, 13)


def test_regional_and_agency_entries_apply_only_where_they_belong(platform_admin):
    lhasa = make_agency("拉萨市城关区人民政府", "54LS00001", region_code="540102")
    urumqi = make_agency("乌鲁木齐市天山区人民政府", "65WL00001", region_code="650102")
    losar = D(2025, 2, 28)  # a Friday
    actions.add_entry(
        actor=platform_admin,
        day=losar,
        kind=CalendarEntry.Kind.HOLIDAY,
        scope=CalendarEntry.Scope.REGIONAL,
        region_code="540000",
        name="藏历新年",
        reason="西藏自治区人民政府通知",
    )
    typhoon = D(2025, 3, 3)
    actions.add_entry(
        actor=platform_admin,
        day=typhoon,
        kind=CalendarEntry.Kind.CLOSURE,
        scope=CalendarEntry.Scope.AGENCY,
        agency=urumqi,
        reason="办公楼停电",
    )
    assert queries.work_calendar(lhasa).day_kind(losar) is DayKind.HOLIDAY
    assert queries.work_calendar(urumqi).day_kind(losar) is DayKind.WORKDAY
    assert queries.work_calendar(None).day_kind(losar) is DayKind.WORKDAY
    assert queries.work_calendar(urumqi).day_kind(typhoon) is DayKind.CLOSURE
    assert queries.work_calendar(lhasa).day_kind(typhoon) is DayKind.WORKDAY
    # The regional holiday moves a Lhasa deadline by one day only.
    assert queries.add_workdays_for(lhasa, D(2025, 2, 27), 1) == (D(2025, 3, 3), False)
    assert queries.add_workdays_for(urumqi, D(2025, 2, 27), 1) == (
        D(2025, 2, 28),
        False,
    )


def test_cached_calendar_is_rebuilt_after_every_change(platform_admin):
    before = queries.work_calendar()
    assert before is queries.work_calendar()  # served from the cache
    day = D(2025, 3, 3)
    assert before.is_workday(day)
    entry = actions.add_entry(
        actor=platform_admin,
        day=day,
        kind=CalendarEntry.Kind.HOLIDAY,
        scope=CalendarEntry.Scope.NATIONAL,
        reason="测试补充通知",
    )
    assert not queries.work_calendar().is_workday(day)
    actions.delete_entry(entry, actor=platform_admin, reason="录入错误")
    assert queries.work_calendar().is_workday(day)


def test_loading_a_year_makes_it_known(platform_admin):
    days = [
        NoticeDay(D(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
        NoticeDay(D(2027, 2, 20), DayKind.MAKEUP_WORKDAY, "春节"),
    ]
    result = actions.load_year(
        2027, days, source=CalendarEntry.Source.CSV, title="测试", actor=platform_admin
    )
    assert result.added == [D(2027, 1, 1), D(2027, 2, 20)]
    cal = queries.work_calendar()
    assert cal.is_workday(D(2027, 2, 20))  # a Saturday
    assert not cal.is_workday(D(2027, 1, 1))
    assert queries.add_workdays_for(None, D(2026, 12, 31), 1) == (D(2027, 1, 4), False)


def test_loading_the_same_schedule_twice_changes_nothing(platform_admin):
    days = [NoticeDay(D(2027, 1, 1), DayKind.HOLIDAY, "元旦")]
    actions.load_year(2027, days, source=CalendarEntry.Source.CSV, actor=platform_admin)
    loaded_at = CalendarYear.objects.get(year=2027).loaded_at
    again = actions.load_year(
        2027, days, source=CalendarEntry.Source.CSV, actor=platform_admin
    )
    assert again.unchanged
    assert CalendarYear.objects.get(year=2027).loaded_at == loaded_at


def test_reloading_replaces_loaded_days_but_keeps_manual_ones(platform_admin):
    manual = actions.add_entry(
        actor=platform_admin,
        day=D(2025, 3, 3),
        kind=CalendarEntry.Kind.HOLIDAY,
        scope=CalendarEntry.Scope.NATIONAL,
        reason="特别安排",
    )
    result = actions.load_year(
        2025,
        [NoticeDay(D(2025, 1, 1), DayKind.HOLIDAY, "元旦")],
        source=CalendarEntry.Source.CSV,
        actor=platform_admin,
    )
    assert D(2025, 10, 8) in result.removed
    assert result.kept_manual == [D(2025, 3, 3)]
    assert CalendarEntry.objects.filter(pk=manual.pk).exists()
    assert queries.work_calendar().is_workday(D(2025, 10, 8))


@pytest.mark.parametrize(
    ("today", "warns_about"),
    [
        (D(2026, 10, 31), None),
        (D(2026, 11, 1), "2027年"),
        (D(2026, 12, 31), "2027年"),
        (D(2025, 11, 20), None),  # 2026 is loaded
        (D(2027, 3, 1), "2027年"),  # this year itself is missing
    ],
)
def test_calendar_warning_from_november_when_next_year_is_missing(today, warns_about):
    warning = queries.calendar_warning(today)
    if warns_about is None:
        assert warning is None
    else:
        assert warning is not None and warns_about in warning


def test_an_agency_with_a_malformed_region_code_still_gets_a_calendar():
    agency = make_agency("某机关", "BAD000001", region_code="54-01")
    assert queries.add_workdays_for(agency, D(2025, 9, 30), 20) == (
        D(2025, 11, 4),
        False,
    )
