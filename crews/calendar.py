"""Calendar feeds (RFC 5545) that calendar apps subscribe to, built with ``icalendar``.

Times are written on the base's clock (``TZID=Asia/Shanghai``, with its VTIMEZONE), so an app
set to any zone shows the right instant. Each event keeps its UID across re-plans; SEQUENCE and
LAST-MODIFIED come from ``CalendarStamp`` and rise when what the event says changes, which is
what makes apps replace an event after a plan is published or a booking moves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings

from crews.models import CalendarStamp
from crews.selectors import CalendarEvent

PRODUCT_ID = "-//Hengdian World Studios//Production scheduling//ZH"
# Ask subscribing apps to look again within the hour (RFC 7986 REFRESH-INTERVAL; Outlook's own).
REFRESH = dt.timedelta(hours=1)


def calendar_ics(
    *, name: str, events: list[CalendarEvent], stamps: Mapping[str, CalendarStamp]
) -> bytes:
    """The feed as iCalendar bytes: one VEVENT per event, with the base's VTIMEZONE."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    zone = ZoneInfo(settings.TIME_ZONE)
    for event in events:
        stamp = stamps[event.uid]
        item = icalendar.Event()
        item.add("uid", event.uid)
        item.add("dtstamp", stamp.modified_at)
        item.add("last-modified", stamp.modified_at)
        item.add("sequence", stamp.sequence)
        item.add("dtstart", event.start.astimezone(zone))
        item.add("dtend", event.end.astimezone(zone))
        item.add("summary", event.summary)
        item.add("location", event.location)
        item.add("description", event.description)
        item.add("status", event.status)
        calendar.add_component(item)
    if events:
        calendar.add_missing_timezones()
    return calendar.to_ical()
