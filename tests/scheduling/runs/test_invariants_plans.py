"""``check_invariants`` against a published plan: the bookings a publication made and the
changes on record since pass; a booking that is not what the plan and the trail say is named."""

from __future__ import annotations

import datetime as dt

import pytest

from actors.models import Call, Performer
from crews.models import Scene
from scheduling.models import Booking, PlanRun
from scheduling.selectors.instances import horizon_moment
from scheduling.services.bookings import booking_cancel, booking_move
from scheduling.services.plan_publish import PlanRunConflict, plan_run_publish
from scheduling.solver.fields import parse_hhmm
from tests.factories import (
    BookingFactory,
    CallFactory,
    CrewFactory,
    LocationFactory,
    SceneFactory,
)
from tests.scheduling.invariants.helpers import check

from .helpers import imported, run_to_end

pytestmark = pytest.mark.django_db


def test_check_invariants_bookings_against_the_published_plan(
    example_document, horizon_start, django_capture_on_commit_callbacks, ops_user
):
    imported(example_document, django_capture_on_commit_callbacks)
    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert run.status == "succeeded", run.error
    with django_capture_on_commit_callbacks(execute=True):
        plan_run_publish(run_id=run.pk, user=ops_user)
    assert check() == (0, [])

    # Later hand changes on record: a move and a cancellation are what the trail says.
    first, second, third = Booking.objects.filter(status="planned").order_by("starts_at", "pk")[:3]
    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking=second)
        booking_move(booking=third, starts_at=third.starts_at)  # a no-op move, on record
    assert check() == (0, [])

    # A write that bypassed the trail: the booking is not what the publication and later
    # changes on record say.
    crew = Scene.objects.get(pk=first.scene_id).crew.code
    scene = first.scene.code
    Booking.objects.filter(pk=first.pk).update(
        starts_at=first.starts_at + dt.timedelta(minutes=30),
        ends_at=first.ends_at + dt.timedelta(minutes=30),
    )
    code, lines = check()
    place = f"{first.location.code} {_iso(first.starts_at)}-{_iso(first.ends_at)}"
    moved = (
        f"{first.location.code} {_iso(first.starts_at + dt.timedelta(minutes=30))}-"
        f"{_iso(first.ends_at + dt.timedelta(minutes=30))}"
    )
    assert code == 1
    assert [line for line in lines if line.startswith("plan_drift")] == [
        f"plan_drift crew={crew} scene={scene} plan_run={run.pk} at {_iso(first.starts_at)}: "
        f"booked {moved}, the publication and the changes on record since say {place}"
    ]
    assert [line.split(" ")[0] for line in lines] == ["audit_stale", "plan_drift"]

    # A publication that did not make the plan's bookings (its plan names another place).
    Booking.objects.filter(pk=first.pk).update(starts_at=first.starts_at, ends_at=first.ends_at)
    plan = run.plan
    for a in plan["assignments"]:
        if a["scene"] == scene:
            a["location"] = "NOWHERE"
    PlanRun.objects.filter(pk=run.pk).update(plan=plan)
    start, end = _iso(first.starts_at), _iso(first.ends_at)
    assert check() == (
        1,
        [
            f"plan_drift crew={crew} scene={scene} plan_run={run.pk} at {start}: "
            f"published as {first.location.code} {start}-{end}, the plan says NOWHERE "
            f"{start}-{end}"
        ],
    )


def _iso(moment: dt.datetime) -> str:
    from scheduling.selectors.bookings import local_iso

    return local_iso(moment)


def test_publish_refuses_to_call_a_performer_the_guild_called_elsewhere_since(
    example_document, horizon_start, django_capture_on_commit_callbacks
):
    """The run cannot see a call made after it read the base on a booking it does not lock
    (a hand booking, partly staffed): publishing checks the calls it writes against every
    other call of their performers, and a clash undoes it (before: the performer was called
    to both, and check_invariants named a performer_overlap)."""
    imported(example_document, django_capture_on_commit_callbacks)
    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert run.status == "succeeded", run.error
    a = next(a for a in run.plan["assignments"] if any(a["performers"]))
    code = next(code for line in a["performers"] for code in line)
    starts_at = horizon_moment(start=run.start, day=a["day"], minutes=parse_hhmm(a["start"]))
    ends_at = horizon_moment(start=run.start, day=a["day"], minutes=parse_hhmm(a["end"]))
    minutes = int((ends_at - starts_at).total_seconds() // 60)
    scene = SceneFactory(
        crew=CrewFactory(first_date=horizon_start, last_date=horizon_start + dt.timedelta(days=1)),
        minutes=minutes,
    )
    elsewhere = BookingFactory(
        scene=scene, location=LocationFactory(), starts_at=starts_at, ends_at=ends_at
    )
    call = CallFactory(booking=elsewhere, performer=Performer.objects.get(code=code), pinned=True)
    bookings_before = Booking.objects.count()
    with pytest.raises(PlanRunConflict) as refused:
        plan_run_publish(run_id=run.pk)
    (conflict,) = [c for c in refused.value.conflicts if code in c["message"]]
    assert conflict["rule"] == 8
    assert conflict["message"].startswith(f"performer_overlap performer={code} calls={call.pk},")
    assert Booking.objects.count() == bookings_before
    assert list(Call.objects.values_list("pk", flat=True)) == [call.pk]
    assert PlanRun.objects.get(pk=run.pk).published_at is None
