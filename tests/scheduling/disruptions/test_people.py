"""A crew leaving early or a cast member held up: the repair keeps their scenes off those days."""

from __future__ import annotations

import datetime as dt

from scheduling.models import Booking, Disruption, PlanRun
from scheduling.selectors.repair import _window
from scheduling.services.disruptions import disruption_people_apply
from tests.clock import BASE_TZ
from tests.factories import CastMemberFactory, shanghai

from .conftest import book, repair_day


def shooting_dates() -> dict[str, dt.date]:
    rows = Booking.objects.exclude(status=Booking.Status.CANCELLED).select_related("scene")
    return {b.scene.code: b.starts_at.astimezone(BASE_TZ).date() for b in rows}


def report(capture, **fields) -> Disruption:
    disruption = Disruption.objects.create(reason="主演航班延误", **fields)
    with capture(execute=True):
        disruption_people_apply(disruption=disruption)
    disruption.refresh_from_db()
    return disruption


def test_crew_leaving_early_moves_its_later_scenes_before(django_capture_on_commit_callbacks, base):
    before = book("CA-S1", base["crew_a"], base["hall"], "09:00", "10:00")
    later = book("CA-S2", base["crew_a"], base["hall"], "12:00", "13:00")
    later.starts_at += dt.timedelta(days=1)
    later.ends_at += dt.timedelta(days=1)
    later.save()
    other = book("CB-S1", base["crew_b"], base["court"], "09:00", "10:00")
    disruption = report(
        django_capture_on_commit_callbacks,
        kind=Disruption.Kind.CREW_LEAVES_EARLY,
        crew=base["crew_a"],
        starts_at=shanghai(repair_day() + dt.timedelta(days=1), "06:00"),
        ends_at=shanghai(repair_day() + dt.timedelta(days=9), "06:00"),
    )
    assert disruption.bookings_hit == [later.pk]
    run = PlanRun.objects.get()
    assert run.published_at is not None
    dates = shooting_dates()
    assert dates["CA-S2"] <= repair_day()
    assert Booking.objects.get(pk=before.pk).status == Booking.Status.PLANNED
    assert Booking.objects.get(pk=other.pk).status == Booking.Status.PLANNED


def test_cast_unavailable_moves_only_scenes_with_them(django_capture_on_commit_callbacks, base):
    lead = CastMemberFactory(crew=base["crew_a"], code="CA-LEAD")
    with_lead = book("CA-S1", base["crew_a"], base["hall"], "09:00", "10:00")
    with_lead.scene.cast.add(lead)
    without = book("CA-S2", base["crew_a"], base["hall"], "11:00", "12:00")
    disruption = report(
        django_capture_on_commit_callbacks,
        kind=Disruption.Kind.CAST_UNAVAILABLE,
        cast_member=lead,
        starts_at=shanghai(repair_day(), "06:00"),
        ends_at=shanghai(repair_day() + dt.timedelta(days=1), "06:00"),
    )
    assert disruption.bookings_hit == [with_lead.pk]
    assert PlanRun.objects.get().published_at is not None
    assert shooting_dates()["CA-S1"] != repair_day()
    assert Booking.objects.get(pk=without.pk).status == Booking.Status.PLANNED


def test_window_avoids_days_away():
    assert _window(0, 6, {2, 3}) == (4, 6)
    assert _window(0, 6, {4}) == (0, 3)
    assert _window(1, 2, {1, 2}) == (1, 0)
    assert _window(0, 3, set()) == (0, 3)
