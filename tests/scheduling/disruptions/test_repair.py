"""The repair run a disruption queues: it moves the scenes on the closed set and nothing else,
publishes itself unless it moves a confirmed booking, and tells crews and performers once."""

from __future__ import annotations

import datetime as dt

from actors.models import Call, Notification
from scheduling.models import Booking, PlanRun
from scheduling.services.disruptions import disruption_close
from scheduling.services.plan_publish import plan_run_publish
from tests.clock import BASE_TZ
from tests.factories import CallFactory, ExtrasLineFactory, PerformerFactory, shanghai

from .conftest import book, repair_day


def in_force() -> dict[str, tuple[str, str, str]]:
    rows = Booking.objects.exclude(status=Booking.Status.CANCELLED).order_by("scene__code")
    return {
        b.scene.code: (b.location.code, b.starts_at.astimezone(BASE_TZ).strftime("%H:%M"), b.status)
        for b in rows.select_related("scene", "location")
    }


def close(capture, location, start: str = "08:00", end: str = "12:00"):
    with capture(execute=True):
        disruption = disruption_close(
            locations=[location],
            starts_at=shanghai(repair_day(), start),
            ends_at=shanghai(repair_day(), end),
            reason="暴雨",
        )
    disruption.refresh_from_db()
    return disruption


def overlaps_closure(location_code: str, start: str, end: str = "12:00") -> list[str]:
    rows = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(
        location__code=location_code,
        starts_at__lt=shanghai(repair_day(), end),
        ends_at__gt=shanghai(repair_day(), start),
    )
    return list(rows.values_list("scene__code", flat=True))


def test_repair_moves_only_hit_scenes(django_capture_on_commit_callbacks, base):
    hit = book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    book("CA-S2", base["crew_a"], base["hall"], "14:00", "15:00")
    kept = book("CB-S1", base["crew_b"], base["court"], "09:00", "10:00")
    disruption = close(django_capture_on_commit_callbacks, base["square"])
    run = PlanRun.objects.get()
    assert disruption.bookings_hit == [hit.pk]
    assert disruption.plan_run_id == run.pk
    assert (run.trigger, run.status) == (PlanRun.Trigger.DISRUPTION, PlanRun.Status.SUCCEEDED)
    assert run.stats["repair"] == {"hit": ["CA-S1"], "neighbours": [], "out_of_time": []}
    assert run.published_at is not None
    now = in_force()
    assert now["CA-S2"] == ("L-HALL", "14:00", "planned")
    assert now["CB-S1"] == ("L-COURT", "09:00", "planned")
    assert now["CA-S1"] != ("L-SQ", "09:00", "planned")
    assert overlaps_closure("L-SQ", "08:00") == []
    assert Booking.objects.get(pk=kept.pk).status == Booking.Status.PLANNED
    assert Booking.objects.get(pk=hit.pk).status == Booking.Status.CANCELLED


def test_repair_of_confirmed_booking_waits_for_approval(django_capture_on_commit_callbacks, base):
    hit = book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00", status="confirmed")
    close(django_capture_on_commit_callbacks, base["square"])
    run = PlanRun.objects.get()
    assert run.status == PlanRun.Status.SUCCEEDED
    assert run.published_at is None
    assert run.stats["publish"] == (
        "waiting for approval: it moves or cancels confirmed bookings of CA-S1"
    )
    assert Booking.objects.get(pk=hit.pk).status == Booking.Status.CONFIRMED
    with django_capture_on_commit_callbacks(execute=True):
        counts = plan_run_publish(run_id=run.pk)
    assert counts == {"moved": 1, "cancelled": 0}
    assert overlaps_closure("L-SQ", "08:00") == []
    assert in_force()["CA-S1"][2] == "confirmed"


def test_repair_publish_over_api_of_confirmed_hit(
    django_capture_on_commit_callbacks, base, ops_client
):
    book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00", status="confirmed")
    close(django_capture_on_commit_callbacks, base["square"])
    run = PlanRun.objects.get()
    diff = ops_client.get(f"/api/v1/plan-runs/{run.pk}/diff").json()
    assert diff["totals"] == {"new": 0, "moved": 1, "dropped": 0, "kept": 0}
    assert [m["scene"] for m in diff["crews"][0]["moved"]] == ["CA-S1"]
    with django_capture_on_commit_callbacks(execute=True):
        response = ops_client.post(f"/api/v1/plan-runs/{run.pk}/publish")
    assert response.status_code == 200
    assert response.json()["counts"] == {"moved": 1, "cancelled": 0}


def test_repair_notices_one_per_crew_and_performer(django_capture_on_commit_callbacks, base):
    first = book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    second = book("CA-S2", base["crew_a"], base["square"], "10:00", "11:00")
    book("CB-S1", base["crew_b"], base["court"], "09:00", "10:00")
    both, only = PerformerFactory(code="P-BOTH"), PerformerFactory(code="P-ONE")
    for booking, people in ((first, [both, only]), (second, [both])):
        line = ExtrasLineFactory(scene=booking.scene, count=len(people))
        for performer in people:
            CallFactory(booking=booking, extras_line=line, performer=performer)
    close(django_capture_on_commit_callbacks, base["square"])
    assert PlanRun.objects.get().published_at is not None
    notices = Notification.objects.filter(kind=Notification.Kind.DISRUPTION)
    assert sorted(n.crew.code for n in notices if n.crew) == ["CA"]
    assert sorted(n.performer.code for n in notices if n.performer) == ["P-BOTH", "P-ONE"]
    crew_notice = notices.get(crew__code="CA")
    assert [c["scene"] for c in crew_notice.payload["changes"]] == ["CA-S1", "CA-S2"]
    assert overlaps_closure("L-SQ", "08:00") == []
    assert Call.objects.filter(booking__status="cancelled").count() == 0


def test_repair_cancels_scene_that_cannot_be_placed(django_capture_on_commit_callbacks, base):
    scene_booking = book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    scene = scene_booking.scene
    scene.locations.add(base["square"])  # only this set will do
    scene.first_date = scene.last_date = repair_day()
    scene.save()
    with django_capture_on_commit_callbacks(execute=True):
        disruption_close(
            locations=[base["square"]],
            starts_at=shanghai(repair_day(), "06:00"),
            ends_at=shanghai(repair_day() + dt.timedelta(days=1), "06:00"),
            reason="舞台坍塌",
        )
    run = PlanRun.objects.get()
    assert run.published_at is not None
    assert "CA-S1" not in in_force()
    assert [u["scene"] for u in run.unscheduled] == ["CA-S1"]
    notice = Notification.objects.get(kind=Notification.Kind.DISRUPTION)
    assert notice.crew.code == "CA"
    assert notice.payload["changes"][0]["booking"] is None
    assert notice.payload["changes"][0]["why"] != ""


def test_repair_frees_crews_other_scene_that_day_when_needed(
    django_capture_on_commit_callbacks, base
):
    hit = book("CA-S1", base["crew_a"], base["square"], "21:00", "22:00")
    hit.scene.first_date = hit.scene.last_date = repair_day()  # it must be shot that day
    hit.scene.save()
    hit.scene.locations.add(base["square"], base["hall"])
    long_day = book("CA-S2", base["crew_a"], base["hall"], "06:00", "20:00")  # the crew's 14 h
    long_day.scene.minutes = 840
    long_day.scene.save()
    close(django_capture_on_commit_callbacks, base["square"], "06:00", "23:30")
    run = PlanRun.objects.get()
    assert run.stats["repair"] == {"hit": ["CA-S1"], "neighbours": ["CA-S2"], "out_of_time": []}
    assert run.published_at is not None
    now = in_force()
    assert now["CA-S1"][0] == "L-HALL"
    moved = Booking.objects.get(scene__code="CA-S2", status="planned")
    assert moved.starts_at.astimezone(BASE_TZ).date() != repair_day()


def test_repair_runs_beside_a_confirmed_booking_with_some_places_called(
    django_capture_on_commit_callbacks, base
):
    # The soak's finding: a run reading confirmed bookings' calls as called must leave the
    # repair's own reading of them alone (it failed on a confirmed booking half staffed).
    book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    kept = book("CB-S1", base["crew_b"], base["court"], "09:00", "10:00", status="confirmed")
    line = ExtrasLineFactory(scene=kept.scene, count=2)
    CallFactory(booking=kept, extras_line=line, performer=PerformerFactory())
    close(django_capture_on_commit_callbacks, base["square"])
    run = PlanRun.objects.get()
    assert (run.trigger, run.status) == (PlanRun.Trigger.DISRUPTION, PlanRun.Status.SUCCEEDED), (
        run.error
    )
    assert overlaps_closure("L-SQ", "08:00") == []
    assert in_force()["CB-S1"] == ("L-COURT", "09:00", "confirmed")
