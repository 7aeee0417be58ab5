"""The guild's queue: extras lines of bookings in force that still lack performers, soonest first.

A booking made by hand calls no extras, a decline or a no-show leaves a place open: the guild
works through these lines, from the next scene to start, with the candidates of each.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count
from django.utils import timezone

from actors.models import Call
from actors.selectors import IDLE_STATES, extras_candidates
from core.shooting_day import booking_date, call_sheet_time, shooting_days_bounds
from crews.models import ExtrasLine
from scheduling.models import Booking

MAX_ROWS = 500


def extras_lines_short(*, first: dt.date, last: dt.date) -> list[dict]:
    """Per booking in force starting in ``first..last`` (shooting days) and not yet over, each
    extras line with fewer performers called than it wants: who is missing, soonest first."""
    opens, closes = shooting_days_bounds(first, last)
    bookings = Booking.objects.filter(
        status__in=[Booking.Status.PLANNED, Booking.Status.CONFIRMED],
        starts_at__gte=opens,
        starts_at__lt=closes,
        ends_at__gt=timezone.now(),
    )
    called = {
        (booking_id, line_id): n
        for booking_id, line_id, n in Call.objects.filter(booking__in=bookings)
        .exclude(state__in=IDLE_STATES)
        .values("booking_id", "extras_line_id")
        .annotate(n=Count("pk"))
        .values_list("booking_id", "extras_line_id", "n")
    }
    rows = []
    ordered = bookings.select_related("scene__crew", "location").prefetch_related(
        "scene__extras_lines"
    )
    for booking in ordered.order_by("starts_at", "pk"):
        for line in sorted(booking.scene.extras_lines.all(), key=lambda line: line.position):
            have = called.get((booking.pk, line.pk), 0)
            if have >= line.count:
                continue
            rows.append(
                {
                    "booking": booking.pk,
                    "scene": booking.scene.code,
                    "crew": booking.scene.crew.code,
                    "location": booking.location.code,
                    "start": booking.starts_at,
                    "date": booking_date(booking.starts_at),
                    "line": line.position,
                    "wanted": line.count,
                    "called": have,
                    "missing": line.count - have,
                }
            )
            if len(rows) >= MAX_ROWS:
                return rows
    return rows


def guild_queue(
    *, first: dt.date, last: dt.date, page: int, per_page: int, candidates: int
) -> dict:
    """One page of the guild's queue (``extras_lines_short``), each line with what the guild
    reads before calling someone: when on its shooting day's clock ("02:00 (次日)"), where,
    the look wanted, and its best ``candidates`` ranked by ``extras_candidates``."""
    rows = extras_lines_short(first=first, last=last)
    pages = max(1, -(-len(rows) // per_page))
    page = min(max(1, page), pages)
    shown = rows[(page - 1) * per_page : page * per_page]
    bookings = Booking.objects.select_related("scene__crew", "location__zone").in_bulk(
        {row["booking"] for row in shown}
    )
    lines = {
        (line.scene_id, line.position): line
        for line in ExtrasLine.objects.filter(
            scene__in={booking.scene_id for booking in bookings.values()}
        )
    }
    for row in shown:
        booking = bookings[row["booking"]]
        line = lines[(booking.scene_id, row["line"])]
        row.update(
            crew_name=booking.scene.crew.name,
            title=booking.scene.title,
            place=booking.location.name,
            start_time=call_sheet_time(booking.starts_at, row["date"]),
            end_time=call_sheet_time(booking.ends_at, row["date"]),
            look=line,
            candidates=extras_candidates(booking=booking, extras_line=line, limit=candidates),
        )
    return {"lines": shown, "total": len(rows), "page": page, "pages": pages}
