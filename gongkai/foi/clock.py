"""The adapter between cases and `domain.foi_clock`: which calendar, which events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from gongkai.core.models import Agency
from gongkai.domain import foi_clock
from gongkai.domain.foi_clock import ClockResult, Event, EventKind
from gongkai.foi.models import Application, ClockEvent


@dataclass(frozen=True)
class _LibraryCalendar:
    """The State Council schedules shipped with `chinesecalendar`, used only while
    the calendar app has no data of its own."""

    holidays: frozenset[date]
    extra_workdays: frozenset[date]
    years: frozenset[int]

    def is_workday(self, d: date) -> bool:
        return d in self.extra_workdays or (d.weekday() < 5 and d not in self.holidays)


@lru_cache(maxsize=1)
def _library_calendar() -> _LibraryCalendar:
    from chinese_calendar import constants

    years = frozenset(d.year for d in constants.holidays)
    return _LibraryCalendar(
        frozenset(constants.holidays), frozenset(constants.workdays), years
    )


def calendar_for(agency: Agency | None) -> foi_clock.Calendar:
    """The agency's working-day calendar (national schedule plus local entries)."""
    try:
        from gongkai.workdays.queries import work_calendar
    except ImportError:  # calendar app without its query module: shipped schedule
        return _library_calendar()
    return work_calendar(agency)


def events_of(app: Application) -> list[Event]:
    return [
        Event(EventKind(e.kind), e.on, days=e.days, until=e.until, key=e.key)
        for e in ClockEvent.objects.filter(application=app).order_by("on", "id")
    ]


def compute_for(
    app: Application, calendar: foi_clock.Calendar | None = None
) -> ClockResult:
    return foi_clock.compute(events_of(app), calendar or calendar_for(app.agency))


def add_workdays(agency: Agency, start: date, n: int) -> tuple[date, bool]:
    return foi_clock.add_workdays(calendar_for(agency), start, n)


def workdays_between(agency: Agency, start: date, end: date) -> int:
    return foi_clock.workdays_between(calendar_for(agency), start, end)[0]
