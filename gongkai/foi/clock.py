"""The adapter between cases and `domain.foi_clock`: which calendar, which events."""

from __future__ import annotations

from datetime import date

from gongkai.core.models import Agency
from gongkai.domain import foi_clock
from gongkai.domain.foi_clock import ClockResult, Event, EventKind
from gongkai.foi.models import Application, ClockEvent
from gongkai.workdays.queries import work_calendar


def calendar_for(agency: Agency | None) -> foi_clock.Calendar:
    """The agency's working-day calendar (national schedule plus local entries)."""
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
