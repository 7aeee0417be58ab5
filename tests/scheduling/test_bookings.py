"""The booking service: each hard rule refused with a conflict an operator can act on."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from scheduling.models import Booking
from scheduling.services.bookings import (
    BookingConflict,
    booking_cancel,
    booking_confirm,
    booking_create,
    booking_move,
)
from tests.factories import (
    ClosureFactory,
    CrewFactory,
    LocationFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
    shanghai,
)

DAY = dt.date(2026, 12, 2)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """Messages are checked word for word in English (the base's default language is Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def base():
    """Two zones an hour apart: a one-crew hall and a three-crew square, and a street."""
    qin, ming = ZoneFactory(code="ZQ", name="秦王宫"), ZoneFactory(code="ZM", name="明清宫苑")
    TravelTimeFactory(from_zone=qin, to_zone=ming, minutes=60)
    return {
        "hall": LocationFactory(code="L0001", name="秦王宫·大殿", zone=qin, tags=["palace"]),
        "square": LocationFactory(
            code="L0002", name="秦王宫·广场", zone=qin, tags=["palace", "outdoor"], capacity=3
        ),
        "street": LocationFactory(code="L0003", name="明清宫苑·街", zone=ming, tags=["street"]),
    }


@pytest.fixture
def crew():
    return CrewFactory(code="C0003")


def book(scene, location, start: str, end: str, day: dt.date = DAY) -> Booking:
    return booking_create(
        scene=scene, location=location, starts_at=shanghai(day, start), ends_at=shanghai(day, end)
    )


def refused(scene, location, start: str, end: str, day: dt.date = DAY) -> list[dict]:
    """The conflicts of a booking that must be refused; checks that nothing was written."""
    before = Booking.objects.count()
    with pytest.raises(BookingConflict) as caught:
        book(scene, location, start, end, day)
    assert Booking.objects.count() == before
    return caught.value.conflicts


def rules(conflicts: list[dict]) -> list[str]:
    return [conflict["rule"] for conflict in conflicts]


def test_booking_create_at_free_location_books_it(base, crew):
    scene = SceneFactory(crew=crew, code="C0003-S0001")
    booking = book(scene, base["hall"], "08:00", "09:00")
    assert (booking.status, booking.source, booking.exclusive) == ("planned", "manual", True)
    assert (booking.starts_at, booking.ends_at) == (shanghai(DAY, "08:00"), shanghai(DAY, "09:00"))
    assert book(SceneFactory(crew=crew), base["square"], "10:00", "11:00").exclusive is False


def test_booking_create_capacity_one_refuses_overlap(base, crew):
    book(SceneFactory(crew=crew, code="C0003-S0012", minutes=120), base["hall"], "14:00", "16:00")
    other = SceneFactory(crew=CrewFactory(code="C0004"), minutes=60)
    conflicts = refused(other, base["hall"], "15:00", "16:00")
    assert rules(conflicts) == ["capacity"]
    assert conflicts[0]["message"] == (
        "秦王宫·大殿 (L0001) is booked by C0003-S0012 (crew C0003) 14:00-16:00; capacity 1."
    )
    assert conflicts[0]["capacity"] == 1
    assert [b["scene"] for b in conflicts[0]["bookings"]] == ["C0003-S0012"]


def test_booking_create_capacity_one_allows_back_to_back(base, crew):
    book(SceneFactory(crew=crew), base["hall"], "08:00", "09:00")
    other = SceneFactory(crew=CrewFactory())
    assert book(other, base["hall"], "09:00", "10:00").starts_at == shanghai(DAY, "09:00")


def test_booking_create_capacity_three_refuses_the_fourth(base):
    for _ in range(3):
        book(SceneFactory(crew=CrewFactory()), base["square"], "08:00", "09:00")
    conflicts = refused(SceneFactory(crew=CrewFactory()), base["square"], "08:00", "09:00")
    assert rules(conflicts) == ["capacity"]
    assert (conflicts[0]["capacity"], len(conflicts[0]["bookings"])) == (3, 3)


def test_booking_create_capacity_counts_crews_at_one_instant(base):
    # Three overlap the new booking but at most two at once, so a third place is free.
    book(SceneFactory(crew=CrewFactory()), base["square"], "08:00", "09:00")
    book(SceneFactory(crew=CrewFactory()), base["square"], "09:00", "10:00")
    book(SceneFactory(crew=CrewFactory(), minutes=120), base["square"], "08:00", "10:00")
    scene = SceneFactory(crew=CrewFactory(), minutes=120)
    assert book(scene, base["square"], "08:00", "10:00").location == base["square"]
    assert rules(refused(SceneFactory(crew=CrewFactory()), base["square"], "08:30", "09:30")) == [
        "capacity"
    ]


def test_booking_create_crew_overlap_refused(base, crew):
    book(SceneFactory(crew=crew, code="C0003-S0001"), base["hall"], "08:00", "09:00")
    conflicts = refused(SceneFactory(crew=crew), base["square"], "08:30", "09:30")
    assert rules(conflicts) == ["crew_overlap"]
    assert conflicts[0]["scene"] == "C0003-S0001"
    assert conflicts[0]["message"] == (
        "Crew C0003 is shooting C0003-S0001 (crew C0003) 08:00-09:00 at 秦王宫·大殿 (L0001) then."
    )


def test_booking_create_move_between_zones_too_short_refused(base, crew):
    book(SceneFactory(crew=crew, code="C0003-S0001"), base["hall"], "08:00", "09:00")
    scene = SceneFactory(crew=crew, location_tags=["street"])
    conflicts = refused(scene, base["street"], "09:30", "10:30")
    assert rules(conflicts) == ["crew_move"]
    assert (conflicts[0]["move_minutes"], conflicts[0]["gap_minutes"]) == (60, 30)
    assert conflicts[0]["message"] == (
        "Crew C0003 needs 60 min to move from 秦王宫·大殿 (L0001, 秦王宫) to 明清宫苑·街 (L0003, "
        "明清宫苑) but has 30 min after C0003-S0001 (crew C0003) 08:00-09:00."
    )
    assert book(scene, base["street"], "10:00", "11:00").location == base["street"]


def test_booking_create_move_checked_before_the_next_scene(base, crew):
    book(SceneFactory(crew=crew, location_tags=["street"]), base["street"], "10:00", "11:00")
    conflicts = refused(SceneFactory(crew=crew), base["hall"], "08:30", "09:30")
    assert [(c["rule"], c["move_minutes"], c["gap_minutes"]) for c in conflicts] == [
        ("crew_move", 60, 30)
    ]


def test_booking_create_move_time_is_read_both_ways(base, crew):
    # Stored from 秦王宫 to 明清宫苑; the crew here travels the other way.
    book(SceneFactory(crew=crew, location_tags=["street"]), base["street"], "08:00", "09:00")
    conflicts = refused(SceneFactory(crew=crew), base["hall"], "09:30", "10:30")
    assert [(c["rule"], c["move_minutes"], c["gap_minutes"]) for c in conflicts] == [
        ("crew_move", 60, 30)
    ]


def test_booking_create_move_times_same_zone_and_default(base, crew):
    far = LocationFactory(zone=ZoneFactory(name="梦外滩"), tags=["palace"])
    book(SceneFactory(crew=crew), base["hall"], "08:00", "09:00")
    # Same zone: 15 minutes, so straight after at the square is too soon, a slot later is fine.
    assert rules(refused(SceneFactory(crew=crew), base["square"], "09:00", "10:00")) == [
        "crew_move"
    ]
    book(SceneFactory(crew=crew), base["square"], "09:30", "10:30")
    # No travel time stored between the zones: the default of 45 minutes.
    conflicts = refused(SceneFactory(crew=crew), far, "11:00", "12:00")
    assert [(c["move_minutes"], c["gap_minutes"]) for c in conflicts] == [(45, 30)]


def test_booking_create_closure_refused(base, crew):
    ClosureFactory(
        location=base["hall"],
        starts_at=shanghai(DAY, "12:00"),
        ends_at=shanghai(DAY, "14:00"),
        reason="tourist show",
    )
    conflicts = refused(SceneFactory(crew=crew), base["hall"], "13:30", "14:30")
    assert conflicts == [
        {
            "rule": "closure",
            # In the base's words: the shooting day and its clock, not ISO instants.
            "message": "秦王宫·大殿 (L0001) is closed 2026-12-02 12:00 to 14:00 (tourist show).",
            "location": "L0001",
            "start": "2026-12-02T12:00:00+08:00",
            "end": "2026-12-02T14:00:00+08:00",
        }
    ]


def test_booking_create_wrong_tag_refused(base, crew):
    scene = SceneFactory(crew=crew, code="C0003-S0007", location_tags=["palace", "outdoor"])
    conflicts = refused(scene, base["hall"], "08:00", "09:00")
    assert conflicts == [
        {
            "rule": "location_fit",
            "message": "秦王宫·大殿 (L0001) lacks the tags outdoor that scene C0003-S0007 needs.",
            "missing_tags": ["outdoor"],
        }
    ]


def test_booking_create_outside_explicit_locations_refused(base, crew):
    scene = SceneFactory(crew=crew, location_tags=[], locations=[base["square"]])
    assert [c["allowed_locations"] for c in refused(scene, base["hall"], "08:00", "09:00")] == [
        ["L0002"]
    ]


def test_booking_create_off_grid_refused(base, crew):
    conflicts = refused(SceneFactory(crew=crew), base["hall"], "08:15", "09:15")
    assert conflicts == [
        {"rule": "grid", "message": "Start and end must lie on the 30-minute grid."}
    ]


def test_booking_create_wrong_length_and_hours_refused(base, crew):
    scene = SceneFactory(crew=crew, code="C0003-S0002", minutes=60)
    assert refused(scene, base["hall"], "08:00", "10:00") == [
        {"rule": "duration", "message": "Scene C0003-S0002 lasts 60 min, not 120."}
    ]
    assert rules(refused(scene, base["hall"], "05:00", "06:00")) == ["day_hours"]


def test_booking_create_night_scene_in_the_day_refused(base, crew):
    night = SceneFactory(crew=crew, code="C0003-S0003", time_of_day="night")
    assert refused(night, base["hall"], "10:00", "11:00") == [
        {"rule": "time_of_day", "message": "Night scene C0003-S0003 must start at 18:00 or later."}
    ]
    day = SceneFactory(crew=crew, time_of_day="day")
    assert rules(refused(day, base["hall"], "17:30", "18:30")) == ["time_of_day"]
    assert book(night, base["hall"], "18:00", "19:00").status == "planned"


def test_booking_create_outside_the_crews_stay_refused(base, crew):
    scene = SceneFactory(crew=crew, first_date=dt.date(2026, 12, 1), last_date=dt.date(2026, 12, 9))
    conflicts = refused(scene, base["hall"], "08:00", "09:00", day=dt.date(2026, 12, 8))
    assert conflicts == [
        {"rule": "crew_stay", "message": "Crew C0003 is on the base 2026-12-01..2026-12-07."}
    ]


def test_booking_create_span_too_long_refused(base):
    crew = CrewFactory(code="C0009", max_span_minutes=240)
    book(SceneFactory(crew=crew), base["hall"], "08:00", "09:00")
    conflicts = refused(SceneFactory(crew=crew), base["hall"], "11:30", "12:30")
    assert conflicts == [
        {
            "rule": "crew_span",
            "message": "Crew C0009's day would run 08:00-12:30 (270 min), "
            "longer than its longest day of 240 min.",
            "crew": "C0009",
            "span_minutes": 270,
            "max_span_minutes": 240,
        }
    ]
    assert book(SceneFactory(crew=crew), base["hall"], "11:00", "12:00").status == "planned"


def test_booking_create_scene_already_booked_refused(base, crew):
    scene = SceneFactory(crew=crew)
    book(scene, base["hall"], "08:00", "09:00")
    assert rules(refused(scene, base["square"], "12:00", "13:00")) == ["scene_booked"]


def test_booking_create_reports_every_broken_rule(base, crew):
    book(SceneFactory(crew=CrewFactory()), base["hall"], "08:00", "09:00")
    scene = SceneFactory(crew=crew, location_tags=["street"], time_of_day="night")
    assert rules(refused(scene, base["hall"], "08:15", "09:15")) == [
        "location_fit",
        "grid",
        "time_of_day",
        "capacity",
    ]


def test_booking_create_end_before_start_is_invalid(base, crew):
    with pytest.raises(ValidationError) as caught:
        book(SceneFactory(crew=crew), base["hall"], "09:00", "08:00")
    assert caught.value.message_dict == {"end": ["The end must be after the start."]}
    assert Booking.objects.count() == 0


def test_booking_create_naive_time_is_invalid(base, crew):
    with pytest.raises(ValidationError) as caught:
        booking_create(
            scene=SceneFactory(crew=crew),
            location=base["hall"],
            starts_at=dt.datetime(2026, 12, 2, 8),
            ends_at=dt.datetime(2026, 12, 2, 9),
        )
    assert sorted(caught.value.message_dict) == ["end", "start"]


def test_booking_move_to_a_free_time_moves_it(base, crew):
    booking = book(SceneFactory(crew=crew), base["hall"], "08:00", "09:00")
    # Overlapping its own old place is no conflict.
    moved = booking_move(booking=booking, starts_at=shanghai(DAY, "08:30"))
    assert (moved.starts_at, moved.ends_at) == (shanghai(DAY, "08:30"), shanghai(DAY, "09:30"))
    moved = booking_move(booking=booking, location=base["square"])
    assert (moved.location, moved.exclusive) == (base["square"], False)


def test_booking_move_onto_a_taken_place_refused_and_unchanged(base, crew):
    book(SceneFactory(crew=CrewFactory()), base["hall"], "10:00", "11:00")
    booking = book(SceneFactory(crew=crew), base["hall"], "08:00", "09:00")
    with pytest.raises(BookingConflict) as caught:
        booking_move(booking=booking, starts_at=shanghai(DAY, "10:30"))
    assert rules(caught.value.conflicts) == ["capacity"]
    booking.refresh_from_db()
    assert booking.starts_at == shanghai(DAY, "08:00")


def test_booking_confirm_checks_the_rules_again(base, crew):
    booking = book(SceneFactory(crew=crew), base["hall"], "08:00", "09:00")
    assert booking_confirm(booking=booking).status == "confirmed"
    late = book(SceneFactory(crew=crew), base["hall"], "12:00", "13:00")
    ClosureFactory(
        location=base["hall"], starts_at=shanghai(DAY, "12:00"), ends_at=shanghai(DAY, "13:00")
    )
    with pytest.raises(BookingConflict) as caught:
        booking_confirm(booking=late)
    assert rules(caught.value.conflicts) == ["closure"]
    late.refresh_from_db()
    assert late.status == "planned"


def test_booking_cancel_frees_the_place(base, crew):
    booking = book(SceneFactory(crew=crew), base["hall"], "08:00", "09:00")
    assert booking_cancel(booking=booking).status == "cancelled"
    assert booking_cancel(booking=booking).status == "cancelled"
    other = SceneFactory(crew=CrewFactory())
    assert book(other, base["hall"], "08:00", "09:00").status == "planned"
    with pytest.raises(BookingConflict) as caught:
        booking_confirm(booking=booking)
    assert rules(caught.value.conflicts) == ["cancelled"]
