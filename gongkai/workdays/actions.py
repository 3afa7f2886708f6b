"""Every change to the working-day calendar.

Each action runs in one transaction, writes an audit event, changes the revision
token (so cached calendars everywhere are rebuilt) and, after commit, sends
`calendar_changed` with the years touched so open cases are recomputed.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from gongkai.core import audit
from gongkai.core.models import Agency, User
from gongkai.domain.workdays import normalize_region_code
from gongkai.domain.workdays_notice import NoticeDay
from gongkai.workdays.models import CalendarEntry, CalendarRevision, CalendarYear
from gongkai.workdays.signals import calendar_changed

Kind = CalendarEntry.Kind
Scope = CalendarEntry.Scope
Source = CalendarEntry.Source


class CalendarEditError(ValueError):
    """An edit the calendar's rules do not allow; `code` names which rule."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def _touch(
    years: Iterable[int], *, agency_id: int | None = None, region: str = ""
) -> None:
    CalendarRevision.objects.update_or_create(
        pk=1, defaults={"token": uuid.uuid4().hex}
    )
    changed = frozenset(years)
    if changed:
        transaction.on_commit(
            lambda: calendar_changed.send(
                sender=CalendarEntry,
                years=changed,
                agency_id=agency_id,
                region_code=region,
            )
        )


@dataclass
class LoadResult:
    year: int
    added: list[date] = field(default_factory=list)
    changed: list[date] = field(default_factory=list)
    removed: list[date] = field(default_factory=list)
    kept_manual: list[date] = field(default_factory=list)
    holidays: int = 0
    makeup_workdays: int = 0
    year_created: bool = False

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.removed or self.year_created)


@transaction.atomic
def load_year(
    year: int,
    days: list[NoticeDay],
    *,
    source: str,
    title: str = "",
    text: str = "",
    actor: User | None = None,
) -> LoadResult:
    """Make `days` the national schedule of `year` and mark the year as loaded.

    Entries loaded earlier for that year (seed, notice or CSV) are replaced; manual
    national entries stay unless the new schedule names the same day. Loading the
    same schedule twice changes nothing and records nothing.
    """
    if source not in (Source.SEED, Source.NOTICE, Source.CSV):
        raise CalendarEditError("bad_source")
    if not days:
        raise CalendarEditError("empty")
    result = LoadResult(year=year)
    wanted = {d.day: d for d in days}
    existing = {
        e.date: e
        for e in CalendarEntry.objects.select_for_update().filter(
            scope=Scope.NATIONAL, date__in=list(wanted)
        )
    }
    # The schedule replaces what earlier loads put in this year (not manual entries).
    stale = (
        CalendarEntry.objects.filter(scope=Scope.NATIONAL, date__year=year)
        .exclude(source=Source.MANUAL)
        .exclude(date__in=list(wanted))
    )
    result.removed = sorted(stale.values_list("date", flat=True))
    stale.delete()
    result.kept_manual = sorted(
        CalendarEntry.objects.filter(
            scope=Scope.NATIONAL, date__year=year, source=Source.MANUAL
        )
        .exclude(date__in=list(wanted))
        .values_list("date", flat=True)
    )
    reason = title or f"{year}年节假日安排"
    for day, item in sorted(wanted.items()):
        current = existing.get(day)
        if current is None:
            CalendarEntry.objects.create(
                date=day,
                kind=item.kind.value,
                scope=Scope.NATIONAL,
                name=item.name[:60],
                reason=reason,
                source=source,
                created_by=actor if actor and actor.is_authenticated else None,
            )
            result.added.append(day)
        elif (current.kind, current.name) != (item.kind.value, item.name[:60]):
            current.kind = item.kind.value
            current.name = item.name[:60]
            current.source = source
            current.reason = reason
            current.save(
                update_fields=["kind", "name", "source", "reason", "updated_at"]
            )
            result.changed.append(day)
    result.holidays = sum(1 for d in days if d.kind.value == Kind.HOLIDAY)
    result.makeup_workdays = len(days) - result.holidays

    calendar_year = CalendarYear.objects.filter(year=year).first()
    result.year_created = calendar_year is None
    if (
        calendar_year is not None
        and result.unchanged
        and calendar_year.source == source
    ):
        return result
    previous_source = calendar_year.source if calendar_year else ""
    if calendar_year is None:
        calendar_year = CalendarYear(year=year)
    calendar_year.source = source
    calendar_year.title = title[:200]
    calendar_year.text = text
    calendar_year.loaded_at = timezone.now()
    calendar_year.loaded_by = actor if actor and actor.is_authenticated else None
    calendar_year.save()
    audit.record(
        calendar_year,
        "workdays.year_loaded",
        actor=actor,
        from_state=previous_source,
        to_state=source,
        reason=title,
        data={
            "year": year,
            "added": [d.isoformat() for d in result.added],
            "changed": [d.isoformat() for d in result.changed],
            "removed": [d.isoformat() for d in result.removed],
            "kept_manual": [d.isoformat() for d in result.kept_manual],
        },
    )
    touched = {year} | {d.year for d in result.added + result.changed + result.removed}
    _touch(touched)
    return result


def _clean_layer(
    scope: str, region_code: str, agency: Agency | None, kind: str
) -> tuple[str, Agency | None]:
    if kind not in Kind.values:
        raise CalendarEditError("bad_kind")
    if scope == Scope.NATIONAL:
        if kind == Kind.CLOSURE:
            raise CalendarEditError("national_closure")
        return "", None
    if scope == Scope.REGIONAL:
        try:
            return normalize_region_code(region_code), None
        except ValueError:
            raise CalendarEditError("bad_region") from None
    if scope == Scope.AGENCY:
        if agency is None:
            raise CalendarEditError("agency_required")
        return "", agency
    raise CalendarEditError("bad_scope")


def _duplicate(
    day: date, scope: str, region: str, agency: Agency | None, exclude: int | None
) -> bool:
    qs = CalendarEntry.objects.filter(date=day, scope=scope)
    if scope == Scope.REGIONAL:
        qs = qs.filter(region_code=region)
    elif scope == Scope.AGENCY:
        qs = qs.filter(agency=agency)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


def _snapshot(entry: CalendarEntry) -> dict[str, Any]:
    return {
        "date": entry.date.isoformat(),
        "kind": entry.kind,
        "scope": entry.scope,
        "region_code": entry.region_code,
        "agency_id": entry.agency_id,
        "name": entry.name,
    }


def _touch_entry(entry: CalendarEntry, years: set[int]) -> None:
    if entry.scope == Scope.AGENCY:
        _touch(years, agency_id=entry.agency_id)
    elif entry.scope == Scope.REGIONAL:
        _touch(years, region=entry.region_code)
    else:
        _touch(years)


@transaction.atomic
def add_entry(
    *,
    actor: User,
    day: date,
    kind: str,
    scope: str,
    reason: str,
    name: str = "",
    region_code: str = "",
    agency: Agency | None = None,
) -> CalendarEntry:
    """Record a holiday, make-up workday or closure at one layer, with its reason."""
    region, agency = _clean_layer(scope, region_code, agency, kind)
    if not reason.strip():
        raise CalendarEditError("reason_required")
    if _duplicate(day, scope, region, agency, None):
        raise CalendarEditError("duplicate")
    entry = CalendarEntry.objects.create(
        date=day,
        kind=kind,
        scope=scope,
        region_code=region,
        agency=agency,
        name=name.strip()[:60],
        reason=reason.strip(),
        source=Source.MANUAL,
        created_by=actor,
    )
    audit.record(
        entry,
        "workdays.entry_added",
        actor=actor,
        to_state=kind,
        reason=entry.reason,
        data=_snapshot(entry),
        agency=agency,
    )
    _touch_entry(entry, {day.year})
    return entry


@transaction.atomic
def update_entry(
    entry: CalendarEntry,
    *,
    actor: User,
    day: date,
    kind: str,
    reason: str,
    name: str = "",
) -> CalendarEntry:
    """Change the day, kind or name of an entry; its layer stays the same."""
    _clean_layer(entry.scope, entry.region_code, entry.agency, kind)
    if not reason.strip():
        raise CalendarEditError("reason_required")
    if _duplicate(day, entry.scope, entry.region_code, entry.agency, entry.pk):
        raise CalendarEditError("duplicate")
    before = _snapshot(entry)
    old_year = entry.date.year
    old_kind = entry.kind
    entry.date = day
    entry.kind = kind
    entry.name = name.strip()[:60]
    entry.reason = reason.strip()
    entry.source = Source.MANUAL
    entry.save()
    audit.record(
        entry,
        "workdays.entry_changed",
        actor=actor,
        from_state=old_kind,
        to_state=kind,
        reason=entry.reason,
        data={"before": before, "after": _snapshot(entry)},
        agency=entry.agency,
    )
    _touch_entry(entry, {old_year, day.year})
    return entry


@transaction.atomic
def delete_entry(entry: CalendarEntry, *, actor: User, reason: str) -> None:
    """Remove an entry; the reason is kept in the audit log."""
    if not reason.strip():
        raise CalendarEditError("reason_required")
    audit.record(
        entry,
        "workdays.entry_deleted",
        actor=actor,
        from_state=entry.kind,
        reason=reason.strip(),
        data=_snapshot(entry),
        agency=entry.agency,
    )
    years = {entry.date.year}
    scope, agency_id, region = entry.scope, entry.agency_id, entry.region_code
    entry.delete()
    if scope == Scope.AGENCY:
        _touch(years, agency_id=agency_id)
    elif scope == Scope.REGIONAL:
        _touch(years, region=region)
    else:
        _touch(years)
