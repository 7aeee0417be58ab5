"""The base's shooting day: from ``PLANNING_DAY_START`` to ``PLANNING_DAY_END`` of a date.

The end may pass midnight ("28:00" is 04:00 the next morning, as call sheets write it), so a
night shoot from 22:00 to 02:00 belongs to the first date's shooting day: its call sheet, its
performers' day, their daily limit and their pay are that date's (the planning contract,
"Time"). Two shooting days never overlap: a day lasts at most 24 hours. Every "which day is
this?" in the product goes through here, never through a calendar date of an instant.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

DAY = dt.timedelta(days=1)


def base_timezone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def parse_clock(hhmm: str) -> int:
    """Minutes after a date's midnight of "HH:MM" (HH up to 47)."""
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def format_clock(minutes: int) -> str:
    """ "HH:MM" of minutes after a date's midnight ("26:00" past midnight)."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def working_day() -> tuple[int, int]:
    """(start, end) of the base's shooting day in minutes after its date's midnight."""
    return parse_clock(settings.PLANNING_DAY_START), parse_clock(settings.PLANNING_DAY_END)


def at_clock(day: dt.date, minutes: int) -> dt.datetime:
    """The instant ``minutes`` after ``day``'s midnight on the base's clock."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=base_timezone())
    return (midnight + dt.timedelta(minutes=minutes)).astimezone(base_timezone())


def shooting_day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The instants at which shooting day ``day`` opens and closes."""
    start, end = working_day()
    return at_clock(day, start), at_clock(day, end)


def shooting_days_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """From the opening of shooting day ``first`` to the close of shooting day ``last``."""
    return shooting_day_bounds(first)[0], shooting_day_bounds(last)[1]


def shooting_date(moment: dt.datetime) -> dt.date | None:
    """The shooting day an instant falls in (opening included, close excluded); None between
    two shooting days (04:00-06:00 with a day of 06:00-28:00)."""
    local = moment.astimezone(base_timezone())
    for day in (local.date(), local.date() - DAY):
        opens, closes = shooting_day_bounds(day)
        if opens <= local < closes:
            return day
    return None


def booking_date(starts_at: dt.datetime) -> dt.date:
    """The shooting day a booking starting at ``starts_at`` belongs to: the one its start lies
    in, else (a start between two days, which the booking rules refuse) its calendar date."""
    return shooting_date(starts_at) or starts_at.astimezone(base_timezone()).date()


def clock_of(moment: dt.datetime, day: dt.date) -> int:
    """Minutes from ``day``'s midnight to ``moment`` (past 24:00 for the small hours)."""
    return int((moment - at_clock(day, 0)).total_seconds() // 60)


def call_sheet_time(moment: dt.datetime, day: dt.date) -> str:
    """A time as a call sheet of shooting day ``day`` prints it: "22:00", "02:00 (次日)"."""
    minutes = clock_of(moment, day)
    if minutes <= 24 * 60:  # an end at midnight is 24:00 of its day
        return format_clock(minutes)
    return _("{time} (next day)").format(time=format_clock(minutes - 24 * 60))


def day_time(moment: dt.datetime) -> str:
    """An instant in the base's words: its shooting day and the time a call sheet of that day
    prints, "2026-12-07 22:00" or "2026-12-07 02:00 (次日)", never an ISO string."""
    day = booking_date(moment)
    return f"{day.isoformat()} {call_sheet_time(moment, day)}"


def span_words(starts_at: dt.datetime, ends_at: dt.datetime) -> tuple[str, str]:
    """(start, end) of a span in the base's words; the end without its date when it falls in
    the start's shooting day or closes it."""
    day = booking_date(starts_at)
    _, closes = shooting_day_bounds(day)
    end = call_sheet_time(ends_at, day) if ends_at <= closes else day_time(ends_at)
    return day_time(starts_at), end
