"""Revenue and utilisation per zone and shooting day, for the board's chart.

Utilisation is hours booked over hours open: booked hours of the bookings in force that
belong to the day (a night past midnight whole on its first date); open hours are each
location's crews-at-once x the shooting day's length, less its closures. Revenue is what the
base charges for its sets that day: the set hire and late cancellations of the statements
(``selectors.booking_charge``), so the chart's money adds up with the crews' statements. The
extras' money is the guild's and stays out.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from core.shooting_day import booking_date, shooting_days_bounds, working_day
from scheduling.billing.rates import RateBook
from scheduling.billing.selectors import booking_charge, money
from scheduling.board.selectors import minute_of
from scheduling.models import Booking, Closure, Location, Zone


def board_revenue(*, first: dt.date, days: int) -> dict:
    """Per zone, per day from ``first``: hours open and booked, their ratio, and revenue."""
    last = first + dt.timedelta(days=days - 1)
    dates = [first + dt.timedelta(days=n) for n in range(days)]
    open_minutes = _open_minutes(dates)
    booked = defaultdict(lambda: [0] * days)
    revenue = defaultdict(lambda: [Decimal("0.00")] * days)
    rate_book = RateBook(first=first, last=last)
    begin, end = shooting_days_bounds(first, last)
    bookings = Booking.objects.filter(starts_at__gte=begin, starts_at__lt=end).select_related(
        "scene", "location"
    )
    for booking in bookings:
        n = (booking_date(booking.starts_at) - first).days
        if not 0 <= n < days:
            continue
        zone = booking.location.zone_id
        if booking.status != Booking.Status.CANCELLED:
            booked[zone][n] += int((booking.ends_at - booking.starts_at).total_seconds() // 60)
        if line := booking_charge(booking=booking, rate_book=rate_book):
            revenue[zone][n] += Decimal(line["amount"])
    zones = []
    for pk, code, name in Zone.objects.order_by("code").values_list("pk", "code", "name"):
        opened = open_minutes.get(pk, [0] * days)
        zones.append(
            {
                "zone": code,
                "name": name,
                "hours_open": [_hours(m) for m in opened],
                "hours_booked": [_hours(m) for m in booked[pk]],
                "utilisation": [
                    round(b / o, 3) if o else None for b, o in zip(booked[pk], opened, strict=True)
                ],
                "revenue": [money(r) for r in revenue[pk]],
            }
        )
    totals = [sum((Decimal(z["revenue"][n]) for z in zones), Decimal("0.00")) for n in range(days)]
    return {
        "days": [d.isoformat() for d in dates],
        "currency": "CNY",
        "zones": zones,
        "revenue": [money(total) for total in totals],
    }


def _open_minutes(dates: list[dt.date]) -> dict[int, list[int]]:
    """Location-minutes open per zone and day: crews at once x the shooting day, less closures."""
    day_start, day_end = working_day()
    begin, end = shooting_days_bounds(dates[0], dates[-1])
    closed: dict[int, list[int]] = defaultdict(lambda: [0] * len(dates))
    closures = Closure.objects.filter(starts_at__lt=end, ends_at__gt=begin)
    for location_id, starts_at, ends_at in closures.values_list(
        "location_id", "starts_at", "ends_at"
    ):
        for n, day in enumerate(dates):
            shut = minute_of(ends_at, day=day) - minute_of(starts_at, day=day)
            closed[location_id][n] = min(day_end - day_start, closed[location_id][n] + shut)
    opened: dict[int, list[int]] = defaultdict(lambda: [0] * len(dates))
    for pk, zone, capacity in Location.objects.values_list("pk", "zone_id", "capacity"):
        for n in range(len(dates)):
            opened[zone][n] += capacity * (day_end - day_start - closed[pk][n])
    return opened


def _hours(minutes: int) -> float:
    return round(minutes / 60, 2)
