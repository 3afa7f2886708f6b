"""Reading the working-day calendar: the API the clocks and pages use.

`work_calendar(agency)` is what every deadline must be computed with, so that the
FOI clock, the publishing clock, the staff pages and `gongkai workdays add` agree.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from gongkai.core.models import Agency
from gongkai.domain import workdays as wd
from gongkai.workdays.models import CalendarEntry, CalendarRevision, CalendarYear

# Warn from this day of the year on when next year's notice is missing. The State
# Council has published the notice between late October and mid-December.
WARN_FROM = (11, 1)

_lock = threading.Lock()
_cache: dict[tuple[int | None, str], wd.WorkCalendar] = {}
_cache_token: str | None = None
_CACHE_MAX = 1024


def current_token() -> str:
    return (
        CalendarRevision.objects.filter(pk=1).values_list("token", flat=True).first()
        or ""
    )


def _agency_region(agency: Agency | None) -> str:
    if agency is None or not agency.region_code:
        return ""
    try:
        return wd.normalize_region_code(agency.region_code)
    except ValueError:
        # A malformed code on the agency matches no region rather than breaking
        # every deadline of that agency.
        return ""


def entries_for(agency: Agency | None) -> QuerySet[CalendarEntry]:
    """National entries, plus the agency's regional and own ones."""
    q = Q(scope=CalendarEntry.Scope.NATIONAL)
    if agency is not None:
        q |= Q(scope=CalendarEntry.Scope.AGENCY, agency=agency)
        region = _agency_region(agency)
        prefixes = [region[:i] for i in range(2, len(region) + 1, 2)]
        if prefixes:
            q |= Q(scope=CalendarEntry.Scope.REGIONAL, region_code__in=prefixes)
    return CalendarEntry.objects.filter(q)


def loaded_years() -> frozenset[int]:
    return frozenset(CalendarYear.objects.values_list("year", flat=True))


def _build(agency: Agency | None) -> wd.WorkCalendar:
    entries = [
        wd.Entry(
            day=e.date,
            kind=wd.DayKind(e.kind),
            region_code=e.region_code
            if e.scope == CalendarEntry.Scope.REGIONAL
            else "",
            agency=e.scope == CalendarEntry.Scope.AGENCY,
            name=e.name,
        )
        for e in entries_for(agency).only(
            "date", "kind", "scope", "region_code", "name"
        )
    ]
    return wd.build_calendar(entries, loaded_years(), _agency_region(agency))


def work_calendar(agency: Agency | None = None) -> wd.WorkCalendar:
    """The calendar for `agency` (national if None): national, region, agency layers.

    Cached per process and agency; one small query per call checks the revision token
    that every calendar write changes, so an edit made by another process or a
    management command is seen on the next call.
    """
    global _cache_token
    token = current_token()
    key = (agency.pk if agency is not None else None, _agency_region(agency))
    with _lock:
        if token != _cache_token:
            _cache.clear()
            _cache_token = token
        cached = _cache.get(key)
    if cached is not None:
        return cached
    calendar = _build(agency)
    with _lock:
        if token == _cache_token:
            if len(_cache) >= _CACHE_MAX:
                _cache.clear()
            _cache[key] = calendar
    return calendar


def add_workdays_for(agency: Agency | None, start: date, n: int) -> tuple[date, bool]:
    """The n-th working day after `start` for `agency`, and whether it is provisional.

    Never raises for a missing year: days in a year without a loaded notice follow
    the provisional rule and make the result provisional.
    """
    return wd.add_workdays_provisional(work_calendar(agency), start, n)


def workdays_between_for(agency: Agency | None, a: date, b: date) -> tuple[int, bool]:
    """Working days in (a, b] for `agency`, and whether the count is provisional."""
    return wd.workdays_between_provisional(work_calendar(agency), a, b)


def calendar_warning(today: date) -> str | None:
    """A warning for administrators when a needed year's calendar is not loaded.

    This year missing is always worth a warning; next year from 1 November on,
    because deadlines set in November and December already run into it.
    """
    years = loaded_years()
    if today.year not in years:
        return (
            f"{today.year}年的节假日安排尚未载入，所有期限均按法定节假日临时推算，"
            "请平台管理员尽快载入国务院办公厅通知。"
        )
    if (today.month, today.day) >= WARN_FROM and today.year + 1 not in years:
        return (
            f"{today.year + 1}年的节假日安排尚未载入，跨年期限按法定节假日临时推算；"
            "国务院办公厅通知发布后请及时载入。"
        )
    return None


@dataclass(frozen=True)
class YearStatus:
    year: int
    loaded: CalendarYear | None
    holidays: int
    makeup_workdays: int


def year_statuses(years: list[int]) -> list[YearStatus]:
    """Loaded-or-not and national entry counts for each year."""
    loaded = {y.year: y for y in CalendarYear.objects.select_related("loaded_by")}
    counts: dict[tuple[int, str], int] = {}
    for day, kind in CalendarEntry.objects.filter(
        scope=CalendarEntry.Scope.NATIONAL,
        date__year__in=years,
    ).values_list("date", "kind"):
        counts[(day.year, kind)] = counts.get((day.year, kind), 0) + 1
    return [
        YearStatus(
            year=y,
            loaded=loaded.get(y),
            holidays=counts.get((y, CalendarEntry.Kind.HOLIDAY), 0),
            makeup_workdays=counts.get((y, CalendarEntry.Kind.MAKEUP_WORKDAY), 0),
        )
        for y in years
    ]


def list_entries(
    year: int, *, agencies: QuerySet[Agency] | None = None, everything: bool = False
) -> QuerySet[CalendarEntry]:
    """Entries of a year; all of them, or national/regional plus `agencies`' own."""
    qs = CalendarEntry.objects.filter(date__year=year).select_related(
        "agency", "created_by"
    )
    if not everything:
        qs = qs.filter(
            Q(scope__in=[CalendarEntry.Scope.NATIONAL, CalendarEntry.Scope.REGIONAL])
            | Q(scope=CalendarEntry.Scope.AGENCY, agency__in=agencies or [])
        )
    return qs
