"""Working-day arithmetic on the official 2004–2026 schedules (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.domain.workdays import (
    DayKind,
    Entry,
    UnknownCalendarYear,
    WorkCalendar,
    add_workdays,
    add_workdays_provisional,
    build_calendar,
    day_kind_provisional,
    is_workday_provisional,
    month_grid,
    normalize_region_code,
    workdays_between,
    workdays_between_provisional,
)

D = date
LIBRARY_YEARS = frozenset(range(2004, 2027))


def official(years=LIBRARY_YEARS) -> WorkCalendar:
    return WorkCalendar(
        holidays=frozenset(
            d for d in chinese_calendar.constants.holidays if d.year in years
        ),
        extra_workdays=frozenset(
            d for d in chinese_calendar.constants.workdays if d.year in years
        ),
        years=frozenset(years),
    )


CAL = official()


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2025, 9, 28), True),  # Sunday 调休上班 before National Day
        (D(2025, 10, 11), True),  # Saturday 调休上班 after it
        (D(2025, 1, 26), True),  # Sunday before the Spring Festival
        (D(2025, 2, 8), True),  # Saturday after it
        (D(2025, 1, 27), True),  # plain Monday before 除夕
        (D(2025, 1, 28), False),  # 除夕, a holiday since the 2024 revision
        (D(2025, 2, 4), False),  # 正月初七, last day off
        (D(2025, 2, 5), True),
        (D(2026, 2, 14), True),  # Saturday 调休上班
        (D(2026, 2, 15), False),  # 腊月二十八, first day off in 2026
        (D(2026, 2, 23), False),  # 正月初七, Monday off
        (D(2026, 2, 24), True),
        (D(2026, 2, 28), True),  # Saturday 调休上班
        (D(2026, 1, 4), True),  # Sunday after 元旦 2026
        (D(2025, 10, 4), False),  # Saturday inside the holiday
        (D(2025, 10, 12), False),  # an ordinary Sunday
        (D(2025, 10, 13), True),
    ],
)
def test_is_workday_follows_the_published_schedule(day, workday):
    assert CAL.is_workday(day) is workday


@pytest.mark.parametrize("day", [D(2025, 10, 1) + timedelta(days=i) for i in range(8)])
def test_national_day_2025_is_off_from_1_to_8_october(day):
    assert CAL.day_kind(day) is DayKind.HOLIDAY


@pytest.mark.parametrize(
    ("start", "n", "due"),
    [
        # Tue 30 Sep: crosses 国庆 10/1–10/8 and counts Saturday 10/11.
        (D(2025, 9, 30), 20, D(2025, 11, 4)),
        # Received on a holiday Saturday: counting starts the next day all the same.
        (D(2025, 10, 4), 20, D(2025, 11, 4)),
        (D(2025, 9, 26), 1, D(2025, 9, 28)),  # Friday → the make-up Sunday
        (D(2025, 1, 24), 2, D(2025, 1, 27)),  # Fri → Sun 1/26 → Mon 1/27
        (D(2025, 1, 27), 1, D(2025, 2, 5)),  # the whole Spring Festival skipped
        (D(2025, 12, 31), 2, D(2026, 1, 5)),  # 元旦 off, Sunday 1/4 调休上班
        (D(2025, 3, 3), 0, D(2025, 3, 3)),
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 12, 1), 20, D(2026, 12, 29)),
    ],
)
def test_add_workdays_counts_from_the_next_day(start, n, due):
    assert add_workdays(CAL, start, n) == due
    assert workdays_between(CAL, start, due) == n


def test_add_workdays_counts_the_make_up_sunday_after_new_year_2026():
    # 1月4日（周日）上班, so the first working day after 31 Dec 2025 is 4 Jan.
    assert add_workdays(CAL, D(2025, 12, 31), 1) == D(2026, 1, 4)


def test_add_workdays_refuses_a_negative_count():
    with pytest.raises(ValueError):
        add_workdays(CAL, D(2025, 1, 1), -1)
    with pytest.raises(ValueError):
        add_workdays_provisional(CAL, D(2025, 1, 1), -1)


@pytest.mark.parametrize(
    ("a", "b", "count"),
    [
        (D(2025, 9, 30), D(2025, 9, 30), 0),
        (D(2025, 9, 30), D(2025, 10, 8), 0),  # only holidays after a
        (D(2025, 9, 30), D(2025, 10, 9), 1),  # b is included
        (D(2025, 9, 29), D(2025, 9, 30), 1),
        (D(2025, 10, 9), D(2025, 9, 30), -1),  # reversed: negated (b, a]
    ],
)
def test_workdays_between_excludes_a_and_includes_b(a, b, count):
    assert workdays_between(CAL, a, b) == count


def test_is_workday_raises_for_an_unloaded_year():
    with pytest.raises(UnknownCalendarYear) as caught:
        CAL.is_workday(D(2027, 1, 4))
    assert caught.value.year == 2027


def test_add_workdays_raises_when_it_would_cross_into_an_unloaded_year():
    with pytest.raises(UnknownCalendarYear):
        add_workdays(CAL, D(2026, 12, 15), 20)


def test_a_december_2026_deadline_into_2027_is_provisional():
    due, provisional = add_workdays_provisional(CAL, D(2026, 12, 15), 20)
    assert provisional is True
    # 16–31 Dec 2026: 12 workdays; 2027 provisional: 1 Jan (元旦, Fri) off, then
    # Mon 4 Jan … Fri 15 Jan gives the other 8.
    assert due == D(2027, 1, 13)
    count, provisional = workdays_between_provisional(CAL, D(2026, 12, 15), due)
    assert (count, provisional) == (20, True)


def test_a_deadline_inside_loaded_years_is_not_provisional():
    assert add_workdays_provisional(CAL, D(2025, 9, 30), 20) == (D(2025, 11, 4), False)
    assert workdays_between_provisional(CAL, D(2025, 9, 30), D(2025, 11, 4)) == (
        20,
        False,
    )


@pytest.mark.parametrize(
    ("day", "workday"),
    [
        (D(2027, 1, 1), False),  # 元旦
        (D(2027, 2, 5), False),  # 除夕 (2024 revision)
        (D(2027, 2, 6), False),  # 正月初一 (Saturday)
        (D(2027, 2, 8), False),  # 正月初三
        (D(2027, 2, 9), False),  # 补假 for 初一 on Saturday (第六条)
        (D(2027, 2, 10), False),  # 补假 for 初二 on Sunday
        (D(2027, 2, 11), True),
        (D(2027, 4, 5), False),  # 清明
        (D(2027, 5, 3), False),  # 劳动节 5/1–5/2 fall on a weekend: 补假
        (D(2027, 5, 4), False),
        (D(2027, 5, 5), True),
        (D(2027, 6, 9), False),  # 端午
        (D(2027, 9, 15), False),  # 中秋
        (D(2027, 10, 1), False),
        (D(2027, 10, 3), False),  # Sunday
        (D(2027, 10, 4), False),  # 补假 for 10/2 (Saturday)
        (D(2027, 10, 5), False),  # 补假 for 10/3 (Sunday)
        (D(2027, 10, 6), True),
        (D(2027, 3, 1), True),
    ],
)
def test_provisional_rule_uses_the_2024_statutory_holidays(day, workday):
    assert is_workday_provisional(CAL, day) == (workday, True)


def test_labour_day_2027_on_a_weekend_gives_two_in_lieu_days():
    # 5/1 is a Saturday and 5/2 a Sunday: Mon 5/3 and Tue 5/4 are 补假.
    assert is_workday_provisional(CAL, D(2027, 5, 3)) == (False, True)
    assert is_workday_provisional(CAL, D(2027, 5, 4)) == (False, True)
    assert is_workday_provisional(CAL, D(2027, 5, 5)) == (True, True)


def test_recorded_entries_apply_in_an_unloaded_year():
    cal = WorkCalendar(closures=frozenset({D(2027, 3, 1)}), years=LIBRARY_YEARS)
    assert day_kind_provisional(cal, D(2027, 3, 1)) == (DayKind.CLOSURE, True)


def test_provisional_rule_keeps_weekends_outside_the_festival_table():
    cal = WorkCalendar()
    assert is_workday_provisional(cal, D(2150, 1, 1)) == (False, True)
    assert is_workday_provisional(cal, D(2150, 1, 2)) == (True, True)  # Friday
    assert is_workday_provisional(cal, D(2150, 1, 3)) == (False, True)  # Saturday


def test_closure_wins_over_a_make_up_workday_and_a_holiday():
    day = D(2025, 9, 28)
    cal = WorkCalendar(
        holidays=frozenset({day}),
        extra_workdays=frozenset({day}),
        closures=frozenset({day}),
        years=frozenset({2025}),
    )
    assert cal.day_kind(day) is DayKind.CLOSURE


NATIONAL = [
    Entry(D(2025, 10, 1), DayKind.HOLIDAY, name="国庆节"),
    Entry(D(2025, 9, 28), DayKind.MAKEUP_WORKDAY, name="国庆节"),
]


@pytest.mark.parametrize(
    ("region", "expected_kind"),
    [
        ("540102", DayKind.HOLIDAY),  # 拉萨市城关区: the Tibet entry applies
        ("540000", DayKind.HOLIDAY),
        ("650102", DayKind.WORKDAY),  # Xinjiang: not this region
        ("", DayKind.WORKDAY),  # an agency without a region code
    ],
)
def test_regional_entries_apply_by_region_code_prefix(region, expected_kind):
    tibet = Entry(D(2025, 3, 3), DayKind.HOLIDAY, region_code="54", name="藏历新年")
    cal = build_calendar([*NATIONAL, tibet], [2025], agency_region=region)
    assert cal.day_kind(D(2025, 3, 3)) is expected_kind


def test_the_most_specific_layer_wins():
    day = D(2025, 9, 28)
    entries = [
        *NATIONAL,
        Entry(day, DayKind.HOLIDAY, region_code="54"),
        Entry(day, DayKind.MAKEUP_WORKDAY, region_code="5401"),
    ]
    assert build_calendar(entries, [2025], "540102").day_kind(day) is (
        DayKind.MAKEUP_WORKDAY
    )
    closed = [*entries, Entry(day, DayKind.CLOSURE, agency=True)]
    assert build_calendar(closed, [2025], "540102").day_kind(day) is DayKind.CLOSURE
    # The order of the entries does not matter.
    assert build_calendar(list(reversed(closed)), [2025], "540102").day_kind(day) is (
        DayKind.CLOSURE
    )


@pytest.mark.parametrize(
    ("raw", "prefix"),
    [("540000", "54"), ("652300", "6523"), ("110101", "110101"), ("54", "54")],
)
def test_region_codes_become_prefixes(raw, prefix):
    assert normalize_region_code(raw) == prefix


@pytest.mark.parametrize("raw", ["", "5", "54a", "５４", "1234567890123456"])
def test_bad_region_codes_are_refused(raw):
    with pytest.raises(ValueError):
        normalize_region_code(raw)


def test_month_grid_starts_on_monday_and_marks_kinds():
    grid = month_grid(CAL, 2025, 10)
    first_week = grid.weeks[0]
    assert [cell[0] for cell in first_week[:2]] == [None, None]  # 1 Oct is Wednesday
    assert first_week[2] == (D(2025, 10, 1), DayKind.HOLIDAY, False)
    days = [cell for week in grid.weeks for cell in week if cell[0]]
    assert len(days) == 31
    assert (D(2025, 10, 11), DayKind.MAKEUP_WORKDAY, False) in days
    assert all(len(week) == 7 for week in grid.weeks)


def test_month_grid_of_an_unloaded_year_is_provisional():
    grid = month_grid(CAL, 2027, 2)
    cells = [cell for week in grid.weeks for cell in week if cell[0]]
    assert all(provisional for _, _, provisional in cells)


LOADED_DAYS = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30))


@settings(max_examples=300, deadline=None)
@given(start=LOADED_DAYS, n=st.integers(min_value=0, max_value=100))
def test_workdays_between_inverts_add_workdays(start, n):
    due = add_workdays(CAL, start, n)
    assert workdays_between(CAL, start, due) == n
    assert due == start or CAL.is_workday(due)


@settings(max_examples=300, deadline=None)
@given(
    start=st.dates(min_value=D(2020, 1, 1), max_value=D(2098, 6, 30)),
    n=st.integers(min_value=0, max_value=60),
)
def test_provisional_functions_invert_each_other_in_any_year(start, n):
    due, provisional = add_workdays_provisional(CAL, start, n)
    count, provisional_again = workdays_between_provisional(CAL, start, due)
    assert count == n
    assert provisional == provisional_again


def test_is_workday_matches_the_library_on_every_day_2004_to_2026():
    day = D(2004, 1, 1)
    mismatches = []
    while day <= D(2026, 12, 31):
        if CAL.is_workday(day) != chinese_calendar.is_workday(day):
            mismatches.append(day)
        day += timedelta(days=1)
    assert mismatches == []
