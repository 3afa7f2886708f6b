"""Read functions for 依申请公开: work queues, statistics and the annual-report rows."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import BooleanField, Expression, F, Q, QuerySet

from gongkai.domain.foi_codes import ApplicantType, CaseRow, RemedyRow, ResultCode
from gongkai.foi.models import Application, Remedy

Status = Application.Status


def disclosure_cases() -> QuerySet[Application]:
    """Applications for disclosure that count: confirmed, not Art. 41 corrections."""
    return Application.objects.filter(kind=Application.Kind.DISCLOSURE).exclude(
        status=Status.SUBMITTED
    )


# Enum members by stored value: a dict lookup per row instead of an enum call
# (report rows are read a million at a time for a province).
_APPLICANT_TYPES: dict[str, ApplicantType] = {t.value: t for t in ApplicantType}
_RESULT_CODES: dict[str, ResultCode] = {c.value: c for c in ResultCode}

_CASE_ROW_COLUMNS = ("pk", "applicant_type", "received_date", "replied_date", "result")


def _case_rows(qs: QuerySet[Application]) -> list[CaseRow]:
    """CaseRows of `qs` in receipt order. An unknown stored type or result raises
    ValueError, as the enum would."""
    types, results = _APPLICANT_TYPES, _RESULT_CODES
    return [
        CaseRow(
            pk,
            types.get(applicant_type) or ApplicantType(applicant_type),
            received,
            replied,
            (results.get(result) or ResultCode(result)) if result else None,
        )
        for pk, applicant_type, received, replied, result in qs.values_list(
            *_CASE_ROW_COLUMNS
        ).order_by("received_date", "pk")
    ]


def report_rows(agency_id: int, year: int) -> list[CaseRow]:
    """Every application of the agency received in or before `year` and not
    closed before it: this year's new cases, last year's carry-overs, and the
    cases carried into next year (国办公开办函〔2021〕30号, table 三).

    `replied_date` is the date of the final reply or closure, even when it falls
    after `year` (then the case is carried over into the next year)."""
    first_day = date(year, 1, 1)
    last_day = date(year, 12, 31)
    return _case_rows(
        disclosure_cases()
        .filter(agency_id=agency_id, received_date__lte=last_day)
        .filter(Q(replied_date__isnull=True) | Q(replied_date__gte=first_day))
    )


def carried_out_rows(agency_id: int, year: int) -> list[CaseRow]:
    """The rows of `report_rows(agency_id, year)` still unanswered on 31 December
    of `year`: its 四、结转下年度继续办理, and nothing else (last year's carry-over
    for C5 needs only these, a small part of the year's cases)."""
    last_day = date(year, 12, 31)
    return _case_rows(
        disclosure_cases()
        .filter(agency_id=agency_id, received_date__lte=last_day)
        .filter(Q(replied_date__isnull=True) | Q(replied_date__gt=last_day))
    )


def review_rows(agency_id: int, year: int) -> list[RemedyRow]:
    """行政复议 and 行政诉讼 about the agency's decisions filed in `year`, plus
    earlier ones still pending at the start of it or decided during it."""
    first_day = date(year, 1, 1)
    last_day = date(year, 12, 31)
    # The agency's cases as a subquery rather than a join: SQLite then looks
    # remedies up by case, where with statistics it would join the other way
    # round and read every remedy on the platform filed by 31 December.
    cases = Application.objects.filter(agency_id=agency_id).values("pk")
    qs = (
        Remedy.objects.filter(application__in=cases, filed_date__lte=last_day)
        .filter(
            Q(filed_date__gte=first_day)
            | Q(decided_date__isnull=True)
            | Q(decided_date__gte=first_day)
        )
        .values_list("kind", "outcome", "filed_date", "decided_date")
        .order_by("filed_date", "pk")
    )
    rows = []
    for kind, outcome, filed, decided in qs:
        if decided is not None and decided > last_day:
            # Decided after the year: still pending as far as this report goes.
            outcome, decided = Remedy.Outcome.PENDING.value, None
        rows.append(
            RemedyRow(
                kind=kind, outcome=outcome, filed_date=filed, decided_date=decided
            )
        )
    return rows


class _NotInLiterals(Expression):
    """`NOT (column IN ('a', 'b'))` with the values written into the SQL, not bound
    as parameters: SQLite uses a partial index only when the query's WHERE repeats
    the index condition term for term, and a bound parameter never matches the
    literal in the index definition. For fixed codes only, never user input."""

    output_field = BooleanField()

    def __init__(self, column: str, values: Sequence[str]) -> None:
        super().__init__()
        self.column: Any = F(column)
        self.values = tuple(values)

    def get_source_expressions(self) -> list[Any]:
        return [self.column]

    def set_source_expressions(self, exprs: list[Any]) -> None:
        (self.column,) = exprs

    def as_sql(self, compiler, connection):  # type: ignore[no-untyped-def]
        sql, params = compiler.compile(self.column)
        literals = ", ".join("'" + v.replace("'", "''") + "'" for v in self.values)
        return f"NOT ({sql} IN ({literals}))", params


# Every status that is not open, in Status order: the condition of the partial
# index foi_open_due. Status is always one of Status (choices, set by actions).
_NOT_OPEN = tuple(s for s in Status.values if s not in Application.OPEN_STATUSES)


def open_cases(agency_ids: Iterable[int] | None = None) -> QuerySet[Application]:
    """Cases not yet answered. Platform-wide, written as the condition of the
    partial index foi_open_due (open cases in deadline order); for given agencies,
    as open statuses, which foi_agency_status_due serves."""
    if agency_ids is None:
        return Application.objects.filter(_NotInLiterals("status", _NOT_OPEN))
    return Application.objects.filter(
        status__in=Application.OPEN_STATUSES, agency_id__in=list(agency_ids)
    )


def list_overdue(
    today: date, agency_ids: Iterable[int] | None = None
) -> QuerySet[Application]:
    """Open cases whose answer deadline has passed, oldest deadline first.
    Platform-wide, read in order (and counted) from the partial index
    foi_open_due; for given agencies, from foi_agency_status_due."""
    return (
        open_cases(agency_ids)
        .filter(due_date__lt=today)
        .select_related("agency", "assigned_to")
        .order_by("due_date", "pk")
    )


def list_due_soon(
    today: date, until: date, agency_ids: Iterable[int] | None = None
) -> QuerySet[Application]:
    """Open cases due between today and `until` (inclusive)."""
    return (
        open_cases(agency_ids)
        .filter(due_date__gte=today, due_date__lte=until)
        .select_related("agency", "assigned_to")
        .order_by("due_date", "pk")
    )


def list_by_status(status: str, agency_ids: Iterable[int]) -> QuerySet[Application]:
    return (
        Application.objects.filter(status=status, agency_id__in=list(agency_ids))
        .select_related("agency", "assigned_to")
        .order_by("due_date", "supplement_deadline", "pk")
    )


def list_unconfirmed(agency_ids: Iterable[int]) -> QuerySet[Application]:
    return (
        Application.objects.filter(
            status=Status.SUBMITTED, agency_id__in=list(agency_ids)
        )
        .select_related("agency")
        .order_by("submitted_at", "pk")
    )


@dataclass(frozen=True)
class AgencyStats:
    answered: int
    on_time: int
    late: int
    open: int
    overdue: int
    median_workdays: float | None  # receipt to reply, working days

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.answered if self.answered else None


def agency_stats(agency_id: int, year: int, today: date, workdays_fn) -> AgencyStats:  # type: ignore[no-untyped-def]
    """On-time rate and median working days for cases answered in `year`.

    `workdays_fn(start, end) -> int` counts working days in (start, end]; passed in
    so this stays a read function over the agency's calendar.
    """
    answered = disclosure_cases().filter(
        agency_id=agency_id,
        status__in=Application.ANSWERED_STATUSES,
        replied_date__year=year,
        received_date__isnull=False,
    )
    on_time = late = 0
    durations: list[int] = []
    for received, replied, due in answered.values_list(
        "received_date", "replied_date", "due_date"
    ):
        if due is None or replied <= due:
            on_time += 1
        else:
            late += 1
        durations.append(workdays_fn(received, replied))
    open_qs = open_cases([agency_id])
    return AgencyStats(
        answered=on_time + late,
        on_time=on_time,
        late=late,
        open=open_qs.count(),
        overdue=open_qs.filter(due_date__lt=today).count(),
        median_workdays=statistics.median(durations) if durations else None,
    )


@dataclass(frozen=True)
class RepeatGroup:
    """Several applicants asking one agency for the same information (第四十四条)."""

    agency_id: int
    info_key: str
    title: str
    applicants: int
    case_ids: tuple[int, ...]
    already_proposed: bool


def repeated_requests(
    agency_ids: Iterable[int], min_applicants: int = 2
) -> list[RepeatGroup]:
    """Groups of cases with the same normalised request from different applicants."""
    rows = (
        disclosure_cases()
        .filter(agency_id__in=list(agency_ids))
        .exclude(info_key="")
        .values_list(
            "pk",
            "agency_id",
            "info_key",
            "info_title",
            "applicant_key",
            "proposed_for_publication",
        )
        .order_by("pk")
    )
    groups: dict[tuple[int, str], list[tuple[int, str, str, bool]]] = defaultdict(list)
    for pk, agency_id, key, title, applicant, proposed in rows:
        groups[(agency_id, key)].append((pk, title, applicant, proposed))
    result = []
    for (agency_id, key), cases in groups.items():
        applicants = {c[2] for c in cases}
        if len(applicants) >= min_applicants:
            result.append(
                RepeatGroup(
                    agency_id=agency_id,
                    info_key=key,
                    title=cases[0][1],
                    applicants=len(applicants),
                    case_ids=tuple(c[0] for c in cases),
                    already_proposed=any(c[3] for c in cases),
                )
            )
    result.sort(key=lambda g: (-g.applicants, g.title))
    return result


def count_by_applicant_in_month(agency_id: int, applicant_key: str, day: date) -> int:
    """Applications by one applicant to one agency received in `day`'s calendar
    month up to `day` (国办函〔2020〕109号 counts per applicant per natural month)."""
    return (
        disclosure_cases()
        .filter(
            agency_id=agency_id,
            applicant_key=applicant_key,
            received_date__year=day.year,
            received_date__month=day.month,
            received_date__lte=day,
        )
        .count()
    )
