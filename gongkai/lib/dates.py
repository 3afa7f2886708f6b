"""Dates as the law counts them: in Beijing time (Asia/Shanghai), whatever the server.

A deadline counts calendar days in China, so a moment must be turned into a local date
once, at the edge, before any domain function sees it. An application confirmed at
23:30 on 30 April Beijing time (15:30 UTC) is received on 30 April, not on the UTC
date and not on the next day.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

# Fixed rather than settings.TIME_ZONE: the legal day does not move with the server.
CHINA_TZ = ZoneInfo("Asia/Shanghai")


def local_date(moment: datetime) -> date:
    """The Beijing-time calendar date of an aware datetime; naive ones are refused."""
    if timezone.is_naive(moment):
        raise ValueError("local_date needs an aware datetime, got a naive one")
    return moment.astimezone(CHINA_TZ).date()


def local_now() -> datetime:
    return timezone.now().astimezone(CHINA_TZ)


def local_today() -> date:
    """Today's date in Beijing time."""
    return local_date(timezone.now())
