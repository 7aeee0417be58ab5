"""What the extras cost, per performer and shooting day, and which call of which crew pays it.

The guild pays a performer by the day (``actors.services.pay``: the union of the day's calls
from check-in to release, the day rate, overtime by started hour); the crews are charged that
same gross, so the crews' extras lines add up to the guild's gross to the fen. A performer with
one call that day costs its crew exactly the day's gross. With several calls (one crew's
scenes back to back, or two crews), the day's gross is split over the calls in proportion to
each call's own minutes, each share rounded half up, the day's last call taking what remains,
so no crew pays another's day rate twice and the parts add up to the whole.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from actors.models import Call
from actors.services.pay import _union_minutes, day_pay
from core.shooting_day import booking_date, shooting_days_bounds
from scheduling.billing.rates import RateBook, Rates

FEN = Decimal("0.01")


def fen(value: Decimal) -> Decimal:
    """Rounded half up to the fen: the one rounding of a line."""
    return value.quantize(FEN, ROUND_HALF_UP)


@dataclass
class ChargedCall:
    """One call with the part of its performer's day it is charged."""

    call_id: int
    booking_id: int
    crew_id: int
    crew: str
    scene: str
    location: str
    performer: str
    checked_in_at: dt.datetime
    released_at: dt.datetime
    amount: Decimal = Decimal("0.00")

    @property
    def minutes(self) -> int:
        return int((self.released_at - self.checked_in_at).total_seconds() // 60)


@dataclass
class ExtrasDay:
    """A performer's shooting day: what the guild grosses, keeps and pays, and its calls."""

    performer_id: int
    performer: str
    date: dt.date
    rates: Rates
    minutes: int = 0
    gross: Decimal = Decimal("0.00")
    guild_share: Decimal = Decimal("0.00")
    net: Decimal = Decimal("0.00")
    calls: list[ChargedCall] = field(default_factory=list)


def extras_days(
    *,
    first: dt.date,
    last: dt.date,
    rate_book: RateBook,
    crew_id: int | None = None,
    performer_ids: list[int] | None = None,
) -> list[ExtrasDay]:
    """Every performer-day of the period with a released call, priced and split over its calls.

    ``crew_id`` keeps the days of performers who worked for that crew (with all their calls
    that day, whoever's, since the split needs them); ``performer_ids`` keeps those performers.
    """
    begin, end = shooting_days_bounds(first, last)
    calls = Call.objects.filter(
        state=Call.State.RELEASED,
        checked_in_at__isnull=False,
        released_at__isnull=False,
        booking__starts_at__gte=begin,
        booking__starts_at__lt=end,
    )
    if crew_id is not None:
        own = calls.filter(booking__scene__crew_id=crew_id)
        calls = calls.filter(performer_id__in=own.values("performer_id"))
    if performer_ids is not None:
        calls = calls.filter(performer_id__in=performer_ids)
    rows = calls.values_list(
        "pk",
        "booking_id",
        "booking__scene__crew_id",
        "booking__scene__crew__code",
        "booking__scene__code",
        "booking__location__code",
        "performer_id",
        "performer__code",
        "checked_in_at",
        "released_at",
        "booking__starts_at",
    ).order_by("performer__code", "checked_in_at", "pk")
    days: dict[tuple[int, dt.date], ExtrasDay] = {}
    for pk, booking, crew, crew_code, scene, location, performer_id, code, inn, out, starts in rows:
        date = booking_date(starts)
        day = days.get((performer_id, date))
        if day is None:
            day = days[(performer_id, date)] = ExtrasDay(
                performer_id, code, date, rate_book.for_day(date)
            )
        day.calls.append(ChargedCall(pk, booking, crew, crew_code, scene, location, code, inn, out))
    for day in days.values():
        _price(day)
    if crew_id is not None:
        return [d for d in days.values() if any(c.crew_id == crew_id for c in d.calls)]
    return list(days.values())


def _price(day: ExtrasDay) -> None:
    day.minutes = _union_minutes([(c.checked_in_at, c.released_at) for c in day.calls])
    _, _, day.gross, day.guild_share, day.net = day_pay(
        minutes=day.minutes, rules=day.rates.pay_rules()
    )
    weights = [c.minutes for c in day.calls]
    if sum(weights) == 0:  # calls shorter than a minute: share the day equally
        weights = [1] * len(day.calls)
    *others, final = day.calls
    for call, weight in zip(others, weights, strict=False):
        call.amount = fen(day.gross * weight / sum(weights))
    final.amount = day.gross - sum((c.amount for c in others), Decimal("0.00"))
