"""``manage.py check_invariants``: each kind of violation, planted by writing rows directly
(bypassing the services that refuse them), is named on its own line with a non-zero exit."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from actors.models import Call, Notification
from scheduling.models import Booking, PlanRun
from tests.factories import (
    BookingFactory,
    CallFactory,
    ClosureFactory,
    CrewFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
    shanghai,
)

from .helpers import check

pytestmark = pytest.mark.django_db

DAY = dt.date(2026, 12, 2)


def book(location, start: str, minutes: int = 60, *, crew=None, day: dt.date = DAY) -> Booking:
    """A booking written straight to the table (not through ``booking_create``): ``exclusive``
    off, so PostgreSQL's exclusion constraint lets an overlap be planted too."""
    scene = SceneFactory(minutes=minutes, **({"crew": crew} if crew else {}))
    hours, minutes_past = (int(part) for part in start.split(":"))
    starts_at = shanghai(day, "00:00") + dt.timedelta(hours=hours, minutes=minutes_past)
    return BookingFactory(
        scene=scene,
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
        exclusive=False,
    )


def test_check_invariants_clean_base_exits_0():
    location = LocationFactory()
    first = book(location, "08:00")
    book(location, "09:00", crew=first.scene.crew)
    CallFactory(booking=first)
    assert check() == (0, [])


def test_check_invariants_location_over_capacity():
    location = LocationFactory(code="L-HALL", capacity=1)
    a = book(location, "08:00", 90)
    b = book(location, "09:00", 60)
    assert check() == (
        1,
        [
            f"capacity location=L-HALL bookings={a.pk},{b.pk} at 2026-12-02T09:00:00+08:00: "
            "2 bookings at once, capacity 1"
        ],
    )


def test_check_invariants_capacity_counts_the_most_at_once():
    location = LocationFactory(code="L-STREET", capacity=2)
    a = book(location, "08:00", 120)
    b = book(location, "08:30", 60)
    book(location, "10:00", 30)  # after a and d ended: back-to-back is not at once
    d = book(location, "09:00", 60)
    assert check() == (
        1,
        [
            f"capacity location=L-STREET bookings={a.pk},{b.pk},{d.pk} "
            "at 2026-12-02T09:00:00+08:00: 3 bookings at once, capacity 2"
        ],
    )


def test_check_invariants_crew_in_two_places_at_once():
    crew = CrewFactory(code="C-ONE")
    a = book(LocationFactory(code="L-A"), "08:00", 90, crew=crew)
    b = book(LocationFactory(code="L-B"), "09:00", 60, crew=crew)
    assert check() == (
        1,
        [
            f"crew_overlap crew=C-ONE bookings={a.pk},{b.pk} at 2026-12-02T09:00:00+08:00: "
            f"{a.scene.code} and {b.scene.code} overlap"
        ],
    )


def test_check_invariants_crew_without_its_move_time():
    crew = CrewFactory(code="C-TWO")
    east, west = ZoneFactory(), ZoneFactory()
    TravelTimeFactory(from_zone=east, to_zone=west, minutes=45)
    a = book(LocationFactory(code="L-E", zone=east), "08:00", 60, crew=crew)
    b = book(LocationFactory(code="L-W", zone=west), "09:30", 60, crew=crew)
    assert check() == (
        1,
        [
            f"crew_move crew=C-TWO bookings={a.pk},{b.pk} at 2026-12-02T09:30:00+08:00: "
            f"30 min from L-E ({a.scene.code}) to L-W ({b.scene.code}), the move takes 45"
        ],
    )


def test_check_invariants_crew_move_across_shooting_days():
    """A night wrapping at 03:30 and the next shooting day's 06:00 start in another zone."""
    crew = CrewFactory(code="C-NIGHT")
    east, west = ZoneFactory(), ZoneFactory()
    TravelTimeFactory(from_zone=east, to_zone=west, minutes=180)
    a = book(LocationFactory(code="L-N1", zone=east), "26:00", 90, crew=crew)
    next_day = DAY + dt.timedelta(days=1)
    b = book(LocationFactory(code="L-N2", zone=west), "06:00", 60, crew=crew, day=next_day)
    assert check() == (
        1,
        [
            f"crew_move crew=C-NIGHT bookings={a.pk},{b.pk} at 2026-12-03T06:00:00+08:00: "
            f"150 min from L-N1 ({a.scene.code}) to L-N2 ({b.scene.code}), the move takes 180"
        ],
    )


def test_check_invariants_performer_in_two_overlapping_calls():
    performer = PerformerFactory(code="P-ONE")
    a = book(LocationFactory(code="L-P1"), "08:00", 60)
    b = book(LocationFactory(code="L-P2"), "08:30", 60)
    first = CallFactory(booking=a, performer=performer)
    second = CallFactory(booking=b, performer=performer, state=Call.State.CONFIRMED)
    assert check() == (
        1,
        [
            f"performer_overlap performer=P-ONE calls={first.pk},{second.pk} "
            f"bookings={a.pk},{b.pk} at 2026-12-02T08:30:00+08:00: "
            f"{a.scene.code} and {b.scene.code} overlap"
        ],
    )


def test_check_invariants_declined_call_and_cancelled_booking_hold_no_one():
    performer = PerformerFactory()
    a = book(LocationFactory(), "08:00", 60)
    b = book(LocationFactory(), "08:30", 60)
    c = book(LocationFactory(), "08:30", 60)
    CallFactory(booking=a, performer=performer)
    CallFactory(booking=b, performer=performer, state=Call.State.DECLINED)
    CallFactory(booking=c, performer=performer)
    c.status = Booking.Status.CANCELLED
    c.save()
    assert check() == (0, [])


def test_check_invariants_performer_without_the_move_time():
    performer = PerformerFactory(code="P-TWO")
    east, west = ZoneFactory(), ZoneFactory()
    TravelTimeFactory(from_zone=east, to_zone=west, minutes=60)
    a = book(LocationFactory(code="L-Q1", zone=east), "08:00", 60)
    b = book(LocationFactory(code="L-Q2", zone=west), "09:30", 60)
    first = CallFactory(booking=a, performer=performer)
    second = CallFactory(booking=b, performer=performer)
    assert check() == (
        1,
        [
            f"performer_move performer=P-TWO calls={first.pk},{second.pk} "
            f"bookings={a.pk},{b.pk} at 2026-12-02T09:30:00+08:00: "
            f"30 min from L-Q1 ({a.scene.code}) to L-Q2 ({b.scene.code}), the move takes 60"
        ],
    )


def test_check_invariants_performer_over_the_daily_limit():
    """Two scenes of 150 minutes on one shooting day, the second after midnight."""
    performer = PerformerFactory(code="P-THREE", max_minutes_per_day=240)
    location = LocationFactory(code="L-R", capacity=2)
    a = book(location, "08:00", 150)
    b = book(location, "25:00", 150)
    first = CallFactory(booking=a, performer=performer)
    second = CallFactory(booking=b, performer=performer)
    assert check() == (
        1,
        [
            f"performer_daily_limit performer=P-THREE calls={first.pk},{second.pk} "
            "at 2026-12-02: 300 min on shooting day 2026-12-02, limit 240"
        ],
    )


def test_check_invariants_booking_overlapping_a_closure():
    location = LocationFactory(code="L-SHUT")
    booking = book(location, "11:00", 120)
    closure = ClosureFactory(
        location=location, starts_at=shanghai(DAY, "12:00"), ends_at=shanghai(DAY, "15:00")
    )
    ClosureFactory(
        location=location, starts_at=shanghai(DAY, "13:00"), ends_at=shanghai(DAY, "14:00")
    )
    assert check() == (
        1,
        [
            f"closure booking={booking.pk} location=L-SHUT closure={closure.pk} "
            f"at 2026-12-02T12:00:00+08:00: {booking.scene.code} is booked "
            "2026-12-02T11:00:00+08:00 to 2026-12-02T13:00:00+08:00, the location is closed "
            "2026-12-02T12:00:00+08:00 to 2026-12-02T15:00:00+08:00"
        ],
    )


def _run(status: str, minutes_ago: int) -> PlanRun:
    run = PlanRun.objects.create(
        start=DAY, days=1, time_limit_seconds=10, status=status, trigger=PlanRun.Trigger.MANUAL
    )
    created = timezone.now() - dt.timedelta(minutes=minutes_ago)
    PlanRun.objects.filter(pk=run.pk).update(created_at=created)
    run.created_at = created
    return run


def test_check_invariants_plan_run_not_ended_past_the_grace():
    running = _run(PlanRun.Status.RUNNING, 90)
    _run(PlanRun.Status.QUEUED, 20)  # within the grace
    for status in ("succeeded", "failed", "superseded"):
        PlanRun.objects.create(start=DAY, days=2, time_limit_seconds=10, status=status)
    at = running.created_at.astimezone(shanghai(DAY, "00:00").tzinfo).isoformat()
    line = (
        f"plan_run_unfinished plan_run={running.pk} status=running at {at}: "
        "still running 90 min after it was requested (grace 60 min)"
    )
    assert check() == (1, [line])
    queued = PlanRun.objects.get(status="queued")
    code, lines = check(running_grace_minutes=15)
    assert (code, lines[0], lines[1][: lines[1].index(" at ")]) == (
        1,
        line.replace("grace 60", "grace 15"),
        f"plan_run_unfinished plan_run={queued.pk} status=queued",
    )


def test_check_invariants_notice_given_up():
    performer = PerformerFactory(code="P-FOUR")
    crew = CrewFactory(code="C-OFFICE")
    failed = Notification.objects.create(
        performer=performer, kind="called", text="来", status="failed", attempts=5
    )
    Notification.objects.create(performer=performer, kind="called", text="来", attempts=2)
    Notification.objects.create(crew=crew, kind="disruption", text="雨", status="sent")
    at = failed.created_at.astimezone(shanghai(DAY, "00:00").tzinfo).isoformat()
    assert check() == (
        1,
        [
            f"notice_failed notification={failed.pk} kind=called performer=P-FOUR at {at}: "
            "given up after 5 attempts"
        ],
    )


def test_check_invariants_writes_the_audit_trail_missed():
    location = LocationFactory(capacity=3)
    changed = book(location, "08:00")
    (unrecorded,) = Booking.objects.bulk_create(
        [
            Booking(
                scene=SceneFactory(),
                location=location,
                starts_at=shanghai(DAY, "10:00"),
                ends_at=shanghai(DAY, "11:00"),
                source=Booking.Source.MANUAL,
                exclusive=False,
            )
        ]
    )
    Booking.objects.filter(pk=changed.pk).update(
        status=Booking.Status.CONFIRMED, starts_at=shanghai(DAY, "08:30")
    )
    call = CallFactory(booking=changed)
    gone = CallFactory(booking=changed)
    Call.objects.filter(pk=call.pk).update(state=Call.State.CONFIRMED)
    Call.objects.filter(pk=gone.pk)._raw_delete(Call.objects.db)
    recorded = changed.history.latest().history_date
    call_recorded = call.history.latest().history_date
    gone_recorded = gone.history.latest().history_date
    unrecorded = Booking.objects.get(pk=unrecorded.pk)

    def iso(moment):
        return moment.astimezone(shanghai(DAY, "00:00").tzinfo).isoformat()

    assert check() == (
        1,
        [
            f"audit_stale booking={changed.pk} at {iso(recorded)}: changed since the last "
            "record: starts_at 2026-12-02T08:00:00+08:00 (recorded) != "
            "2026-12-02T08:30:00+08:00 (row); status planned (recorded) != confirmed (row)",
            f"audit_missing booking={unrecorded.pk} at {iso(unrecorded.created_at)}: "
            "no record in the audit trail",
            f"audit_stale call={call.pk} at {iso(call_recorded)}: changed since the last "
            "record: state called (recorded) != confirmed (row)",
            f"audit_missing call={gone.pk} at {iso(gone_recorded)}: deleted without a record",
        ],
    )


def test_check_invariants_deleted_rows_on_record_are_fine():
    call = CallFactory()
    call.delete()
    booking = book(LocationFactory(), "08:00")
    booking.delete()
    assert check() == (0, [])
