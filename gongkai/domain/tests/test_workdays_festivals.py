"""The built-in festival table agrees with the libraries it was generated from."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest
from lunardate import LunarDate

from gongkai.domain.workdays import Festival, lunar_festivals, statutory_holidays

TABLE_YEARS = range(2004, 2100)


@pytest.mark.parametrize("year", TABLE_YEARS)
def test_lunar_festivals_match_lunardate_and_the_solar_terms(year):
    row = lunar_festivals(year)
    assert row is not None
    assert row.spring_festival == LunarDate(year, 1, 1).to_solar_date()
    assert row.dragon_boat == LunarDate(year, 5, 5).to_solar_date()
    assert row.mid_autumn == LunarDate(year, 8, 15).to_solar_date()
    terms = chinese_calendar.get_solar_terms(date(year, 4, 1), date(year, 4, 30))
    assert row.qingming == next(d for d, name in terms if name == "清明")


def test_years_outside_the_table_have_no_lunar_festivals():
    assert lunar_festivals(2003) is None
    assert lunar_festivals(2100) is None


@pytest.mark.parametrize("year", range(2004, 2027))
def test_official_schedules_gave_every_festival_day_off(year):
    """Each statutory day (2024 rule minus the two new days) was off in practice."""
    row = lunar_festivals(year)
    assert row is not None
    holidays = chinese_calendar.constants.holidays
    # 除夕 (added in 2025) and 5月2日 were not statutory before the 2024 revision.
    expected = {row.spring_festival, row.qingming, date(year, 1, 1), date(year, 5, 1)}
    expected |= {row.spring_festival + timedelta(days=1), date(year, 10, 1)}
    if year >= 2008:  # 清明、端午、中秋 became holidays in 2008
        expected |= {row.dragon_boat, row.mid_autumn}
    else:
        expected.discard(row.qingming)
    off = {d for d in expected if not chinese_calendar.is_workday(d)}
    assert off == expected, sorted(expected - off)
    assert row.spring_festival in holidays


def test_statutory_holidays_2026_follow_the_2024_revision():
    days = statutory_holidays(2026)
    # 春节 2026: 除夕 2/16 (Mon), 初一–初三 2/17–2/19; all Monday–Thursday.
    for d in (
        date(2026, 2, 16),
        date(2026, 2, 17),
        date(2026, 2, 18),
        date(2026, 2, 19),
    ):
        assert days[d] is Festival.SPRING_FESTIVAL
    assert days[date(2026, 5, 2)] is Festival.LABOUR_DAY
    # 5/2 2026 is a Saturday: 补假 on Monday 5/4 (第六条).
    assert days[date(2026, 5, 4)] is Festival.IN_LIEU
    assert days[date(2026, 4, 5)] is Festival.QINGMING  # a Sunday
    assert days[date(2026, 4, 6)] is Festival.IN_LIEU
