"""Performers hear when a call they were told of is withdrawn, or its scene moves.

A call is "told" once its "called" notice is written (a publish writes calls in bulk, and the
notices follow): only told performers expect to come, so only they are told otherwise.
"""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Call, Notification
from actors.services.calls import call_notices_missing_create
from scheduling.models import Booking
from tests.actors.guild_world import SHANGHAI, published_call
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    CallFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
)

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _told(crew):
    world = published_call(crew)
    assert call_notices_missing_create() == 1
    return world


def _notices(kind: str) -> list[tuple[str, str, int]]:
    return list(
        Notification.objects.filter(kind=kind)
        .order_by("pk")
        .values_list("performer__code", "payload__state", "payload__booking")
    )


def test_swapped_out_performer_is_told_the_call_is_withdrawn(guild_client, own_crew):
    world = _told(own_crew)
    booking = world.booking

    response = guild_client.post(
        f"/api/v1/bookings/{booking.pk}/extras/1/swap",
        {"out": "P80001", "in": "P70002"},
        format="json",
    )

    assert response.status_code == 200, response.content
    notice = Notification.objects.get(kind="withdrawn")
    starts, ends = (t.astimezone(SHANGHAI) for t in (booking.starts_at, booking.ends_at))
    assert notice.performer.code == "P80001"
    assert notice.text == (
        f"【横店演员公会】通告取消：{starts:%m月%d日} 剧组《{own_crew.name}》场次 "
        f"{booking.scene.code}（原定 {starts:%H:%M}-{ends:%H:%M}，明清宫苑·太和殿），无需到场。"
    )
    assert (notice.call, notice.payload["call"]) == (None, world.call.pk)  # the call is gone


def test_cancelled_booking_tells_only_the_performers_who_expect_to_come(ops_client, own_crew):
    world = _told(own_crew)
    booking = world.booking
    declined = CallFactory(booking=booking, extras_line=world.line, state=Call.State.DECLINED)
    Notification.objects.create(
        performer=declined.performer, call=declined, kind="called", text="x"
    )
    CallFactory(booking=booking, extras_line=world.line, performer=PerformerFactory(code="P80009"))

    response = ops_client.post(f"/api/v1/bookings/{booking.pk}/cancel/")
    again = ops_client.post(f"/api/v1/bookings/{booking.pk}/cancel/")

    assert (response.status_code, again.status_code) == (200, 200)
    # Not the one who declined, nor P80009, whose "called" notice was never written.
    assert _notices("withdrawn") == [("P80001", "called", booking.pk)]


def _next_morning(world) -> dt.datetime:
    """10:00 the day after the booking, with the crew and the scene allowed on it."""
    booking = world.booking
    day = booking.starts_at.astimezone(SHANGHAI).date()
    crew = booking.scene.crew
    crew.first_date, crew.last_date = day, day + dt.timedelta(days=1)
    crew.save()
    booking.scene.last_date = crew.last_date
    booking.scene.save()
    return dt.datetime.combine(crew.last_date, dt.time(10), SHANGHAI)


def test_moved_booking_tells_its_extras_the_new_time_and_place(ops_client, own_crew):
    world = _told(own_crew)
    booking = world.booking
    start = _next_morning(world)
    AvailabilityFactory(performer=world.call.performer, date=start.date())
    body = {"start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}

    response = ops_client.patch(f"/api/v1/bookings/{booking.pk}/", body, format="json", **EN)

    assert response.status_code == 200, response.content
    notice = Notification.objects.get(kind="changed")
    starts, ends = start.astimezone(SHANGHAI), (start + dt.timedelta(hours=2)).astimezone(SHANGHAI)
    assert notice.performer.code == "P80001"
    assert notice.text == (
        f"【横店演员公会】通告变更：剧组《{own_crew.name}》场次 {booking.scene.code} 改为 "
        f"{starts:%m月%d日 %H:%M}-{ends:%H:%M}，明清宫苑·太和殿。"
        f"签到码 {world.call.check_in_code} 不变。"
    )
    assert notice.payload["starts_at"] == start.astimezone(dt.UTC).isoformat()


def test_a_move_to_the_same_time_and_place_tells_no_one(ops_client, own_crew):
    world = _told(own_crew)
    booking = world.booking
    _next_morning(world)  # the crew on the base that day
    body = {"start": booking.starts_at.isoformat(), "end": booking.ends_at.isoformat()}

    response = ops_client.patch(f"/api/v1/bookings/{booking.pk}/", body, format="json")

    assert response.status_code == 200, response.content
    assert not Notification.objects.filter(kind="changed").exists()


def test_a_move_that_would_strand_an_extra_is_409_and_changes_nothing(ops_client, own_crew):
    world = _told(own_crew)
    booking = world.booking
    start = _next_morning(world)  # P80001 is not available that day
    body = {"start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}

    response = ops_client.patch(f"/api/v1/bookings/{booking.pk}/", body, format="json", **EN)

    assert response.status_code == 409
    assert response.json()["conflicts"] == [
        {
            "rule": "extras",
            "message": f"P80001, called to {booking.scene.code}, could not come: "
            f"not available on {start.date()}.",
            "performer": "P80001",
            "problems": [f"not available on {start.date()}"],
        }
    ]
    assert Booking.objects.get(pk=booking.pk).starts_at == booking.starts_at
    assert not Notification.objects.exclude(kind="called").exists()


def test_a_move_onto_an_extra_s_other_scene_is_409_naming_it(ops_client, own_crew):
    world = _told(own_crew)
    booking = world.booking
    start = _next_morning(world)
    AvailabilityFactory(performer=world.call.performer, date=start.date())
    other = BookingFactory(
        scene=SceneFactory(code="C0009-S0001"),
        location=LocationFactory(code="L0009"),
        starts_at=start,
        ends_at=start + dt.timedelta(hours=1),
    )
    CallFactory(booking=other, performer=world.call.performer)
    body = {"start": start.isoformat(), "end": (start + dt.timedelta(hours=2)).isoformat()}

    response = ops_client.patch(f"/api/v1/bookings/{booking.pk}/", body, format="json", **EN)

    assert response.status_code == 409
    assert [c["problems"] for c in response.json()["conflicts"]] == [
        ["busy in C0009-S0001 at L0009 10:00-11:00 (needs 45 min to move)"]
    ]
