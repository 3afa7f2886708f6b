from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import time_machine

from gongkai.lib.dates import local_date, local_now, local_today


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        # 23:30 Beijing time on 30 April is still 30 April.
        (datetime(2025, 4, 30, 15, 30, tzinfo=UTC), date(2025, 4, 30)),
        # 00:30 Beijing time on 1 May is 1 May although UTC still says 30 April.
        (datetime(2025, 4, 30, 16, 30, tzinfo=UTC), date(2025, 5, 1)),
        (datetime(2025, 4, 30, 23, 59, tzinfo=UTC), date(2025, 5, 1)),
        # Another offset converts through UTC to Beijing.
        (
            datetime(2025, 12, 31, 12, 0, tzinfo=timezone(timedelta(hours=-5))),
            date(2026, 1, 1),
        ),
    ],
)
def test_local_date_is_the_beijing_calendar_date(moment, expected):
    assert local_date(moment) == expected


def test_local_date_refuses_a_naive_datetime():
    with pytest.raises(ValueError, match="aware"):
        local_date(datetime(2025, 4, 30, 23, 30))


def test_local_today_follows_beijing_midnight_not_utc():
    with time_machine.travel(datetime(2025, 4, 30, 15, 30, tzinfo=UTC), tick=False):
        assert local_today() == date(2025, 4, 30)
        assert local_now().hour == 23
    with time_machine.travel(datetime(2025, 4, 30, 16, 0, tzinfo=UTC), tick=False):
        assert local_today() == date(2025, 5, 1)


def test_local_today_ignores_the_configured_time_zone(settings):
    settings.TIME_ZONE = "UTC"
    with time_machine.travel(datetime(2025, 4, 30, 17, 0, tzinfo=UTC), tick=False):
        assert local_today() == date(2025, 5, 1)
