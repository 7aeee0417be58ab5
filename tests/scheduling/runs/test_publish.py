"""Publishing a run: the bookings in force become the plan, or a 409 and nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Call, Notification
from crews.models import Scene
from scheduling.models import Booking, Location, PlanRun
from scheduling.selectors.plan_runs import plan_run_diff
from scheduling.services.plan_publish import (
    PlanRunConflict,
    PlanRunNotPublishable,
    plan_run_publish,
)
from tests.factories import ClosureFactory, LocationFactory

from .helpers import (
    booked_places,
    calls_by_scene,
    imported,
    places_wanted,
    planned_places,
    run_to_end,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def first_run(example_document, horizon_start, django_capture_on_commit_callbacks):
    imported(example_document, django_capture_on_commit_callbacks)
    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert run.status == "succeeded", run.error
    return run


def test_plan_run_publish_makes_the_bookings_equal_the_plan(first_run, ops_user):
    counts = plan_run_publish(run_id=first_run.pk, user=ops_user)
    assigned = len(first_run.plan["assignments"])
    assert counts == {
        "created": assigned,
        "moved": 0,
        "dropped": 0,
        "kept": 0,
        "skipped": 0,
        "calls": sum(places_wanted(first_run).values()),
        "kept_changed": 0,
    }
    assert booked_places() == planned_places(first_run)
    assert set(Booking.objects.values_list("source", "status").distinct()) == {("plan", "planned")}
    assert calls_by_scene() == places_wanted(first_run)
    first_run.refresh_from_db()
    assert first_run.published_by == ops_user
    assert first_run.published_at is not None


def test_plan_run_publish_twice_is_refused(first_run):
    plan_run_publish(run_id=first_run.pk)
    with pytest.raises(PlanRunNotPublishable):
        plan_run_publish(run_id=first_run.pk)


def test_plan_run_publish_conflicting_manual_booking_is_409_and_writes_nothing(first_run):
    """A scene booked by hand, meanwhile, on a single-crew set at a time the plan uses."""
    single = set(Location.objects.filter(capacity=1).values_list("code", flat=True))
    target = next(a for a in first_run.plan["assignments"] if a["location"] in single)
    (scene, location, starts_at, _), *_ = [
        p for p in planned_places(first_run) if p[0] == target["scene"]
    ]
    other = Scene.objects.exclude(code=scene).exclude(crew__scenes__code=scene).first()
    manual = Booking.objects.create(
        scene=other,
        location=Location.objects.get(code=location),
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=other.minutes),
        source=Booking.Source.MANUAL,
    )
    with pytest.raises(PlanRunConflict) as caught:
        plan_run_publish(run_id=first_run.pk)
    capacity = [c for c in caught.value.conflicts if c["rule"] == 5]
    assert [c["scenes"] for c in capacity] == [sorted([scene, other.code])]
    assert capacity[0]["changed_bookings"] == [other.code]
    assert caught.value.changed == [other.code]
    assert list(Booking.objects.values_list("pk", flat=True)) == [manual.pk]
    first_run.refresh_from_db()
    assert first_run.published_at is None


def test_plan_run_publish_keeps_bookings_changed_meanwhile_without_conflict(
    first_run, horizon_start, django_capture_on_commit_callbacks
):
    plan_run_publish(run_id=first_run.pk)
    second = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    confirmed = Booking.objects.order_by("pk").first()
    confirmed.status = Booking.Status.CONFIRMED
    confirmed.save()
    cancelled = Booking.objects.order_by("pk").last()
    cancelled.status = Booking.Status.CANCELLED
    cancelled.save()
    counts = plan_run_publish(run_id=second.pk)
    assert counts["kept_changed"] == 2
    confirmed_after = Booking.objects.get(pk=confirmed.pk)
    assert (confirmed_after.status, confirmed_after.starts_at, confirmed_after.location_id) == (
        "confirmed",
        confirmed.starts_at,
        confirmed.location_id,
    )
    # The cancelled scene stays cancelled: an operator's cancellation is not undone by a plan.
    assert not Booking.objects.filter(scene=cancelled.scene).exclude(status="cancelled").exists()
    wanted = {p for p in planned_places(second) if p[0] != cancelled.scene.code}
    assert booked_places() == wanted
    first_run.refresh_from_db()
    assert first_run.status == PlanRun.Status.SUPERSEDED


def test_plan_run_publish_never_touches_manual_or_confirmed_bookings(
    first_run, horizon_start, django_capture_on_commit_callbacks
):
    plan_run_publish(run_id=first_run.pk)
    rows = list(Booking.objects.order_by("pk"))
    rows[0].source = Booking.Source.MANUAL
    rows[0].save()
    rows[1].status = Booking.Status.CONFIRMED
    rows[1].save()
    before = {b.pk: (b.location_id, b.starts_at, b.status, b.source) for b in rows[:2]}
    second = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    # Manual and confirmed bookings went to the optimiser as locked.
    locked = {k["scene"] for k in second.instance["locked"]}
    assert locked == {rows[0].scene.code, rows[1].scene.code}
    plan_run_publish(run_id=second.pk)
    after = {
        b.pk: (b.location_id, b.starts_at, b.status, b.source)
        for b in Booking.objects.filter(pk__in=before)
    }
    assert after == before
    assert booked_places() == planned_places(second)


def test_plan_run_diff_counts_new_scenes_before_publish_and_none_after(first_run):
    diff = plan_run_diff(run=first_run)
    assigned = len(first_run.plan["assignments"])
    assert diff["totals"] == {"new": assigned, "moved": 0, "dropped": 0, "kept": 0}
    assert sum(len(c["new"]) for c in diff["crews"]) == assigned
    plan_run_publish(run_id=first_run.pk)
    assert plan_run_diff(run=first_run)["totals"] == {
        "new": 0,
        "moved": 0,
        "dropped": 0,
        "kept": assigned,
    }


def test_plan_run_diff_shows_a_moved_plan_booking(first_run):
    plan_run_publish(run_id=first_run.pk)
    booking = Booking.objects.order_by("pk").first()
    booking.location = LocationFactory()  # a set nobody else uses
    booking.save()
    diff = plan_run_diff(run=first_run)
    assert diff["totals"]["moved"] == 1
    moved = [m for c in diff["crews"] for m in c["moved"]]
    assert [m["scene"] for m in moved] == [booking.scene.code]


def test_plan_run_publish_again_keeps_pinned_calls_and_the_state_of_kept_calls(
    first_run, horizon_start, django_capture_on_commit_callbacks
):
    plan_run_publish(run_id=first_run.pk)
    staffed = list(Booking.objects.filter(calls__isnull=False).distinct().order_by("pk")[:2])
    pinned_booking, confirmed_booking = staffed
    Call.objects.filter(booking=pinned_booking).update(pinned=True)
    Call.objects.filter(booking=confirmed_booking).update(state=Call.State.CONFIRMED)
    pinned_calls = set(
        Call.objects.filter(booking=pinned_booking).values_list("pk", "performer__code")
    )
    before = {
        (c.booking_id, c.extras_line_id, c.performer_id): (c.pk, c.state)
        for c in Call.objects.all()
    }

    second = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert second.status == "succeeded", second.error
    plan_run_publish(run_id=second.pk)

    assert (
        set(Call.objects.filter(booking=pinned_booking).values_list("pk", "performer__code"))
        == pinned_calls
    )
    after = {
        (c.booking_id, c.extras_line_id, c.performer_id): (c.pk, c.state)
        for c in Call.objects.filter(booking__status=Booking.Status.PLANNED)
    }
    kept = before.keys() & after.keys()
    assert {key: after[key] for key in kept} == {key: before[key] for key in kept}
    assert {state for _pk, state in after.values()} >= {"confirmed"}


def test_plan_run_publish_sends_every_new_call_its_notice_at_once(
    first_run, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan_run_publish(run_id=first_run.pk)

    calls = set(Call.objects.values_list("performer__code", flat=True))
    notices = Notification.objects.filter(kind="called")
    assert sorted(notices.values_list("performer__code", flat=True)) == sorted(
        Call.objects.values_list("performer__code", flat=True)
    )
    assert set(notices.values_list("status", flat=True)) == {"sent"}
    assert len(calls) > 0


def test_plan_run_publish_tells_the_extras_of_a_booking_it_moves_that_they_are_withdrawn(
    first_run, horizon_start, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        plan_run_publish(run_id=first_run.pk)  # the calls and their "called" notices
    booking = Booking.objects.filter(calls__isnull=False).distinct().order_by("pk").first()
    told = sorted(Call.objects.filter(booking=booking).values_list("performer__code", flat=True))
    ClosureFactory(location=booking.location, starts_at=booking.starts_at, ends_at=booking.ends_at)

    second = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert second.status == "succeeded", second.error
    with django_capture_on_commit_callbacks(execute=True):
        plan_run_publish(run_id=second.pk)

    booking.refresh_from_db()
    withdrawn = Notification.objects.filter(kind="withdrawn")
    moved_away = withdrawn.filter(payload__booking=booking.pk)
    assert booking.status == Booking.Status.CANCELLED
    assert len(told) > 0
    assert sorted(moved_away.values_list("performer__code", flat=True)) == told
    # Every withdrawn call (here or a place the re-plan gave to someone else) is gone, and its
    # notice went out on commit.
    assert not Call.objects.filter(pk__in=[n.payload["call"] for n in withdrawn]).exists()
    assert set(withdrawn.values_list("status", flat=True)) == {"sent"}
