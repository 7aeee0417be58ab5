"""Reads of billing: a crew's statement and the guild's side of the extras charged."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from core.shooting_day import base_timezone, booking_date, shooting_days_bounds
from crews.models import Crew
from scheduling.billing.extras import ExtrasDay, extras_days, fen
from scheduling.billing.rates import RateBook
from scheduling.models import Booking

KINDS = ("set_hire", "cancellation", "extras")
ZERO = Decimal("0.00")


def money(value: Decimal) -> str:
    """An amount as BILLING.md writes it: a string with two decimals."""
    return f"{value:.2f}"


def _instant(moment: dt.datetime) -> str:
    return moment.astimezone(base_timezone()).isoformat()


def statement_get(*, crew: Crew, first: dt.date, last: dt.date) -> dict:
    """What ``crew`` owes the base for shooting days ``first`` .. ``last`` (BILLING.md)."""
    rate_book = RateBook(first=first, last=last)
    lines = [*_booking_lines(crew=crew, first=first, last=last, rate_book=rate_book)]
    for day in extras_days(first=first, last=last, rate_book=rate_book, crew_id=crew.pk):
        lines += _extras_lines(day, crew_id=crew.pk)
    lines.sort(key=lambda line: (line["start"], KINDS.index(line["kind"]), _line_id(line)))
    return {
        "crew": crew.code,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "currency": "CNY",
        "lines": lines,
        "totals": statement_totals(lines),
        "rates": rate_book.in_force(),
    }


def statement_totals(lines: list[dict]) -> dict:
    """Each kind's sum of line amounts, and their sum."""
    sums = dict.fromkeys(KINDS, ZERO)
    for line in lines:
        sums[line["kind"]] += Decimal(line["amount"])
    return {**{k: money(v) for k, v in sums.items()}, "total": money(sum(sums.values(), ZERO))}


def _line_id(line: dict) -> int:
    return line.get("call") or line["booking"]


def _booking_lines(*, crew: Crew, first: dt.date, last: dt.date, rate_book: RateBook):
    begin, end = shooting_days_bounds(first, last)
    bookings = (
        Booking.objects.filter(scene__crew=crew, starts_at__gte=begin, starts_at__lt=end)
        .select_related("scene", "location")
        .order_by("starts_at", "pk")
    )
    for booking in bookings:
        if line := booking_charge(booking=booking, rate_book=rate_book):
            yield line


def booking_charge(*, booking: Booking, rate_book: RateBook) -> dict | None:
    """The statement line a booking makes: its set hire when in force, half of it (by the
    rates) for a crew's cancellation with too little notice, else None."""
    minutes = int((booking.ends_at - booking.starts_at).total_seconds() // 60)
    rate = Decimal(booking.location.cost_per_hour)
    line = {
        "kind": "set_hire",
        "booking": booking.pk,
        "scene": booking.scene.code,
        "location": booking.location.code,
        "start": _instant(booking.starts_at),
        "end": _instant(booking.ends_at),
        "minutes": minutes,
        "rate": money(rate),
    }
    if booking.status != Booking.Status.CANCELLED:
        return {**line, "amount": money(fen(rate * minutes / 60))}
    if booking.cancelled_at is None:  # dropped by the base itself: no charge
        return None
    rates = rate_book.for_day(booking_date(booking.starts_at))
    notice = booking.starts_at - booking.cancelled_at
    if notice >= dt.timedelta(hours=rates.cancellation_notice_hours):
        return None
    share = rates.cancellation_share_percent
    return {
        **line,
        "kind": "cancellation",
        "cancelled_at": _instant(booking.cancelled_at),
        "notice_minutes": int(notice.total_seconds() // 60),
        "share_percent": money(share),
        "amount": money(fen(rate * minutes * share / (60 * 100))),
    }


def _extras_lines(day: ExtrasDay, *, crew_id: int) -> list[dict]:
    return [
        {
            "kind": "extras",
            "call": call.call_id,
            "booking": call.booking_id,
            "scene": call.scene,
            "location": call.location,
            "performer": call.performer,
            "date": day.date.isoformat(),
            "start": _instant(call.checked_in_at),
            "end": _instant(call.released_at),
            "minutes": call.minutes,
            "day_minutes": day.minutes,
            "day_gross": money(day.gross),
            "rate": money(day.rates.day_rate),
            "amount": money(call.amount),
        }
        for call in day.calls
        if call.crew_id == crew_id
    ]
