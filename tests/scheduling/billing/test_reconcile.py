"""The crews' statements and the guild's side reconcile, fen for fen, for random worlds.

For random bookings (some at night, some cancelled late, early or by the base), random worked
calls (performers working for several crews a day, overlapping calls) and sometimes a rate
change in the middle of the period, the crews' totals
equal the guild's gross (the guild's own pay sheets, ``actors.services.pay``) plus the set hire
and the cancellations; and the guild's side splits that gross into what it keeps and pays.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from actors.models import Call
from actors.services.pay import pay_sheets
from scheduling.billing.guild import guild_billing_get
from scheduling.billing.models import Tariff
from scheduling.billing.selectors import statement_get
from scheduling.models import Booking
from tests.factories import (
    BookingFactory,
    CallFactory,
    CrewFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
)
from tests.scheduling.billing.world import at

FIRST, LAST = dt.date(2026, 12, 1), dt.date(2026, 12, 3)
STATUSES = ("planned", "confirmed", "late", "early", "dropped")

bookings = st.lists(
    st.tuples(
        st.integers(0, 2),  # crew
        st.integers(0, 2),  # day
        st.integers(12, 44),  # start, in half hours from midnight (06:00..22:00)
        st.integers(1, 12),  # length, in half hours
        st.integers(0, 999),  # cost per hour
        st.sampled_from(STATUSES),
    ),
    min_size=1,
    max_size=8,
)
calls = st.lists(
    st.tuples(
        st.integers(0, 7),  # booking (modulo how many there are)
        st.integers(0, 4),  # performer
        st.integers(-60, 120),  # check-in, minutes after the booking's start
        st.integers(1, 900),  # minutes worked
    ),
    max_size=14,
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(booking_rows=bookings, call_rows=calls, rate_change=st.booleans())
def test_reconcile_crews_totals_are_guild_gross_plus_set_hire(
    db, booking_rows, call_rows, rate_change
):
    with transaction.atomic():
        if rate_change:  # new rates from the middle day: 150 a day, 15.50 overtime, 12.5%
            Tariff.objects.create(
                valid_from=FIRST + dt.timedelta(days=1),
                day_rate="150.00",
                day_hours=9,
                overtime_per_hour="15.50",
                guild_share_percent="12.50",
                cancellation_notice_hours=48,
                cancellation_share_percent="30.00",
            )
        crews = [CrewFactory() for _ in range(3)]
        performers = [PerformerFactory() for _ in range(5)]
        made, set_hire = [], Decimal("0.00")
        for crew, day, start, length, cost, state in booking_rows:
            booking = _booking(
                crews[crew], FIRST + dt.timedelta(days=day), start, length, cost, state
            )
            made.append(booking)
            if booking.status != Booking.Status.CANCELLED:
                exact = Decimal(cost) * length * 30 / 60
                set_hire += exact.quantize(Decimal("0.01"), ROUND_HALF_UP)
        seen = set()
        for index, performer, offset, minutes in call_rows:
            booking = made[index % len(made)]
            if (booking.pk, performer) in seen:
                continue
            seen.add((booking.pk, performer))
            _worked(booking, performers[performer], offset, minutes)

        statements = [statement_get(crew=crew, first=FIRST, last=LAST) for crew in crews]
        guild = guild_billing_get(first=FIRST, last=LAST)
        sheets = pay_sheets(first=FIRST, last=LAST)

        def total(key: str) -> Decimal:
            return sum((Decimal(s["totals"][key]) for s in statements), Decimal("0.00"))

        gross = sum((sheet.total("gross") for sheet in sheets), Decimal("0.00"))
        kept = sum((sheet.total("guild_share") for sheet in sheets), Decimal("0.00"))
        assert total("set_hire") == set_hire
        assert total("extras") == gross
        assert total("total") == gross + total("set_hire") + total("cancellation")
        assert Decimal(guild["totals"]["charged"]) == gross
        assert Decimal(guild["totals"]["guild_keeps"]) == kept
        assert Decimal(guild["totals"]["performer_paid"]) == gross - kept
        for row in guild["performers"]:
            named = [
                Decimal(line["amount"])
                for s in statements
                for line in s["lines"]
                if line["kind"] == "extras" and line["performer"] == row["performer"]
            ]
            assert Decimal(row["charged"]) == sum(named, Decimal("0.00"))
        for s in statements:
            assert Decimal(s["totals"]["total"]) == sum(
                (Decimal(line["amount"]) for line in s["lines"]), Decimal("0.00")
            )
        transaction.set_rollback(True)


def _booking(crew, day: dt.date, start: int, length: int, cost: int, state: str) -> Booking:
    starts_at = at(day, f"{start // 2:02d}:{start % 2 * 30:02d}")
    ends_at = starts_at + dt.timedelta(minutes=30 * length)
    status = {"planned": "planned", "confirmed": "confirmed"}.get(state, "cancelled")
    cancelled_at = {
        "late": starts_at - dt.timedelta(hours=1),
        "early": starts_at - dt.timedelta(hours=48),
    }.get(state)
    return BookingFactory(
        scene=SceneFactory(crew=crew, minutes=30 * length, first_date=day, last_date=day),
        location=LocationFactory(cost_per_hour=cost),
        starts_at=starts_at,
        ends_at=ends_at,
        status=status,
        cancelled_at=cancelled_at,
    )


def _worked(booking: Booking, performer, offset: int, minutes: int) -> None:
    checked_in = booking.starts_at + dt.timedelta(minutes=offset)
    call = CallFactory(booking=booking, performer=performer)
    Call.objects.filter(pk=call.pk).update(
        state=Call.State.RELEASED,
        checked_in_at=checked_in,
        released_at=checked_in + dt.timedelta(minutes=minutes),
    )
