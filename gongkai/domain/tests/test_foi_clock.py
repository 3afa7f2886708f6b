"""The answer deadline as a pure function of the event log (条例第三十、三十三条)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import chinese_calendar
import pytest

from gongkai.domain import foi_clock as clock
from gongkai.domain.foi_clock import ClockError, ClockState, Event, EventKind, StepKind


@dataclass(frozen=True)
class Cal:
    """The official 2024–2026 调休 schedules, as the calendar app loads them."""

    holidays: frozenset[date]
    extra_workdays: frozenset[date]
    years: frozenset[int]

    def is_workday(self, d: date) -> bool:
        assert d.year in self.years, "the clock must not ask about unloaded years"
        return d in self.extra_workdays or (d.weekday() < 5 and d not in self.holidays)


def official(*years: int) -> Cal:
    ys = frozenset(years)
    return Cal(
        frozenset(d for d in chinese_calendar.constants.holidays if d.year in ys),
        frozenset(d for d in chinese_calendar.constants.workdays if d.year in ys),
        ys,
    )


CAL = official(2024, 2025, 2026)
D = date


def received(on: date) -> Event:
    return Event(EventKind.RECEIVED, on)


@pytest.mark.parametrize(
    ("receipt", "due"),
    [
        # 国庆 10/1–10/8 off, make-up Saturday 10/11 counted (trap 3 and 4).
        (D(2025, 9, 30), D(2025, 11, 4)),
        # Received on a holiday: day 1 is still the next working day.
        (D(2025, 10, 4), D(2025, 11, 4)),
        # Spring Festival 2025: Sunday 1/26 and Saturday 2/8 are working days.
        (D(2025, 1, 24), D(2025, 2, 27)),
        # Spring Festival 2026: Saturday 2/14 and 2/28 are working days.
        (D(2026, 2, 13), D(2026, 3, 19)),
        # An ordinary Monday: four weeks later, minus nothing.
        (D(2025, 3, 3), D(2025, 3, 31)),
        # Received on Friday: Saturday is not day 1.
        (D(2025, 3, 7), D(2025, 4, 7)),  # 清明 4/4 off
        # December 2025 into January 2026 with the 2026 calendar loaded: 1/4 counts.
        (D(2025, 12, 15), D(2026, 1, 13)),
    ],
)
def test_twenty_workdays_from_the_day_after_receipt(receipt, due):
    result = clock.compute([received(receipt)], CAL)
    assert result.due_date == due
    assert result.state is ClockState.RUNNING
    assert result.provisional is False


@pytest.mark.parametrize(
    "receipt", [D(2025, 9, 30), D(2025, 1, 24), D(2026, 2, 13), D(2024, 4, 30)]
)
def test_due_date_agrees_with_chinese_calendar_for_workday_receipts(receipt):
    # find_workday(20, d) counts "20 working days after d" only when d is a workday.
    assert chinese_calendar.is_workday(receipt)
    expected = chinese_calendar.find_workday(20, receipt)
    assert clock.compute([received(receipt)], CAL).due_date == expected


def test_december_application_crossing_into_an_unloaded_year_is_provisional():
    cal = official(2024, 2025)
    result = clock.compute([received(D(2025, 12, 15))], cal)
    # 1/1 is skipped by the fixed-date rule; 1/2 (Friday) counts provisionally.
    assert result.due_date == D(2026, 1, 13)
    assert result.provisional is True
    assert 2026 in result.years


def test_unloaded_year_far_in_the_future_does_not_raise():
    due, provisional = clock.add_workdays(official(2025), D(2025, 12, 30), 20)
    assert provisional is True
    assert due.year == 2026


def test_supplement_stops_the_clock_and_receipt_restarts_it_with_twenty_days():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.SUPPLEMENT_REQUESTED, D(2025, 3, 5)),
    ]
    waiting = clock.compute(events, CAL)
    assert waiting.state is ClockState.AWAITING_SUPPLEMENT
    assert waiting.due_date is None
    events.append(Event(EventKind.SUPPLEMENT_RECEIVED, D(2025, 3, 20)))
    restarted = clock.compute(events, CAL)
    assert restarted.due_date == D(2025, 4, 18)  # 20 wd from 3/20, 清明 4/4 off
    assert restarted.steps[-2].kind is StepKind.RESTART


def test_consultation_pause_keeps_the_days_already_used():
    events = [
        received(D(2025, 3, 3)),  # due 3/31 without pause
        Event(EventKind.PAUSE_STARTED, D(2025, 3, 10), key="c1"),  # 5 wd used
        Event(EventKind.PAUSE_ENDED, D(2025, 3, 24), key="c1"),  # 10 wd skipped
    ]
    result = clock.compute(events, CAL)
    assert result.due_date == D(2025, 4, 15)  # 15 wd after 3/24, 清明 4/4 off
    pause = next(s for s in result.steps if s.kind is StepKind.PAUSE)
    assert (pause.on, pause.until, pause.value) == (D(2025, 3, 10), D(2025, 3, 24), 10)


def test_open_pause_has_no_due_date_but_keeps_remaining_days():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.PAUSE_STARTED, D(2025, 3, 10), key="c1"),
    ]
    result = clock.compute(events, CAL)
    assert result.state is ClockState.PAUSED
    assert result.due_date is None
    assert result.remaining_workdays == 15


def test_overlapping_consultations_pause_once():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.PAUSE_STARTED, D(2025, 3, 10), key="third-party"),
        Event(EventKind.PAUSE_STARTED, D(2025, 3, 12), key="agency"),
        Event(EventKind.PAUSE_ENDED, D(2025, 3, 17), key="third-party"),
        Event(EventKind.PAUSE_ENDED, D(2025, 3, 24), key="agency"),
    ]
    assert clock.compute(events, CAL).due_date == D(2025, 4, 15)


def test_supplement_and_pause_combined_count_from_the_restart():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.SUPPLEMENT_REQUESTED, D(2025, 3, 5)),
        Event(EventKind.SUPPLEMENT_RECEIVED, D(2025, 3, 20)),
        Event(EventKind.PAUSE_STARTED, D(2025, 3, 27), key="c1"),  # 5 wd used
        Event(EventKind.PAUSE_ENDED, D(2025, 4, 3), key="c1"),
    ]
    # 15 wd left after 4/3: 4/7–4/11, 4/14–18, 4/21–25 (清明 4/4 off).
    assert clock.compute(events, CAL).due_date == D(2025, 4, 25)


def test_extension_after_a_pause_adds_working_days_to_the_remaining_budget():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.PAUSE_STARTED, D(2025, 3, 10), key="c1"),
        Event(EventKind.PAUSE_ENDED, D(2025, 3, 24), key="c1"),
        Event(EventKind.EXTENDED, D(2025, 4, 10), days=20),
    ]
    result = clock.compute(events, CAL)
    assert result.due_date == D(
        2025, 5, 15
    )  # 4/15 + 20 wd; 劳动节 5/1–5/5 off, 4/27 on
    assert [s.kind for s in result.steps] == [
        StepKind.START,
        StepKind.PAUSE,
        StepKind.EXTENSION,
        StepKind.DUE,
    ]


def test_pause_after_the_deadline_does_not_move_it():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.PAUSE_STARTED, D(2025, 4, 7), key="c1"),
        Event(EventKind.PAUSE_ENDED, D(2025, 4, 20), key="c1"),
    ]
    result = clock.compute(events, CAL)
    assert result.due_date == D(2025, 3, 31)
    assert any(s.kind is StepKind.LATE_PAUSE for s in result.steps)


def test_article_35_deferral_replaces_the_computed_deadline():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.DEFERRED, D(2025, 3, 20), until=D(2025, 6, 30)),
    ]
    assert clock.compute(events, CAL).due_date == D(2025, 6, 30)


def test_nothing_runs_before_receipt():
    result = clock.compute([], CAL)
    assert result.state is ClockState.NOT_STARTED
    assert result.due_date is None


def test_closing_stops_the_clock_and_keeps_the_due_date():
    events = [received(D(2025, 3, 3)), Event(EventKind.CLOSED, D(2025, 3, 14))]
    result = clock.compute(events, CAL)
    assert result.state is ClockState.STOPPED
    assert result.due_date == D(2025, 3, 31)


def test_events_are_ordered_by_date_whatever_the_input_order():
    events = [
        Event(EventKind.PAUSE_ENDED, D(2025, 3, 24), key="c1"),
        received(D(2025, 3, 3)),
        Event(EventKind.PAUSE_STARTED, D(2025, 3, 10), key="c1"),
    ]
    assert clock.compute(events, CAL).due_date == D(2025, 4, 15)


@pytest.mark.parametrize(
    ("on", "code"),
    [
        (D(2025, 3, 12), None),  # the 7th working day after 3/3
        (D(2025, 3, 13), "supplement_late"),
        (D(2025, 3, 1), "before_receipt"),
    ],
)
def test_supplement_notice_within_seven_workdays_of_receipt(on, code):
    events = [received(D(2025, 3, 3))]
    if code is None:
        clock.check_supplement_request(events, on, CAL)
    else:
        with pytest.raises(ClockError) as exc:
            clock.check_supplement_request(events, on, CAL)
        assert exc.value.code == code


def test_only_one_supplement_notice():
    events = [
        received(D(2025, 3, 3)),
        Event(EventKind.SUPPLEMENT_REQUESTED, D(2025, 3, 4)),
    ]
    with pytest.raises(ClockError) as exc:
        clock.check_supplement_request(events, D(2025, 3, 5), CAL)
    assert exc.value.code == "supplement_once"


@pytest.mark.parametrize(
    ("days", "code"), [(0, "extension_days"), (21, "extension_days")]
)
def test_extension_is_between_one_and_twenty_workdays(days, code):
    with pytest.raises(ClockError) as exc:
        clock.check_extension([received(D(2025, 3, 3))], days, D(2025, 3, 20), CAL)
    assert exc.value.code == code


def test_extension_only_once_and_before_the_deadline():
    events = [received(D(2025, 3, 3))]
    clock.check_extension(events, 20, D(2025, 3, 31), CAL)
    with pytest.raises(ClockError) as late:
        clock.check_extension(events, 20, D(2025, 4, 1), CAL)
    assert late.value.code == "extension_late"
    events.append(Event(EventKind.EXTENDED, D(2025, 3, 20), days=10))
    with pytest.raises(ClockError) as twice:
        clock.check_extension(events, 5, D(2025, 3, 21), CAL)
    assert twice.value.code == "extension_once"


def test_consultation_and_fee_periods():
    assert clock.consultation_reply_due(CAL, D(2025, 3, 3)) == (D(2025, 3, 24), False)
    assert clock.fee_payment_due(CAL, D(2025, 3, 3)) == (D(2025, 3, 31), False)
    assert clock.supplement_notice_deadline(CAL, D(2025, 9, 30)) == (
        D(2025, 10, 16),
        False,
    )
