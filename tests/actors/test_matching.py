"""Candidates for an extras line, and the guild's own assignments and swaps.

The hand-made base: zones A and B an hour apart; the booking is 10:00-11:00 on 2026-12-03 at
LA1 (zone A) and its line wants two women aged 18-30 with the ancient look. Who fits, who does
not and why is written beside each performer in ``matching``.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import translation

from actors.models import Call, Performer
from actors.selectors import extras_candidates, extras_fit_problems
from scheduling.models import Booking
from scheduling.selectors.instances import instance_export
from tests.actors import role_clients
from tests.actors.role_clients import ROLES
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    CallFactory,
    CrewFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
    shanghai,
)

DAY = dt.date(2026, 12, 3)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
client_as = role_clients.client_as


def busy(performer, location, day: dt.date, start: str, minutes: int, crew) -> Call:
    """A call of ``performer`` to another scene (named after them) at ``location``."""
    scene = SceneFactory(code=f"{crew.code}-{performer.code}", crew=crew, minutes=minutes)
    starts_at = shanghai(day, start)
    booking = BookingFactory(
        scene=scene,
        location=location,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=minutes),
    )
    return CallFactory(
        booking=booking, extras_line=ExtrasLineFactory(scene=scene, count=5), performer=performer
    )


@pytest.fixture
def matching(db, own_crew):
    zone_a, zone_b = ZoneFactory(code="ZA"), ZoneFactory(code="ZB")
    TravelTimeFactory(from_zone=zone_a, to_zone=zone_b, minutes=60)
    la1 = LocationFactory(code="LA1", zone=zone_a)
    la2 = LocationFactory(code="LA2", zone=zone_a)
    lb1 = LocationFactory(code="LB1", zone=zone_b)
    scene = SceneFactory(code="C0001-S900", crew=own_crew, minutes=60)
    line = ExtrasLineFactory(
        scene=scene, position=1, count=2, gender="F", min_age=18, max_age=30, tags=["ancient"]
    )
    booking = BookingFactory(
        scene=scene, location=la1, starts_at=shanghai(DAY, "10:00"), ends_at=shanghai(DAY, "11:00")
    )
    other = CrewFactory(code="C0009")

    def woman(code, available=True, **kwargs):
        fields = {"gender": "F", "age": 25, "tags": ["ancient"], "skills": [], **kwargs}
        performer = PerformerFactory(code=code, **fields)
        if available:
            AvailabilityFactory(performer=performer, date=DAY)
        return performer

    woman("P60001")  # fits, never worked
    p2 = woman("P60002", reliability=0.95)  # fits, band 0.9, 120 min on 12-01
    busy(p2, la2, dt.date(2026, 12, 1), "08:00", 120, other)
    p3 = woman("P60003")  # fits, 60 min on 12-02
    busy(p3, la2, dt.date(2026, 12, 2), "08:00", 60, other)
    p4 = woman("P60004")  # fits, 60 min on 11-30: longer ago than P60003
    busy(p4, la2, dt.date(2026, 11, 30), "08:00", 60, other)
    woman("P60005", gender="M")  # a man
    woman("P60006", age=35)  # too old
    woman("P60007", tags=["modern"])  # not the look
    woman("P60008", available=False)  # not available that day
    p9 = woman("P60009")  # 11:30 in zone B: an hour's move after 11:00 is not enough
    busy(p9, lb1, DAY, "11:30", 60, other)
    p10 = woman("P60010")  # 11:30 in zone A: 15 minutes' move is enough; 60 min today
    busy(p10, la2, DAY, "11:30", 60, other)
    p11 = woman("P60011", max_minutes_per_day=120)  # 90 min already today: 30 left
    busy(p11, la1, DAY, "06:00", 90, other)
    woman("P60012", reliability=0.6)  # fits, band 0.6
    p13 = woman("P60013")  # already called to this booking
    CallFactory(booking=booking, extras_line=line, performer=p13)
    return booking, line


def test_extras_candidates_hand_made_order(matching):
    booking, line = matching

    with translation.override("en"):
        ranked = extras_candidates(booking=booking, extras_line=line, limit=None)

    assert [(c.rank, c.performer.code) for c in ranked] == [
        (1, "P60001"),
        (2, "P60004"),
        (3, "P60003"),
        (4, "P60010"),
        (5, "P60002"),
        (6, "P60012"),
    ]
    assert [
        (c.reliability_band, c.minutes_last_7_days, c.last_worked_on, c.minutes_left_today)
        for c in ranked
    ] == [
        (1.0, 0, None, 600),
        (1.0, 60, dt.date(2026, 11, 30), 600),
        (1.0, 60, dt.date(2026, 12, 2), 600),
        (1.0, 60, DAY, 540),
        (0.9, 120, dt.date(2026, 12, 1), 600),
        (0.6, 0, None, 600),
    ]
    assert ranked[1].reasons == (
        "reliability 1.00 (band 1.0)",
        "60 min worked in the last 7 days",
        "last worked 2026-11-30",
        "600 min left of the daily limit",
    )


def test_extras_candidates_limit_keeps_the_best(matching):
    booking, line = matching
    ranked = extras_candidates(booking=booking, extras_line=line, limit=2)
    assert [c.performer.code for c in ranked] == ["P60001", "P60004"]


def test_extras_fit_problems_name_each_broken_rule(matching):
    booking, line = matching

    with translation.override("en"):
        problems = {
            code: extras_fit_problems(
                booking=booking, extras_line=line, performer=Performer.objects.get(code=code)
            )
            for code in ("P60001", "P60005", "P60008", "P60009", "P60011", "P60013")
        }

    assert problems == {
        "P60001": [],
        "P60005": ["gender M is not F"],
        "P60008": ["not available on 2026-12-03"],
        "P60009": ["busy in C0009-P60009 at LB1 11:30-12:30 (needs 60 min to move)"],
        "P60011": ["only 30 min left of the daily limit, the scene takes 60"],
        "P60013": ["already called to this scene"],
    }


def test_candidates_endpoint_for_guild(client_as, matching):
    booking, line = matching

    response = client_as("guild").get(
        f"/api/v1/bookings/{booking.pk}/extras/1/candidates", {"limit": 3}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["scene"], body["line"], body["date"], body["needed"]) == (
        "C0001-S900",
        1,
        "2026-12-03",
        2,
    )
    assert [c["performer"] for c in body["calls"]] == ["P60013"]
    assert [(c["rank"], c["performer"]["code"]) for c in body["candidates"]] == [
        (1, "P60001"),
        (2, "P60004"),
        (3, "P60003"),
    ]
    assert "phone" not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, (401, 200, 200, 403, 403, 403), strict=True)),
)
def test_candidates_endpoint_permissions(client_as, matching, role, expected):
    booking, _ = matching
    url = f"/api/v1/bookings/{booking.pk}/extras/1/candidates"
    assert client_as(role).get(url).status_code == expected


def test_candidates_endpoint_unknown_line_is_404(client_as, matching):
    booking, _ = matching
    url = f"/api/v1/bookings/{booking.pk}/extras/9/candidates"
    assert client_as("guild").get(url).status_code == 404


def test_assign_by_guild_writes_pinned_calls(client_as, matching):
    booking, line = matching

    response = client_as("guild").post(
        f"/api/v1/bookings/{booking.pk}/extras/1/assign", {"performers": ["P60004"]}, format="json"
    )

    assert response.status_code == 201
    assert [(c["performer"], c["state"], c["pinned"]) for c in response.json()["calls"]] == [
        ("P60004", "called", True),
        ("P60013", "called", True),
    ]
    assert sorted(
        Call.objects.filter(booking=booking).values_list("performer__code", "pinned")
    ) == [("P60004", True), ("P60013", True)]


def test_assign_breaking_rules_is_409_naming_them_and_writes_nothing(client_as, matching):
    booking, _ = matching

    response = client_as("guild").post(
        f"/api/v1/bookings/{booking.pk}/extras/1/assign",
        {"performers": ["P60005", "P60011"]},
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json()["problems"] == {
        "line": ["the line needs 2, 1 are called, 2 more would be too many"],
        "P60005": ["gender M is not F"],
        "P60011": ["only 30 min left of the daily limit, the scene takes 60"],
    }
    assert Call.objects.filter(booking=booking).count() == 1


def test_assign_unknown_performer_is_400(client_as, matching):
    booking, _ = matching
    response = client_as("guild").post(
        f"/api/v1/bookings/{booking.pk}/extras/1/assign",
        {"performers": ["P69999"]},
        format="json",
        **EN,
    )
    assert (response.status_code, response.json()) == (
        400,
        {"performers": ["unknown performer codes: P69999"]},
    )


def test_swap_by_guild_replaces_the_call(client_as, matching):
    booking, _ = matching

    response = client_as("guild").post(
        f"/api/v1/bookings/{booking.pk}/extras/1/swap",
        {"out": "P60013", "in": "P60001"},
        format="json",
    )

    assert response.status_code == 200
    assert [(c["performer"], c["pinned"]) for c in response.json()["calls"]] == [("P60001", True)]
    assert list(Call.objects.filter(booking=booking).values_list("performer__code", flat=True)) == [
        "P60001"
    ]


def test_swap_in_a_busy_performer_is_409(client_as, matching):
    booking, _ = matching

    response = client_as("guild").post(
        f"/api/v1/bookings/{booking.pk}/extras/1/swap",
        {"out": "P60001", "in": "P60008"},
        format="json",
        **EN,
    )

    assert response.status_code == 409
    assert response.json()["problems"] == {
        "P60001": ["holds no place on this line"],
        "P60008": ["not available on 2026-12-03"],
    }


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, (401, 403, 201, 403, 403, 403), strict=True)),
)
def test_assign_permissions(client_as, matching, role, expected):
    booking, _ = matching
    url = f"/api/v1/bookings/{booking.pk}/extras/1/assign"
    response = client_as(role).post(url, {"performers": ["P60001"]}, format="json")
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"),
    list(zip(ROLES, (401, 403, 200, 403, 403, 403), strict=True)),
)
def test_swap_permissions(client_as, matching, role, expected):
    booking, _ = matching
    url = f"/api/v1/bookings/{booking.pk}/extras/1/swap"
    response = client_as(role).post(url, {"out": "P60013", "in": "P60001"}, format="json")
    assert response.status_code == expected


def _exported(booking: Booking):
    instance = instance_export(start=dt.date(2026, 12, 1), days=7)
    scene = booking.scene.code
    locked = [b for b in instance.locked if b.scene == scene]
    previous = [b for b in instance.previous if b.scene == scene]
    return locked, previous


def test_pinned_complete_booking_is_exported_as_locked(client_as, matching):
    booking, _ = matching
    before = _exported(booking)

    client_as("guild").post(
        f"/api/v1/bookings/{booking.pk}/extras/1/assign", {"performers": ["P60001"]}, format="json"
    )
    locked, previous = _exported(booking)

    assert (before[0], [b.scene for b in before[1]], previous) == ([], ["C0001-S900"], [])
    assert [(b.scene, b.location, b.day, b.start, b.performers) for b in locked] == [
        ("C0001-S900", "LA1", 2, 600, (("P60013", "P60001"),))
    ]


def test_pinned_but_incomplete_booking_stays_previous(matching):
    booking, line = matching
    Call.objects.filter(booking=booking).update(pinned=True)  # one of the line's two places

    locked, previous = _exported(booking)

    assert (locked, [(b.scene, b.location, b.day, b.start) for b in previous]) == (
        [],
        [("C0001-S900", "LA1", 2, 600)],
    )


def test_declined_or_cancelled_calls_free_the_performer(matching):
    booking, line = matching
    Call.objects.filter(performer__code="P60009").update(state=Call.State.DECLINED)
    Booking.objects.filter(calls__performer__code="P60011").update(status=Booking.Status.CANCELLED)

    codes = [c.performer.code for c in extras_candidates(booking=booking, extras_line=line)]

    assert codes == ["P60001", "P60009", "P60011", "P60004", "P60003", "P60010", "P60002", "P60012"]


def test_assign_to_a_cancelled_booking_is_409(client_as, matching):
    booking, _ = matching
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)

    response = client_as("guild").post(
        f"/api/v1/bookings/{booking.pk}/extras/1/assign",
        {"performers": ["P60001"]},
        format="json",
        **EN,
    )

    assert (response.status_code, response.json()["problems"]) == (
        409,
        {"booking": ["the booking is cancelled"]},
    )


def test_extras_fit_problems_speak_the_base_s_language_by_default(matching):
    booking, line = matching

    with translation.override(settings.LANGUAGE_CODE):  # zh-hans, whatever a test before chose
        problems = extras_fit_problems(
            booking=booking, extras_line=line, performer=Performer.objects.get(code="P60009")
        )

    assert problems == ["11:30-12:30 在 LB1 拍摄 C0009-P60009（转场需 60 分钟）"]


def test_performer_who_wrapped_a_night_late_is_not_a_candidate_before_their_rest(
    matching, settings
):
    """P60014 shot until 02:00 (the night of 12-02) and rests 10 h: 10:00 leaves 8 h."""
    settings.PLANNING_DAY_END = "28:00"
    booking, line = matching
    night = dt.date(2026, 12, 2)
    tired = PerformerFactory(code="P60014", gender="F", age=25, tags=["ancient"])
    tired.min_rest_minutes = 600
    tired.save()
    AvailabilityFactory(performer=tired, date=DAY)
    busy(tired, booking.location, night, "22:00", 240, CrewFactory(code="C0010"))

    with translation.override("en"):
        codes = [c.performer.code for c in extras_candidates(booking=booking, extras_line=line)]
        problems = extras_fit_problems(booking=booking, extras_line=line, performer=tired)

    assert "P60014" not in codes
    assert problems == ["rests 480 min between shooting days around C0010-P60014, needs 600"]


def test_performer_with_enough_rest_after_a_night_is_a_candidate(matching, settings):
    settings.PLANNING_DAY_END = "28:00"
    booking, line = matching
    rested = PerformerFactory(code="P60015", gender="F", age=25, tags=["ancient"])
    rested.min_rest_minutes = 480
    rested.save()
    AvailabilityFactory(performer=rested, date=DAY)
    busy(rested, booking.location, dt.date(2026, 12, 2), "22:00", 240, CrewFactory(code="C0010"))

    codes = [c.performer.code for c in extras_candidates(booking=booking, extras_line=line)]

    assert "P60015" in codes


def test_extras_fit_problems_count_a_night_on_its_shooting_day(settings, own_crew):
    """The small hours of 4 December are the night of the 3rd: the performer must be free on
    the 3rd, and its minutes add to the 3rd's (480 + 180 > 600) with a day of 06:00-28:00."""
    settings.PLANNING_DAY_END = "28:00"
    here = LocationFactory(code="LN1")
    night = BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SN1", minutes=180),
        location=here,
        starts_at=shanghai(DAY + dt.timedelta(days=1), "01:00"),
    )
    line = ExtrasLineFactory(scene=night.scene, position=1, count=1)
    worked, away = PerformerFactory(code="P61001"), PerformerFactory(code="P61002")
    AvailabilityFactory(performer=worked, date=DAY)
    AvailabilityFactory(performer=away, date=DAY + dt.timedelta(days=1))
    busy(worked, here, DAY, "10:00", 480, own_crew)

    with translation.override("en"):
        problems = {
            p.code: extras_fit_problems(booking=night, extras_line=line, performer=p)
            for p in (worked, away)
        }

    assert problems == {
        "P61001": ["only 120 min left of the daily limit, the scene takes 180"],
        "P61002": ["not available on 2026-12-03"],
    }


def test_extras_fit_problems_write_a_clash_past_midnight_as_next_day(settings, own_crew):
    settings.PLANNING_DAY_END = "28:00"
    here = LocationFactory(code="LN2", capacity=2)  # two crews at once: both bookings stand
    night = BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-SN2", minutes=60),
        location=here,
        starts_at=shanghai(DAY + dt.timedelta(days=1), "01:00"),
    )
    line = ExtrasLineFactory(scene=night.scene, position=1, count=1)
    performer = PerformerFactory(code="P61003")
    AvailabilityFactory(performer=performer, date=DAY)
    busy(performer, here, DAY, "23:00", 150, own_crew)

    with translation.override("en"):
        problems = extras_fit_problems(booking=night, extras_line=line, performer=performer)

    assert problems == ["busy in C0001-P61003 at LN2 23:00-01:30 (next day) (needs 0 min to move)"]
