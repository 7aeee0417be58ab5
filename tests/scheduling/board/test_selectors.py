"""The board's documents: the day's rows, what is not placed and demand against capacity."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduling.board.selectors import board_day, board_first_busy_day, board_unplaced
from scheduling.board.selectors_demand import board_demand
from scheduling.models import Booking, PlanRun, SceneRequest
from tests.factories import (
    BookingFactory,
    ClosureFactory,
    CrewFactory,
    ExtrasLineFactory,
    LocationFactory,
    SceneFactory,
    ZoneFactory,
    shanghai,
)

DAY = dt.date(2026, 12, 2)
pytestmark = pytest.mark.django_db


def _base():
    east, west = ZoneFactory(code="z-east", name="东区"), ZoneFactory(code="z-west", name="西区")
    hall = LocationFactory(code="L2", name="太和殿", zone=west, tags=["ancient", "palace-hall"])
    street = LocationFactory(
        code="L1", name="长街", zone=east, tags=["ancient", "street"], capacity=2
    )
    crew = CrewFactory(code="C1", name="凤唳九天")
    return hall, street, crew


def test_board_day_rows_grouped_by_zone_with_bookings_and_closures():
    hall, street, crew = _base()
    scene = SceneFactory(crew=crew, code="C1-S1", title="第1场", minutes=90)
    ExtrasLineFactory(scene=scene, count=12)
    ExtrasLineFactory(scene=scene, count=3)
    BookingFactory(
        scene=scene,
        location=hall,
        starts_at=shanghai(DAY, "09:00"),
        ends_at=shanghai(DAY, "10:30"),
        status=Booking.Status.CONFIRMED,
    )
    other = SceneFactory(crew=crew, code="C1-S2")
    BookingFactory(scene=other, location=street, starts_at=shanghai(DAY + dt.timedelta(1), "09:00"))
    ClosureFactory(
        location=street,
        starts_at=shanghai(DAY, "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(1), "02:00"),
        reason="灯光检修",
    )

    with CaptureQueriesContext(connection) as queries:
        day = board_day(day=DAY)

    # zones, locations, bookings, closures, reception's holds, hot sets, the next busy day
    assert len(queries) == 7
    assert day["zones"] == [["z-east", "东区"], ["z-west", "西区"]]
    assert day["tags"] == ["ancient", "palace-hall", "street"]
    assert day["locations"] == [["L1", "长街", 0, [0, 2], 2], ["L2", "太和殿", 1, [0, 1], 1]]
    assert day["crews"] == [["C1", "凤唳九天"]]
    assert day["bookings"] == [
        [Booking.objects.get(scene=scene).pk, 1, 0, 540, 630, 1, 0, "C1-S1", "第1场", 15]
    ]
    # The base's shooting day is 06:00-28:00: the closure runs into the night, to 02:00 (26:00).
    assert day["closures"] == [[0, 1320, 1560, "灯光检修"]]
    assert (day["day_start"], day["day_end"]) == (360, 1680)


def test_board_unplaced_groups_scenes_by_reason_set_type_day_and_profile():
    hall, _, crew = _base()
    booked = SceneFactory(crew=crew, code="C1-S1", first_date=DAY, last_date=DAY)
    BookingFactory(scene=booked, location=hall, starts_at=shanghai(DAY, "08:00"))
    short = SceneFactory(
        crew=crew, code="C1-S2", minutes=120, location_tags=["palace-hall"], first_date=DAY
    )
    ExtrasLineFactory(scene=short, count=30, gender="F", min_age=18, max_age=30, tags=["ancient"])
    SceneFactory(crew=crew, code="C1-S3", minutes=60, location_tags=["street"], first_date=DAY)
    PlanRun.objects.create(
        start=DAY,
        days=1,
        time_limit_seconds=5,
        status=PlanRun.Status.SUCCEEDED,
        unscheduled=[
            {"scene": "C1-S1", "reason": "not_worth"},
            {"scene": "C1-S2", "reason": "extras_shortage", "detail": "only 4 free"},
        ],
    )

    unplaced = board_unplaced(first=DAY, days=1)

    assert unplaced["total"] == 2
    assert unplaced["groups"] == {
        "reason": [["extras_shortage", 1, 2.0], ["not_booked", 1, 1.0]],
        "set_type": [["palace-hall", 1, 2.0], ["street", 1, 1.0]],
        "day": [["2026-12-02", 2, 3.0]],
        "profile": [["F 18-30 ancient", 1, 2.0]],
    }
    assert [(s["scene"], s["reason"], s["detail"], s["extras"]) for s in unplaced["scenes"]] == [
        ("C1-S2", "extras_shortage", "only 4 free", 30),
        ("C1-S3", "not_booked", "", 0),
    ]


def test_board_unplaced_shows_the_days_a_crew_asked_for_in_an_open_request():
    _hall, _street, crew = _base()
    later = DAY + dt.timedelta(days=1)
    asked = SceneFactory(crew=crew, code="C1-S2", first_date=DAY, last_date=later)
    settled = SceneFactory(crew=crew, code="C1-S3", first_date=DAY, last_date=later)
    SceneFactory(crew=crew, code="C1-S4", first_date=DAY, last_date=later)
    SceneRequest.objects.create(scene=asked, first_date=later, last_date=later)
    SceneRequest.objects.create(
        scene=settled, first_date=DAY, last_date=DAY, status=SceneRequest.Status.UNMET
    )

    unplaced = board_unplaced(first=DAY, days=2)

    assert unplaced["requested"] == 1
    assert [(s["scene"], s["requested"]) for s in unplaced["scenes"]] == [
        ("C1-S2", [str(later), str(later)]),
        ("C1-S3", None),
        ("C1-S4", None),
    ]


def test_board_demand_counts_booked_hours_and_spreads_waiting_scenes_over_their_window():
    hall, street, crew = _base()
    booked = SceneFactory(crew=crew, code="C1-S1", minutes=90, location_tags=["palace-hall"])
    BookingFactory(
        scene=booked,
        location=hall,
        starts_at=shanghai(DAY, "08:00"),
        ends_at=shanghai(DAY, "09:30"),
    )
    SceneFactory(
        crew=crew,
        code="C1-S2",
        minutes=240,
        location_tags=["street"],
        first_date=DAY,
        last_date=DAY + dt.timedelta(days=1),
    )
    ClosureFactory(location=hall, starts_at=shanghai(DAY, "06:00"), ends_at=shanghai(DAY, "12:00"))

    demand = board_demand(first=DAY, days=2)

    assert demand["days"] == ["2026-12-02", "2026-12-03"]
    assert demand["families"] == [
        # 22 open hours a day (06:00-28:00), less the hall's six closed ones on the first.
        {"family": "palace-hall", "demanded": [1.5, 0.0], "available": [16.0, 22.0], "load": 0.09},
        {"family": "street", "demanded": [2.0, 2.0], "available": [44.0, 44.0], "load": 0.05},
    ]


def test_board_first_busy_day_is_today_or_the_next_day_with_a_booking():
    assert board_first_busy_day(today=DAY) == DAY
    hall, _, crew = _base()
    scene = SceneFactory(crew=crew, code="C1-S1")
    BookingFactory(scene=scene, location=hall, starts_at=shanghai(DAY + dt.timedelta(3), "07:00"))

    assert board_first_busy_day(today=DAY) == DAY + dt.timedelta(3)
    assert board_first_busy_day(today=DAY + dt.timedelta(4)) == DAY + dt.timedelta(4)


@pytest.fixture
def night_day(settings):
    settings.PLANNING_DAY_END = "28:00"


def test_board_day_draws_the_shooting_day_past_midnight(night_day):
    hall, street, crew = _base()
    night = BookingFactory(
        scene=SceneFactory(crew=crew, code="C1-N1", title="夜戏", minutes=240),
        location=hall,
        starts_at=shanghai(DAY, "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(1), "02:00"),
    )
    small_hours = BookingFactory(
        scene=SceneFactory(crew=crew, code="C1-N2", title="凌晨"),
        location=street,
        starts_at=shanghai(DAY + dt.timedelta(1), "03:00"),
    )
    ClosureFactory(
        location=street,
        starts_at=shanghai(DAY, "23:00"),
        ends_at=shanghai(DAY + dt.timedelta(1), "08:00"),
        reason="灯光检修",
    )

    day = board_day(day=DAY)
    next_day = board_day(day=DAY + dt.timedelta(1))

    assert (day["day_start"], day["day_end"]) == (360, 1680)
    assert sorted(b[:5] + [b[7]] for b in day["bookings"]) == [
        [night.pk, 1, 0, 1320, 1560, "C1-N1"],
        [small_hours.pk, 0, 0, 1620, 1680, "C1-N2"],
    ]
    assert day["closures"] == [[0, 1380, 1680, "灯光检修"]]
    assert next_day["bookings"] == []
    assert next_day["closures"] == [[0, 360, 480, "灯光检修"]]


def test_board_demand_counts_a_night_on_its_shooting_day_with_its_hours(night_day):
    hall, _, crew = _base()
    BookingFactory(
        scene=SceneFactory(crew=crew, code="C1-N1", minutes=240, location_tags=["palace-hall"]),
        location=hall,
        starts_at=shanghai(DAY, "22:00"),
        ends_at=shanghai(DAY + dt.timedelta(1), "02:00"),
    )
    ClosureFactory(
        location=hall,
        starts_at=shanghai(DAY + dt.timedelta(1), "03:00"),
        ends_at=shanghai(DAY + dt.timedelta(1), "07:00"),
    )

    demand = board_demand(first=DAY, days=2)

    # 22 h a day (06:00-28:00): 03:00-04:00 closed on the 2nd's night, 06:00-07:00 on the 3rd.
    assert demand["families"] == [
        {"family": "palace-hall", "demanded": [4.0, 0.0], "available": [21.0, 21.0], "load": 0.19}
    ]


def test_board_first_busy_day_of_a_small_hours_booking_is_the_night_before(night_day):
    hall, _, crew = _base()
    BookingFactory(
        scene=SceneFactory(crew=crew, code="C1-N1"),
        location=hall,
        starts_at=shanghai(DAY + dt.timedelta(3), "01:00"),
    )

    assert board_first_busy_day(today=DAY) == DAY + dt.timedelta(2)
