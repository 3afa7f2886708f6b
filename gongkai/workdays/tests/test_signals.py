"""`calendar_changed` tells the apps above which years to recompute, after commit."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai.domain.workdays import DayKind
from gongkai.domain.workdays_notice import NoticeDay
from gongkai.workdays import actions
from gongkai.workdays.models import CalendarEntry
from gongkai.workdays.signals import calendar_changed

pytestmark = pytest.mark.django_db


@pytest.fixture
def received():
    calls: list[dict] = []

    def receiver(sender, **kwargs):
        calls.append(kwargs)

    calendar_changed.connect(receiver, weak=False)
    yield calls
    calendar_changed.disconnect(receiver)


def test_loading_a_year_sends_its_years_after_commit(
    platform_admin, received, django_capture_on_commit_callbacks
):
    days = [
        NoticeDay(date(2026, 12, 31), DayKind.HOLIDAY, "元旦"),
        NoticeDay(date(2027, 1, 1), DayKind.HOLIDAY, "元旦"),
    ]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.load_year(
            2027, days, source=CalendarEntry.Source.CSV, actor=platform_admin
        )
    assert received == []  # nothing before the transaction commits
    for callback in callbacks:
        callback()
    assert len(received) == 1
    assert received[0]["years"] == frozenset({2026, 2027})


def test_editing_an_entry_sends_old_and_new_years(
    platform_admin, agency_a, received, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        entry = actions.add_entry(
            actor=platform_admin,
            day=date(2025, 12, 31),
            kind=CalendarEntry.Kind.CLOSURE,
            scope=CalendarEntry.Scope.AGENCY,
            agency=agency_a,
            reason="停电",
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.update_entry(
            entry,
            actor=platform_admin,
            day=date(2026, 1, 5),
            kind=CalendarEntry.Kind.CLOSURE,
            reason="日期更正",
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_entry(entry, actor=platform_admin, reason="取消")
    assert [r["years"] for r in received] == [
        frozenset({2025}),
        frozenset({2025, 2026}),
        frozenset({2026}),
    ]
    assert all(r["agency_id"] == agency_a.pk for r in received)


def test_an_unchanged_reload_sends_nothing(
    platform_admin, received, django_capture_on_commit_callbacks
):
    days = [NoticeDay(date(2027, 1, 1), DayKind.HOLIDAY, "元旦")]
    with django_capture_on_commit_callbacks(execute=True):
        actions.load_year(
            2027, days, source=CalendarEntry.Source.CSV, actor=platform_admin
        )
    with django_capture_on_commit_callbacks(execute=True):
        actions.load_year(
            2027, days, source=CalendarEntry.Source.CSV, actor=platform_admin
        )
    assert len(received) == 1
