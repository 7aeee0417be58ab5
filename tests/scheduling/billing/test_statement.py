"""A crew's statement, with amounts worked out by hand (BILLING.md).

Set hire is minutes x cost_per_hour / 60; a cancellation less than 24 h ahead costs half of it;
an extras call costs the guild's gross day (135.00 up to 10 h, 13.50 per started hour past).
"""

from __future__ import annotations

import datetime as dt

from core.shooting_day import booking_date
from scheduling.billing.models import Tariff
from scheduling.billing.selectors import statement_get
from scheduling.models import Booking
from scheduling.services.bookings import booking_cancel
from tests.clock import base_now
from tests.factories import BookingFactory, LocationFactory, PerformerFactory, SceneFactory
from tests.scheduling.billing.world import booked, worked

DEC_1, DEC_2, DEC_3 = dt.date(2026, 12, 1), dt.date(2026, 12, 2), dt.date(2026, 12, 3)


def test_statement_night_booking_is_set_hire_of_its_first_date(own_crew):
    # 22:00-02:00 = 240 min at 500/h: 240 x 500 / 60 = 2000.00, on 12-01's shooting day
    booking = booked(own_crew, DEC_1, "22:00", "26:00", cost_per_hour=500)

    first = statement_get(crew=own_crew, first=DEC_1, last=DEC_1)
    second = statement_get(crew=own_crew, first=DEC_2, last=DEC_2)

    assert first["lines"] == [
        {
            "kind": "set_hire",
            "booking": booking.pk,
            "scene": booking.scene.code,
            "location": booking.location.code,
            "start": "2026-12-01T22:00:00+08:00",
            "end": "2026-12-02T02:00:00+08:00",
            "minutes": 240,
            "rate": "500.00",
            "amount": "2000.00",
        }
    ]
    assert first["totals"] == {
        "set_hire": "2000.00",
        "cancellation": "0.00",
        "extras": "0.00",
        "total": "2000.00",
    }
    assert (first["crew"], first["from"], first["to"], first["currency"]) == (
        "C0001",
        "2026-12-01",
        "2026-12-01",
        "CNY",
    )
    assert second["lines"] == []


def _cancelled_ahead(crew, hours: int) -> Booking:
    """A 2 h booking at 300/h starting ``hours`` from now, cancelled now by the service."""
    starts_at = base_now() + dt.timedelta(hours=hours)
    scene = SceneFactory(crew=crew, minutes=120)
    booking = BookingFactory(
        scene=scene,
        location=LocationFactory(cost_per_hour=300),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )
    return booking_cancel(booking=booking)


def test_statement_cancellation_23_hours_ahead_costs_half_the_set_hire(own_crew):
    # 120 min x 300/h = 600.00 set hire; cancelled 23 h ahead (< 24 h): half = 300.00
    booking = _cancelled_ahead(own_crew, 23)
    day = booking_date(booking.starts_at)

    statement = statement_get(crew=own_crew, first=day, last=day)

    [line] = statement["lines"]
    assert (line["kind"], line["booking"], line["minutes"], line["rate"], line["amount"]) == (
        "cancellation",
        booking.pk,
        120,
        "300.00",
        "300.00",
    )
    assert line["share_percent"] == "50.00"
    assert statement["totals"] == {
        "set_hire": "0.00",
        "cancellation": "300.00",
        "extras": "0.00",
        "total": "300.00",
    }


def test_statement_cancellation_25_hours_ahead_costs_nothing(own_crew):
    booking = _cancelled_ahead(own_crew, 25)
    day = booking_date(booking.starts_at)

    statement = statement_get(crew=own_crew, first=day, last=day)

    assert statement["lines"] == []
    assert statement["totals"]["total"] == "0.00"


def test_statement_booking_dropped_by_the_base_costs_nothing(own_crew):
    # Cancelled by a re-plan or an import (no cancelled_at): the base's decision, no charge.
    booking = booked(own_crew, DEC_3, "20:00", "22:00", status=Booking.Status.CANCELLED)

    assert booking.cancelled_at is None
    assert statement_get(crew=own_crew, first=DEC_3, last=DEC_3)["lines"] == []


def test_statement_extras_call_of_12_5_hours(own_crew):
    # 08:00-20:30 = 750 min; 150 over 10 h -> 3 started hours: 135.00 + 3 x 13.50 = 175.50
    booking = booked(own_crew, DEC_2, "08:00", "20:30", cost_per_hour=0)
    call = worked(booking, PerformerFactory(code="P00001"), "08:00", "20:30")

    statement = statement_get(crew=own_crew, first=DEC_2, last=DEC_2)

    extras = [line for line in statement["lines"] if line["kind"] == "extras"]
    assert extras == [
        {
            "kind": "extras",
            "call": call.pk,
            "booking": booking.pk,
            "scene": booking.scene.code,
            "location": booking.location.code,
            "performer": "P00001",
            "date": "2026-12-02",
            "start": "2026-12-02T08:00:00+08:00",
            "end": "2026-12-02T20:30:00+08:00",
            "minutes": 750,
            "day_minutes": 750,
            "day_gross": "175.50",
            "rate": "135.00",
            "amount": "175.50",
        }
    ]
    assert statement["totals"] == {
        "set_hire": "0.00",
        "cancellation": "0.00",
        "extras": "175.50",
        "total": "175.50",
    }


def test_statement_no_show_and_open_calls_cost_nothing(own_crew):
    booking = booked(own_crew, DEC_2, "08:00", "10:00", cost_per_hour=0)
    no_show = worked(booking, PerformerFactory(), "08:00", "10:00")
    no_show.__class__.objects.filter(pk=no_show.pk).update(
        state="no_show", checked_in_at=None, released_at=None
    )
    open_call = worked(booking, PerformerFactory(), "08:00", "10:00")
    open_call.__class__.objects.filter(pk=open_call.pk).update(state="checked_in", released_at=None)

    assert statement_get(crew=own_crew, first=DEC_2, last=DEC_2)["totals"]["extras"] == "0.00"


def test_statement_rate_change_mid_period_charges_each_day_its_rates(own_crew):
    # The tariff from 12-03: day rate 150, overtime 15. 12-02, 11 h: 135 + 13.50 = 148.50 at the
    # old rates; 12-03, 11 h: 150 + 15 = 165.00 at the new. Extras 313.50.
    Tariff.objects.create(
        valid_from=DEC_3,
        day_rate="150.00",
        day_hours=10,
        overtime_per_hour="15.00",
        guild_share_percent="10.00",
        cancellation_notice_hours=24,
        cancellation_share_percent="50.00",
    )
    performer = PerformerFactory()
    worked(booked(own_crew, DEC_2, "08:00", "19:00", cost_per_hour=0), performer, "08:00", "19:00")
    worked(booked(own_crew, DEC_3, "08:00", "19:00", cost_per_hour=0), performer, "08:00", "19:00")

    statement = statement_get(crew=own_crew, first=DEC_2, last=DEC_3)

    extras = [line for line in statement["lines"] if line["kind"] == "extras"]
    assert [(line["date"], line["rate"], line["amount"]) for line in extras] == [
        ("2026-12-02", "135.00", "148.50"),
        ("2026-12-03", "150.00", "165.00"),
    ]
    assert statement["totals"]["extras"] == "313.50"
    windows = [
        (r["applied_from"], r["applied_to"], r["extras_day_rate"]) for r in statement["rates"]
    ]
    assert windows == [
        ("2026-12-02", "2026-12-02", "135.00"),
        ("2026-12-03", "2026-12-03", "150.00"),
    ]


def test_statement_splits_a_performers_day_over_two_crews(own_crew, other_crew):
    # One performer, 08:00-14:00 for C0001 and 14:00-20:30 for C0002: one day of 12.5 h, gross
    # 175.50 (one day rate, not two). Split by minutes 360:390: 175.50 x 360/750 = 84.24;
    # the day's last call takes the rest, 91.26.
    performer = PerformerFactory()
    worked(booked(own_crew, DEC_2, "08:00", "14:00", cost_per_hour=0), performer, "08:00", "14:00")
    worked(
        booked(other_crew, DEC_2, "14:00", "20:30", cost_per_hour=0), performer, "14:00", "20:30"
    )

    own = statement_get(crew=own_crew, first=DEC_2, last=DEC_2)
    other = statement_get(crew=other_crew, first=DEC_2, last=DEC_2)

    assert own["totals"]["extras"] == "84.24"
    assert other["totals"]["extras"] == "91.26"
    extras = [line for line in own["lines"] + other["lines"] if line["kind"] == "extras"]
    assert [line["day_gross"] for line in extras] == ["175.50", "175.50"]


def test_statement_rounds_each_line_half_up(own_crew):
    # 30 min at 1 yuan/h = 0.50; 90 min at 333/h = 499.50; together 500.00
    booked(own_crew, DEC_3, "08:00", "08:30", cost_per_hour=1)
    booked(own_crew, DEC_3, "09:00", "10:30", cost_per_hour=333)

    statement = statement_get(crew=own_crew, first=DEC_3, last=DEC_3)

    assert [line["amount"] for line in statement["lines"]] == ["0.50", "499.50"]
    assert statement["totals"]["total"] == "500.00"


def test_statement_rounds_half_up_not_to_even(own_crew):
    # A late cancellation of 3 min at 1 yuan/h: 3 x 1 / 60 x 50% = 0.025 -> 0.03 (half up;
    # rounding to even would give 0.02). Set hire of 1 min at 1/h: 0.0166... -> 0.02.
    booked(own_crew, DEC_3, "08:00", "08:01", cost_per_hour=1)
    late = booked(own_crew, DEC_3, "09:00", "09:03", cost_per_hour=1)
    Booking.objects.filter(pk=late.pk).update(
        status=Booking.Status.CANCELLED, cancelled_at=late.starts_at - dt.timedelta(hours=1)
    )

    statement = statement_get(crew=own_crew, first=DEC_3, last=DEC_3)

    assert [(line["kind"], line["amount"]) for line in statement["lines"]] == [
        ("set_hire", "0.02"),
        ("cancellation", "0.03"),
    ]
    assert statement["totals"]["total"] == "0.05"
