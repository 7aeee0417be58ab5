"""The suite's clock: every test runs at one frozen instant of the base's clock.

``conftest.py`` travels there before each test (time-machine, which also moves the C-level
clock); the instant is ``HENGDIAN_TEST_NOW`` (ISO 8601 with an offset) when set, so CI can run the
whole suite at 00:10, 03:30 and 23:50 on the base's clock, and ``DEFAULT_NOW`` otherwise. Tests
build their dates from it through the helpers here, never from the real clock.
"""

from __future__ import annotations

import datetime as dt
import os
from zoneinfo import ZoneInfo

from django.utils import timezone

BASE_TZ = ZoneInfo("Asia/Shanghai")
# A Thursday morning in the week the factories' crews stay on the base (2026-12-01..07).
DEFAULT_NOW = dt.datetime(2026, 12, 3, 10, 0, tzinfo=BASE_TZ)


def frozen_instant() -> dt.datetime:
    """The instant the suite runs at: ``HENGDIAN_TEST_NOW`` if set, else ``DEFAULT_NOW``."""
    raw = os.environ.get("HENGDIAN_TEST_NOW", "").strip()
    if not raw:
        return DEFAULT_NOW
    instant = dt.datetime.fromisoformat(raw)
    if instant.tzinfo is None:
        raise ValueError(f"HENGDIAN_TEST_NOW={raw!r} needs an offset, e.g. 2026-12-31T23:50+08:00")
    return instant


def base_now() -> dt.datetime:
    """Now on the base's clock (the frozen instant, plus the seconds the test has run)."""
    return timezone.now().astimezone(BASE_TZ)


def base_today() -> dt.date:
    """Today's date on the base's clock."""
    return base_now().date()


def base_at(days_ahead: int, hhmm: str) -> dt.datetime:
    """An aware datetime at ``hhmm`` on the base's clock, ``days_ahead`` days after today.

    ``hhmm`` counts from that date's midnight as call sheets do: "26:00" is 02:00 the next day.
    """
    hours, minutes = (int(part) for part in hhmm.split(":"))
    day = base_today() + dt.timedelta(days=days_ahead)
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=BASE_TZ)
    return (midnight + dt.timedelta(hours=hours, minutes=minutes)).astimezone(BASE_TZ)


def working_start(
    after: dt.datetime, *, minutes: int, before_midnight: bool = False
) -> dt.datetime:
    """The first start at or after ``after`` where ``minutes`` of work fit in one of the base's
    working days (``PLANNING_DAY_START`` to ``PLANNING_DAY_END`` of a date; it may pass midnight).
    ``before_midnight``: only the part of each day before its midnight, so the work's calendar
    date is its shooting day (for tests about something other than nights).
    """
    from django.conf import settings

    def clock(day: dt.date, hhmm: str) -> dt.datetime:
        hours, mins = (int(part) for part in hhmm.split(":"))
        midnight = dt.datetime.combine(day, dt.time(0), tzinfo=BASE_TZ)
        return (midnight + dt.timedelta(hours=hours, minutes=mins)).astimezone(BASE_TZ)

    after = after.astimezone(BASE_TZ)
    length = dt.timedelta(minutes=minutes)
    for offset in (-1, 0, 1, 2):
        day = after.date() + dt.timedelta(days=offset)
        opens, closes = (
            clock(day, settings.PLANNING_DAY_START),
            clock(day, settings.PLANNING_DAY_END),
        )
        if before_midnight:
            closes = min(closes, clock(day, "24:00"))
        start = max(after, opens)
        if start + length <= closes:
            return start
    raise ValueError(f"{minutes} minutes never fit in the base's working day")
