"""Read functions for 依申请公开: work queues, statistics and the annual-report rows."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet

from gongkai.domain.foi_codes import ApplicantType, CaseRow, RemedyRow, ResultCode
from gongkai.foi.models import Application, Remedy

Status = Application.Status


def disclosure_cases() -> QuerySet[Application]:
    """Applications for disclosure that count: confirmed, not Art. 41 corrections."""
    return Application.objects.filter(kind=Application.Kind.DISCLOSURE).exclude(
        status=Status.SUBMITTED
    )


def report_rows(agency_id: int, year: int) -> list[CaseRow]:
    """Every application of the agency received in or before `year` and not
    closed before it: this year's new cases, last year's carry-overs, and the
    cases carried into next year (国办公开办函〔2021〕30号, table 三).

    `replied_date` is the date of the final reply or closure, even when it falls
    after `year` (then the case is carried over into the next year)."""
    first_day = date(year, 1, 1)
    last_day = date(year, 12, 31)
    qs = (
        disclosure_cases()
        .filter(agency_id=agency_id, received_date__lte=last_day)
        .filter(Q(replied_date__isnull=True) | Q(replied_date__gte=first_day))
        .values_list("pk", "applicant_type", "received_date", "replied_date", "result")
        .order_by("received_date", "pk")
    )
    return [
        CaseRow(
            case_id=pk,
            applicant_type=ApplicantType(applicant_type),
            received_date=received,
            replied_date=replied,
            result=ResultCode(result) if result else None,
        )
        for pk, applicant_type, received, replied, result in qs
    ]


def review_rows(agency_id: int, year: int) -> list[RemedyRow]:
    """行政复议 and 行政诉讼 about the agency's decisions filed in `year`, plus
    earlier ones still pending at the start of it or decided during it."""
    first_day = date(year, 1, 1)
    last_day = date(year, 12, 31)
    qs = (
        Remedy.objects.filter(
            application__agency_id=agency_id, filed_date__lte=last_day
        )
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


def open_cases(agency_ids: Iterable[int] | None = None) -> QuerySet[Application]:
    qs = Application.objects.filter(status__in=Application.OPEN_STATUSES)
    if agency_ids is not None:
        qs = qs.filter(agency_id__in=list(agency_ids))
    return qs


def list_overdue(
    today: date, agency_ids: Iterable[int] | None = None
) -> QuerySet[Application]:
    """Open cases whose answer deadline has passed; uses the (status, due_date) index."""
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
