"""The answer deadline of an application for disclosure, as a pure function of its
event log.

The stored `due_date` of a case is only a cache of `compute(events, calendar)`;
recomputing from the same events and calendar always gives the same answer, so
a calendar change or a corrected event can be replayed safely.

Counting rules (《政府信息公开条例》, 国务院令第711号):

* 第三十三条第二款「行政机关不能当场答复的，应当自收到申请之日起20个工作日内予以答复；
  需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，延长的期限最长
  不得超过20个工作日。」 Day 1 is the first working day after receipt
  (《民法典》第二百零一条「开始的当日不计入」).
* 第三十三条第三款「行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内。」
  Consultation is a pause: the working days already used stay used.
* 第三十条「答复期限自行政机关收到补正的申请之日起计算。」 A supplement restarts the
  clock with a fresh 20 working days; while the agency waits for it no answer
  deadline runs.
* 国办函〔2020〕109号 (政府信息公开信息处理费管理办法): the time between the fee
  notice and payment is not counted either, so a fee notice is a pause too.
* 第三十五条: the agency may set a later, reasonable deadline (延迟答复的合理期限);
  it replaces the computed one and has no statutory cap.

A pause covers the working days after its first day up to and including its last
day: the day a consultation letter goes out is still counted, counting resumes the
day after the reply arrives. A pause that starts after the deadline has passed does
not move the deadline (a late consultation cannot cure lateness).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Protocol

from gongkai.domain import workdays as wd

# 条例第三十三条第二款: 自收到申请之日起20个工作日内予以答复
ANSWER_WORKDAYS = 20
# 条例第三十三条第二款: 延长的期限最长不得超过20个工作日
EXTENSION_MAX_WORKDAYS = 20
# 条例第三十条: 行政机关应当……自收到申请之日起7个工作日内一次性告知申请人作出补正
SUPPLEMENT_NOTICE_WORKDAYS = 7
# 条例第三十二条、第三十四条: 第三方/其他机关自收到征求意见书之日起15个工作日内提出意见
CONSULTATION_REPLY_WORKDAYS = 15
# 国办函〔2020〕109号: 申请人应当自收到收费通知之日起20个工作日内缴纳费用
FEE_PAYMENT_WORKDAYS = 20

# Fixed-date statutory holidays (《全国年节及纪念日放假办法》, 2024 revision:
# 元旦1月1日, 劳动节5月1日、2日, 国庆节10月1日、2日、3日). Used only for years whose
# State Council 调休 notice is not loaded yet; such results are flagged provisional.
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (5, 2), (10, 1), (10, 2), (10, 3))


class Calendar(Protocol):
    """The part of `gongkai.domain.workdays.WorkCalendar` the clock needs."""

    years: frozenset[int]  # years whose official notice has been loaded

    def is_workday(self, d: date) -> bool: ...


class EventKind(StrEnum):
    RECEIVED = "received"  # 收到申请 (第三十一条), starts the clock
    SUPPLEMENT_REQUESTED = "supplement_requested"  # 补正告知 (第三十条), stops it
    SUPPLEMENT_RECEIVED = "supplement_received"  # 收到补正, restarts it
    PAUSE_STARTED = "pause_started"  # 征求意见 / 收费通知 sent
    PAUSE_ENDED = "pause_ended"  # 意见收到或期满 / 缴费
    EXTENDED = "extended"  # 延期 (第三十三条第二款), `days` ≤ 20
    DEFERRED = "deferred"  # 延迟答复的合理期限 (第三十五条), `until`
    CLOSED = "closed"  # 答复/办结; the clock stops for good


@dataclass(frozen=True)
class Event:
    kind: EventKind
    on: date
    days: int | None = None  # EXTENDED
    until: date | None = None  # DEFERRED
    key: str = ""  # which pause a PAUSE_STARTED/PAUSE_ENDED belongs to


class ClockState(StrEnum):
    NOT_STARTED = "not_started"  # online submission not yet confirmed
    RUNNING = "running"
    AWAITING_SUPPLEMENT = "awaiting_supplement"
    PAUSED = "paused"
    STOPPED = "stopped"


class StepKind(StrEnum):
    START = "start"  # on: the start date, value: workdays granted
    RESTART = "restart"  # on: supplement received
    PAUSE = "pause"  # on..until, value: workdays not counted
    OPEN_PAUSE = "open_pause"  # on, value: workdays left when it began
    EXTENSION = "extension"  # on, value: extra workdays
    DEFERRAL = "deferral"  # until: the Art. 35 deadline
    LATE_PAUSE = "late_pause"  # a pause after the deadline, ignored
    SUPPLEMENT_WAIT = "supplement_wait"  # on: notice date
    DUE = "due"  # on: the due date


@dataclass(frozen=True)
class Step:
    kind: StepKind
    on: date | None = None
    until: date | None = None
    value: int | None = None


@dataclass(frozen=True)
class ClockResult:
    state: ClockState
    due_date: date | None
    provisional: bool  # a year without a loaded calendar was involved
    remaining_workdays: int | None = None  # while paused: days left
    steps: tuple[Step, ...] = field(default_factory=tuple)
    years: frozenset[int] = field(default_factory=frozenset)  # years consulted


class ClockError(ValueError):
    """An event that the statute does not allow at this point."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


class _Counter:
    """Working-day arithmetic that records provisional years instead of raising."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.provisional = False
        self.years: set[int] = set()

    def is_workday(self, d: date) -> bool:
        self.years.add(d.year)
        if d.year in self.calendar.years:
            return self.calendar.is_workday(d)
        self.provisional = True
        if isinstance(self.calendar, wd.WorkCalendar):
            # Statutory holidays incl. the lunar ones, and entries already recorded.
            return wd.is_workday_provisional(self.calendar, d)[0]
        return d.weekday() < 5 and (d.month, d.day) not in _FIXED_HOLIDAYS

    def add(self, start: date, n: int) -> date:
        """The n-th working day after `start` (start itself not counted)."""
        d = start
        counted = 0
        while counted < n:
            d += timedelta(days=1)
            if self.is_workday(d):
                counted += 1
        return d

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end]."""
        count = 0
        d = start
        while d < end:
            d += timedelta(days=1)
            if self.is_workday(d):
                count += 1
        return count


def add_workdays(calendar: Calendar, start: date, n: int) -> tuple[date, bool]:
    """The n-th working day after `start`, and whether it is provisional."""
    counter = _Counter(calendar)
    return counter.add(start, n), counter.provisional


def workdays_between(calendar: Calendar, start: date, end: date) -> tuple[int, bool]:
    """Working days in (start, end], and whether the count is provisional."""
    counter = _Counter(calendar)
    return counter.between(start, end), counter.provisional


def _sorted(events: Iterable[Event]) -> list[Event]:
    # A stable sort keeps the recorded order of events on the same day.
    return sorted(events, key=lambda e: e.on)


def compute(
    events: Sequence[Event] | Iterable[Event], calendar: Calendar
) -> ClockResult:
    """The answer deadline and how it was reached."""
    counter = _Counter(calendar)
    steps: list[Step] = []
    start: date | None = None
    budget = 0
    used = 0  # working days consumed before the current segment began
    segment_from: date | None = None  # counting runs from here (exclusive)
    open_pauses: dict[str, date] = {}
    pause_began: date | None = None  # start of the merged open pause
    awaiting_supplement = False
    deferred: date | None = None
    closed = False
    due_reached: date | None = None  # deadline fixed because it passed before a pause

    for ev in _sorted(events):
        if ev.kind is EventKind.RECEIVED:
            start = segment_from = ev.on
            budget, used = ANSWER_WORKDAYS, 0
            steps.append(Step(StepKind.START, on=ev.on, value=ANSWER_WORKDAYS))
        elif start is None:
            continue
        elif ev.kind is EventKind.SUPPLEMENT_REQUESTED:
            awaiting_supplement = True
            steps.append(Step(StepKind.SUPPLEMENT_WAIT, on=ev.on))
        elif ev.kind is EventKind.SUPPLEMENT_RECEIVED:
            # 第三十条: a fresh period from receipt of the supplement; pauses and
            # days used before it no longer matter.
            awaiting_supplement = False
            start = segment_from = ev.on
            budget, used, due_reached = ANSWER_WORKDAYS, 0, None
            open_pauses.clear()
            pause_began = None
            steps.append(Step(StepKind.RESTART, on=ev.on, value=ANSWER_WORKDAYS))
        elif ev.kind is EventKind.EXTENDED:
            budget += ev.days or 0
            steps.append(Step(StepKind.EXTENSION, on=ev.on, value=ev.days))
        elif ev.kind is EventKind.DEFERRED:
            deferred = ev.until
            steps.append(Step(StepKind.DEFERRAL, on=ev.on, until=ev.until))
        elif ev.kind is EventKind.PAUSE_STARTED:
            if not open_pauses and due_reached is None and segment_from is not None:
                used_now = used + counter.between(segment_from, ev.on)
                if used_now >= budget:
                    # The deadline passed before the pause: it stays where it was.
                    due_reached = counter.add(segment_from, budget - used)
                    steps.append(Step(StepKind.LATE_PAUSE, on=ev.on))
                else:
                    used = used_now
                    pause_began = ev.on
                    segment_from = None
            open_pauses[ev.key] = ev.on
        elif ev.kind is EventKind.PAUSE_ENDED:
            open_pauses.pop(ev.key, None)
            if not open_pauses and pause_began is not None:
                skipped = counter.between(pause_began, ev.on)
                steps.append(
                    Step(StepKind.PAUSE, on=pause_began, until=ev.on, value=skipped)
                )
                segment_from = ev.on
                pause_began = None
        elif ev.kind is EventKind.CLOSED:
            closed = True

    years = frozenset(counter.years)
    if start is None:
        return ClockResult(ClockState.NOT_STARTED, None, False, None, tuple(steps))
    if awaiting_supplement:
        state = ClockState.STOPPED if closed else ClockState.AWAITING_SUPPLEMENT
        return ClockResult(state, None, counter.provisional, None, tuple(steps), years)
    if deferred is not None:
        due: date | None = deferred
        remaining = None
        state = ClockState.RUNNING
    elif due_reached is not None:
        due, remaining, state = due_reached, None, ClockState.RUNNING
    elif segment_from is None:
        # Paused: no due date until the pause ends; keep what is left.
        due, remaining, state = None, budget - used, ClockState.PAUSED
        steps.append(Step(StepKind.OPEN_PAUSE, on=pause_began, value=remaining))
    else:
        due = counter.add(segment_from, budget - used)
        remaining, state = None, ClockState.RUNNING
    if closed:
        state = ClockState.STOPPED
    if due is not None:
        steps.append(Step(StepKind.DUE, on=due))
    return ClockResult(
        state,
        due,
        counter.provisional,
        remaining,
        tuple(steps),
        frozenset(counter.years),
    )


def supplement_notice_deadline(calendar: Calendar, received: date) -> tuple[date, bool]:
    """Last day for the single 补正 notice (第三十条: 7个工作日内一次性告知)."""
    return add_workdays(calendar, received, SUPPLEMENT_NOTICE_WORKDAYS)


def consultation_reply_due(calendar: Calendar, delivered: date) -> tuple[date, bool]:
    """Last day for the consulted party (第三十二条、第三十四条: 15个工作日)."""
    return add_workdays(calendar, delivered, CONSULTATION_REPLY_WORKDAYS)


def fee_payment_due(calendar: Calendar, notified: date) -> tuple[date, bool]:
    """Last day to pay the 信息处理费 (国办函〔2020〕109号: 20个工作日)."""
    return add_workdays(calendar, notified, FEE_PAYMENT_WORKDAYS)


def check_supplement_request(
    events: Sequence[Event], on: date, calendar: Calendar
) -> None:
    """Raise unless a 补正 notice is allowed on `on` (one notice, within 7 wd)."""
    received = [e for e in events if e.kind is EventKind.RECEIVED]
    if not received:
        raise ClockError("not_received", "申请尚未确认收到，不能发出补正告知。")
    if any(e.kind is EventKind.SUPPLEMENT_REQUESTED for e in events):
        raise ClockError("supplement_once", "补正告知只能一次性发出。")
    received_on = received[-1].on
    if on < received_on:
        raise ClockError("before_receipt", "补正告知日期早于收到申请之日。")
    limit, _ = supplement_notice_deadline(calendar, received_on)
    if on > limit:
        raise ClockError(
            "supplement_late", "已超过收到申请之日起7个工作日的补正告知期限。"
        )


def check_extension(
    events: Sequence[Event], days: int, on: date, calendar: Calendar
) -> None:
    """Raise unless an extension of `days` may be granted on `on`."""
    if not 1 <= days <= EXTENSION_MAX_WORKDAYS:
        raise ClockError("extension_days", "延长期限应为1至20个工作日。")
    current = compute(events, calendar)
    if current.state is ClockState.NOT_STARTED:
        raise ClockError("not_received", "申请尚未确认收到。")
    if any(e.kind is EventKind.EXTENDED for e in _after_last_start(events)):
        raise ClockError("extension_once", "答复期限只能延长一次。")
    if current.due_date is not None and on > current.due_date:
        raise ClockError("extension_late", "答复期限已届满，不能再延长。")


def _after_last_start(events: Sequence[Event]) -> list[Event]:
    ordered = _sorted(events)
    starts = [
        i
        for i, e in enumerate(ordered)
        if e.kind in (EventKind.RECEIVED, EventKind.SUPPLEMENT_RECEIVED)
    ]
    return ordered[starts[-1] :] if starts else []
