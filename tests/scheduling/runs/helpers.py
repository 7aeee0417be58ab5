"""Shared steps of the planning-run tests: import, run, and read back the bookings in force."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from scheduling.models import Booking, PlanRun
from scheduling.selectors.instances import horizon_moment
from scheduling.services.instances import instance_import
from scheduling.services.plan_runs import plan_run_request
from scheduling.solver.checker import check_plan
from scheduling.solver.fields import parse_hhmm
from scheduling.solver.instance import parse_instance
from scheduling.solver.plan import parse_plan


def imported(document: dict, capture) -> None:
    with capture(execute=True):
        instance_import(data=document)


def run_to_end(capture, *, start: dt.date, days: int, seconds: int = 2, **kwargs) -> PlanRun:
    """Request a run and let the (eager) task do it after commit."""
    with capture(execute=True):
        run, created = plan_run_request(
            start=start, days=days, time_limit_seconds=seconds, **kwargs
        )
    assert created is True
    run.refresh_from_db()
    return run


def plan_violations(run: PlanRun) -> list:
    instance = parse_instance(run.instance)
    return check_plan(instance, parse_plan(run.plan, instance))


def planned_places(run: PlanRun) -> set[tuple[str, str, dt.datetime, dt.datetime]]:
    """The run's assignments as (scene, location, starts_at, ends_at)."""
    out = set()
    for a in run.plan["assignments"]:
        at = horizon_moment(start=run.start, day=a["day"], minutes=parse_hhmm(a["start"]))
        end = horizon_moment(start=run.start, day=a["day"], minutes=parse_hhmm(a["end"]))
        out.add((a["scene"], a["location"], at, end))
    return out


def booked_places(**filters) -> set[tuple[str, str, dt.datetime, dt.datetime]]:
    rows = Booking.objects.exclude(status=Booking.Status.CANCELLED).filter(**filters)
    return {
        (scene, location, starts_at, ends_at)
        for scene, location, starts_at, ends_at in rows.values_list(
            "scene__code", "location__code", "starts_at", "ends_at"
        )
    }


def calls_by_scene() -> dict[str, int]:
    rows = (
        Booking.objects.exclude(status=Booking.Status.CANCELLED)
        .annotate(n=Count("calls"))
        .values_list("scene__code", "n")
    )
    return {scene: n for scene, n in rows if n}


def places_wanted(run: PlanRun) -> dict[str, int]:
    return {
        a["scene"]: sum(len(line) for line in a["performers"])
        for a in run.plan["assignments"]
        if any(a["performers"])
    }
