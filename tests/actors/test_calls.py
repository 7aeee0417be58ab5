"""Calls: their states, check-in by code, and no-shows and declines replaced at once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from actors.models import Call, Notification, Performer
from actors.selectors import extras_candidates
from hengdian.celery import app as celery_app
from scheduling.services.plan_publish import plan_run_publish
from tests.actors.guild_world import published_call
from tests.factories import PerformerFactory
from tests.scheduling.runs.conftest import EXAMPLE
from tests.scheduling.runs.helpers import imported, run_to_end

API = "/api/v1/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
ROLES = ["anon", "ops", "guild", "crew", "other_crew", "performer"]


@pytest.fixture
def clients(api_client_for, ops_user, guild_user, crew_user, own_crew, other_crew, performer_user):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "other_crew": other_crew.members.get(),
        "performer": performer_user,
    }
    return {role: api_client_for(user) for role, user in users.items()}


def test_call_no_show_on_published_call_is_replaced_by_top_candidate(guild_client, own_crew):
    world = published_call(own_crew)

    response = guild_client.post(f"{API}calls/{world.call.pk}/no-show")

    assert response.status_code == 200
    body = response.json()
    assert body["call"]["state"] == "no_show"
    assert body["replaced"] is True
    assert body["replacement"]["performer"] == "P70002"  # reliability 0.95: the top candidate
    assert body["replacement"]["state"] == "called"
    assert body["replacement"]["replaces"] == world.call.pk
    assert [c["performer"] for c in body["candidates"]] == ["P70003", "P70001"]
    assert body["reliability"] == 0.8  # 1.0 x 80%
    assert Performer.objects.get(code="P80001").reliability == 0.8
    replacement = Call.objects.get(pk=body["replacement"]["id"])
    assert (replacement.booking_id, replacement.extras_line_id) == (
        world.booking.pk,
        world.line.pk,
    )
    notices = Notification.objects.order_by("pk").values_list("performer__code", "kind")
    assert list(notices) == [("P80001", "no_show"), ("P70002", "called")]


def test_call_no_show_lowers_reliability_each_time_by_the_rule(guild_client, own_crew):
    world = published_call(own_crew, performer=PerformerFactory(code="P80001", reliability=0.9))
    guild_client.post(f"{API}calls/{world.call.pk}/no-show")

    # 0.9 x 0.8 = 0.72
    assert Performer.objects.get(code="P80001").reliability == 0.72


def test_call_decline_by_performer_gives_place_to_top_candidate_unseen_by_them(
    api_client_for, performer_user, own_crew
):
    world = published_call(own_crew, performer=performer_user.performer)

    response = api_client_for(performer_user).post(f"{API}calls/{world.call.pk}/decline")

    assert response.status_code == 200
    body = response.json()
    assert (body["call"]["state"], body["replaced"]) == ("declined", True)
    assert (body["replacement"], body["candidates"]) == (None, [])
    replacement = Call.objects.get(replaces=world.call)
    assert (replacement.performer.code, replacement.state) == ("P70002", "called")
    assert Performer.objects.get(code="P90001").reliability == 1.0  # a decline is no fault


def test_call_decline_when_place_refilled_by_hand_calls_nobody(guild_client, own_crew):
    world = published_call(own_crew)
    world.line.count = 1
    Call.objects.create(
        booking=world.booking,
        extras_line=world.line,
        performer=Performer.objects.get(code="P70001"),
    )

    body = guild_client.post(f"{API}calls/{world.call.pk}/decline").json()

    assert (body["replaced"], body["replacement"]) == (False, None)
    assert Call.objects.filter(booking=world.booking).count() == 2


def test_call_confirm_check_in_release_by_code(
    api_client_for, performer_user, guild_user, own_crew
):
    world = published_call(own_crew, performer=performer_user.performer)
    performer = api_client_for(performer_user)

    confirmed = performer.post(f"{API}calls/{world.call.pk}/confirm")
    code = world.call.check_in_code
    typed = f" {code[:4].lower()}-{code[4:]} "  # as a team leader may type it
    crew = api_client_for(own_crew.members.get())
    checked_in = crew.post(f"{API}calls/check-in", {"code": typed}, format="json")
    released = api_client_for(guild_user).post(f"{API}calls/{world.call.pk}/release")

    assert confirmed.json()["call"]["state"] == "confirmed"
    assert checked_in.status_code == 200
    assert checked_in.json()["state"] == "checked_in"
    assert "check_in_code" not in checked_in.json()
    assert released.json()["call"]["state"] == "released"
    call = Call.objects.get(pk=world.call.pk)
    assert call.confirmed_at < call.checked_in_at < call.released_at
    kinds = Notification.objects.order_by("pk").values_list("kind", flat=True)
    assert list(kinds) == ["confirmed", "released"]


def test_call_release_at_recorded_wrap_time(guild_client, own_crew):
    world = published_call(own_crew)
    checked_in = timezone.now() - dt.timedelta(hours=3)
    Call.objects.filter(pk=world.call.pk).update(state="checked_in", checked_in_at=checked_in)
    wrap = checked_in + dt.timedelta(hours=2, minutes=30)

    response = guild_client.post(
        f"{API}calls/{world.call.pk}/release", {"released_at": wrap.isoformat()}, format="json"
    )

    assert response.status_code == 200
    assert Call.objects.get(pk=world.call.pk).released_at == wrap


def test_call_release_before_check_in_time_is_400(guild_client, own_crew):
    world = published_call(own_crew)
    checked_in = timezone.now() - dt.timedelta(hours=1)
    Call.objects.filter(pk=world.call.pk).update(state="checked_in", checked_in_at=checked_in)
    early = checked_in - dt.timedelta(minutes=5)

    response = guild_client.post(
        f"{API}calls/{world.call.pk}/release", {"released_at": early.isoformat()}, format="json"
    )

    assert response.status_code == 400
    assert Call.objects.get(pk=world.call.pk).state == "checked_in"


def test_call_check_in_of_declined_call_is_409_naming_state(guild_client, own_crew):
    world = published_call(own_crew)
    guild_client.post(f"{API}calls/{world.call.pk}/decline")

    response = guild_client.post(
        f"{API}calls/check-in", {"code": world.call.check_in_code}, format="json", **EN
    )

    assert response.status_code == 409
    assert response.json()["message"] == (
        f"Call {world.call.pk} is declined: it cannot be checked in."
    )


def test_call_no_show_after_check_in_is_409(guild_client, own_crew):
    world = published_call(own_crew)
    guild_client.post(f"{API}calls/check-in", {"code": world.call.check_in_code}, format="json")

    response = guild_client.post(f"{API}calls/{world.call.pk}/no-show", **EN)

    assert response.status_code == 409
    assert response.json()["message"] == (
        f"Call {world.call.pk} is checked_in: it cannot be marked a no-show."
    )
    assert Notification.objects.filter(kind="no_show").count() == 0


@pytest.mark.parametrize("move", ["no-show", "decline", "confirm"])
def test_a_call_withdrawn_by_a_publish_while_it_is_moved_is_404_and_changes_nothing(
    guild_client, own_crew, monkeypatch, move
):
    # The race the soak met: the view reads the call, then a publish deletes it before the
    # move locks it.
    from actors.api.calls import CallViewSet

    world = published_call(own_crew)
    read = CallViewSet.get_object

    def read_then_withdrawn(view):
        call = read(view)
        Call.objects.filter(pk=call.pk).delete()
        return call

    monkeypatch.setattr(CallViewSet, "get_object", read_then_withdrawn)
    reliability = Performer.objects.get(code="P80001").reliability

    response = guild_client.post(f"{API}calls/{world.call.pk}/{move}", **EN)

    assert response.status_code == 404
    assert response.json()["message"] == (
        f"Call {world.call.pk} was withdrawn meanwhile (a plan or repair was published): "
        "read the booking's calls again."
    )
    assert Performer.objects.get(code="P80001").reliability == reliability
    assert not Call.objects.filter(booking=world.booking).exists()
    assert Notification.objects.count() == 0


def test_call_check_in_wrong_code_is_404(guild_client, own_crew):
    published_call(own_crew)

    response = guild_client.post(f"{API}calls/check-in", {"code": "ZZZZZZZZ"}, format="json", **EN)

    assert response.status_code == 404
    assert response.json()["message"] == "No call has the check-in code 'ZZZZZZZZ'."


def test_call_check_in_expired_code_is_400(guild_client, own_crew):
    # Booked yesterday at this time for two hours: the code closed 6 h after the end.
    world = published_call(own_crew, starts_at=timezone.now() - dt.timedelta(hours=24))

    response = guild_client.post(
        f"{API}calls/check-in", {"code": world.call.check_in_code}, format="json", **EN
    )

    assert response.status_code == 400
    assert response.json()["message"].startswith("code: The check-in code expired at ")
    assert Call.objects.get(pk=world.call.pk).state == "called"


def test_call_check_in_by_other_crew_is_404(api_client_for, own_crew, other_crew):
    world = published_call(own_crew)
    other = api_client_for(other_crew.members.get())

    response = other.post(f"{API}calls/check-in", {"code": world.call.check_in_code}, format="json")

    assert response.status_code == 404
    assert Call.objects.get(pk=world.call.pk).state == "called"


def test_call_codes_are_8_chars_of_crockford_base32_and_distinct(own_crew):
    world = published_call(own_crew)
    codes = [Call(booking=world.booking, extras_line=world.line).check_in_code for _ in range(200)]

    assert {len(code) for code in codes} == {8}
    assert set("".join(codes)) <= set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert len(set(codes)) == 200


def test_call_list_performer_sees_only_own_calls(api_client_for, performer_user, own_crew):
    published_call(own_crew, performer=performer_user.performer)
    other = published_call(own_crew, performer=PerformerFactory(code="P80009"))

    response = api_client_for(performer_user).get(f"{API}calls/")

    assert response.status_code == 200
    assert [c["performer"] for c in response.json()["results"]] == ["P90001"]
    assert api_client_for(performer_user).get(f"{API}calls/{other.call.pk}/").status_code == 404


def test_call_list_crew_sees_own_scenes_masked_without_code(crew_client, own_crew, other_crew):
    world = published_call(own_crew)
    published_call(other_crew, performer=PerformerFactory(code="P80009"))

    [call] = crew_client.get(f"{API}calls/").json()["results"]

    assert call["performer"] == "P80001"
    assert call["performer_name"] == "林**"
    assert "check_in_code" not in call
    assert call["scene"] == world.booking.scene.code
    assert call["look"] == {
        "gender": "F",
        "min_age": 18,
        "max_age": 30,
        "tags": ["ancient"],
        "skills": [],
    }
    assert (call["location_name"], call["zone_name"]) == ("太和殿", "明清宫苑")


def test_call_performer_cannot_confirm_anothers_call(api_client_for, performer_user, own_crew):
    world = published_call(own_crew)

    response = api_client_for(performer_user).post(f"{API}calls/{world.call.pk}/confirm")

    assert response.status_code == 404
    assert Call.objects.get(pk=world.call.pk).state == "called"


# Expected status per endpoint, in ROLES order (anon, ops, guild, crew, other crew, performer).
# The call belongs to performer_user and to own_crew's scene.
MATRIX = {
    "list": ("get", "calls/", (401, 200, 200, 200, 200, 200)),
    "retrieve": ("get", "calls/{pk}/", (401, 200, 200, 200, 404, 200)),
    "confirm": ("post", "calls/{pk}/confirm", (401, 403, 200, 403, 403, 200)),
    "decline": ("post", "calls/{pk}/decline", (401, 403, 200, 403, 403, 200)),
    "no-show": ("post", "calls/{pk}/no-show", (401, 403, 200, 403, 403, 403)),
    "release": ("post", "calls/{pk}/release", (401, 403, 200, 403, 403, 403)),
    "check-in": ("post", "calls/check-in", (401, 403, 200, 200, 404, 403)),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", list(MATRIX))
def test_call_endpoint_permissions(clients, performer_user, own_crew, endpoint, role):
    world = published_call(own_crew, performer=performer_user.performer)
    if endpoint == "release":
        checked_in = timezone.now() - dt.timedelta(hours=1)
        Call.objects.filter(pk=world.call.pk).update(state="checked_in", checked_in_at=checked_in)
    method, path, expected = MATRIX[endpoint]
    body = {"code": world.call.check_in_code}
    client = clients[role]

    response = getattr(client, method)(
        API + path.format(pk=world.call.pk), body if method == "post" else None, format="json"
    )

    assert response.status_code == expected[ROLES.index(role)]


def test_call_decline_twice_never_recalls_who_declined(guild_client, own_crew):
    # P80001 (reliability 1.0) declines: P70002 takes the place. P70002 declines too: P80001
    # would rank first again, but declined this scene already; P70003 (0.85) is next.
    world = published_call(own_crew)
    first = guild_client.post(f"{API}calls/{world.call.pk}/decline").json()["replacement"]

    second = guild_client.post(f"{API}calls/{first['id']}/decline").json()["replacement"]

    assert (first["performer"], second["performer"]) == ("P70002", "P70003")
    assert second["replaces"] == first["id"]


def test_call_replacement_of_pinned_place_is_pinned(guild_client, own_crew):
    world = published_call(own_crew)
    Call.objects.filter(pk=world.call.pk).update(pinned=True)

    body = guild_client.post(f"{API}calls/{world.call.pk}/no-show").json()

    assert Call.objects.get(pk=body["replacement"]["id"]).pinned is True


@pytest.fixture
def eager_tasks():
    """The planning run executes in-process whatever the tier (a broker is not the point)."""
    saved = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = saved


def test_call_no_show_after_a_real_publish_takes_the_ranked_candidate(
    guild_client, eager_tasks, django_capture_on_commit_callbacks
):
    # The contract's example instance three days ahead, planned and published as the plan.
    start = timezone.localdate() + dt.timedelta(days=3)
    document = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    document["horizon"]["start"] = start.isoformat()
    imported(document, django_capture_on_commit_callbacks)
    run = run_to_end(django_capture_on_commit_callbacks, start=start, days=2)
    plan_run_publish(run_id=run.pk)
    call = Call.objects.order_by("booking__starts_at", "pk").first()
    called = set(Call.objects.filter(booking=call.booking).values_list("performer_id", flat=True))
    ranked = extras_candidates(booking=call.booking, extras_line=call.extras_line, limit=None)
    expected = [c.performer.code for c in ranked if c.performer.pk not in called]

    response = guild_client.post(f"{API}calls/{call.pk}/no-show")

    assert response.status_code == 200
    body = response.json()
    assert body["replacement"]["performer"] == expected[0]
    assert [c["performer"] for c in body["candidates"]] == expected[1:6]
    assert Call.objects.get(pk=body["replacement"]["id"]).booking_id == call.booking_id


def test_call_check_in_reads_typed_look_alikes(guild_client, own_crew):
    world = published_call(own_crew)
    Call.objects.filter(pk=world.call.pk).update(check_in_code="AB10CD01")

    # l and I read as 1, o as 0, case, spaces and hyphens ignored
    response = guild_client.post(f"{API}calls/check-in", {"code": "ab-lo cdoI"}, format="json")

    assert response.status_code == 200
    assert response.json()["id"] == world.call.pk


@pytest.mark.postgres
def test_call_check_in_locks_the_booking_row_alone(guild_client, own_crew):
    # Found by the soak: the booking's default ordering joined its location into the FOR
    # UPDATE, so a check-in locked the location after the booking, crossing a publish's order
    # (locations, then bookings): PostgreSQL broke the deadlock with a 500.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = published_call(own_crew)
    with CaptureQueriesContext(connection) as queries:
        guild_client.post(f"{API}calls/check-in", {"code": world.call.check_in_code}, format="json")
    locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    whole_join = [sql for sql in locking if "FOR UPDATE OF" not in sql]  # every joined row
    assert locking and not [sql for sql in whole_join if "scheduling_location" in sql]
