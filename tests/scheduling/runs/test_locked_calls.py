"""A run keeps the extras called to the bookings a publish never touches (confirmed ones and those
placed by hand) as they are, however few: the guild fills their places over days.

Found by the soak (issue 22): a confirmed booking with some of its places called, or a booking
by hand of a scene whose extras nobody in the guild could fill that day, made every later run
of its horizon fail (the optimiser refused the instance), so planning stopped for those days.
"""

from __future__ import annotations

import pytest

from actors.models import Call, Performer
from actors.selectors import extras_candidates
from actors.services import extras_assign
from crews.models import Scene
from scheduling.models import Booking, Closure, Location, PlanRun
from scheduling.selectors.instances import horizon_moment
from scheduling.services.bookings import booking_create
from scheduling.services.plan_publish import plan_run_publish

from .helpers import imported, plan_violations, run_to_end

pytestmark = pytest.mark.django_db


def _book(code: str, start, *, status: str) -> Booking:
    """Book scene ``code`` by hand on day 0 at 10:00 in the example's apartment (L0003)."""
    scene = Scene.objects.get(code=code)
    return booking_create(
        scene=scene,
        location=Location.objects.get(code="L0003"),
        starts_at=horizon_moment(start=start, day=0, minutes=600),
        ends_at=horizon_moment(start=start, day=0, minutes=600 + scene.minutes),
        status=status,
    )


def _locked(run: PlanRun, scene: str) -> tuple[list, list]:
    """The run's locked entry of ``scene``: (its performers, the scene's extras as read)."""
    [entry] = [k for k in run.instance["locked"] if k["scene"] == scene]
    [read] = [s for s in run.instance["scenes"] if s["id"] == scene]
    return entry.get("performers"), read["extras"]


def test_plan_run_keeps_a_confirmed_bookings_few_calls_and_publishes(
    example_document, horizon_start, django_capture_on_commit_callbacks
):
    imported(example_document, django_capture_on_commit_callbacks)
    booking = _book("C0001-S003", horizon_start, status=Booking.Status.CONFIRMED)
    line = booking.scene.extras_lines.get()
    best = extras_candidates(booking=booking, extras_line=line, limit=1)[0].performer
    extras_assign(booking=booking, extras_line=line, performers=[best])  # 1 of the 7 places

    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)

    assert run.status == PlanRun.Status.SUCCEEDED, run.error
    assert plan_violations(run) == []  # the performer called there is taken at that time
    performers, extras = _locked(run, "C0001-S003")
    assert performers == [[best.code]]
    assert [e["count"] for e in extras] == [1]
    counts = plan_run_publish(run_id=run.pk)
    assert counts["kept"] >= 1
    assert list(Call.objects.filter(booking=booking).values_list("performer__code", flat=True)) == [
        best.code
    ]


def test_plan_run_keeps_a_booking_by_hand_whose_extras_nobody_can_fill(
    example_document, horizon_start, django_capture_on_commit_callbacks
):
    [scene] = [s for s in example_document["scenes"] if s["id"] == "C0001-S003"]
    scene["extras"][0]["tags"] = ["diving-suit"]  # no performer of the guild wears one
    imported(example_document, django_capture_on_commit_callbacks)
    assert not [p for p in Performer.objects.values_list("tags", flat=True) if "diving-suit" in p]
    _book("C0001-S003", horizon_start, status=Booking.Status.PLANNED)

    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)

    assert run.status == PlanRun.Status.SUCCEEDED, run.error
    assert _locked(run, "C0001-S003") == ([], [])
    plan_run_publish(run_id=run.pk)
    assert Booking.objects.get(scene__code="C0001-S003").status == Booking.Status.PLANNED


def test_plan_run_leaves_a_confirmed_booking_on_a_closed_set_to_its_repair(
    example_document, horizon_start, django_capture_on_commit_callbacks
):
    # A set closed over a confirmed booking: its repair waits for operations to approve it.
    # Meanwhile the other runs of the horizon read the set open where the booking stands
    # (the soak saw each of them refused: rule 4 on a locked booking) and publish around it.
    imported(example_document, django_capture_on_commit_callbacks)
    booking = _book("C0001-S003", horizon_start, status=Booking.Status.CONFIRMED)
    Closure.objects.create(
        location=booking.location,
        starts_at=horizon_moment(start=horizon_start, day=0, minutes=600),
        ends_at=horizon_moment(start=horizon_start, day=0, minutes=720),
        reason="设备故障",
    )

    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)

    assert run.status == PlanRun.Status.SUCCEEDED, run.error
    [place] = [loc for loc in run.instance["locations"] if loc["id"] == "L0003"]
    assert place["closures"] == [{"day": 0, "start": "10:30", "end": "12:00"}]
    plan_run_publish(run_id=run.pk)
    booking.refresh_from_db()
    assert (booking.status, booking.location.code) == (Booking.Status.CONFIRMED, "L0003")
    closed = Closure.objects.get()
    others = Booking.objects.filter(
        location__code="L0003", starts_at__lt=closed.ends_at, ends_at__gt=closed.starts_at
    )
    assert list(others.exclude(status=Booking.Status.CANCELLED)) == [booking]
