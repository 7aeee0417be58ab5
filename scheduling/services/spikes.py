"""Demand spikes: when a wave of crews arrives, queue a re-plan of every horizon being planned.

A spike, in an operator's words (settings, from the environment):

- the scenes registered since a horizon's last run need more hours than
  ``PLANNING_SPIKE_SHARE_PERCENT`` percent of the location-hours still free in that horizon
  (capacity times the working day, less closures and bookings in force); or
- at least ``PLANNING_SPIKE_CREWS_PER_HOUR`` crews staying in the horizon arrived within the
  last hour and after its last run started (0 turns this rule off).

A horizon is "being planned" when a run of it exists, it has not ended and no later run's
horizon overlaps it (yesterday's nightly horizon gave way to today's); with no run yet there is
nothing to re-plan (the nightly or a manual run makes the first plan). A horizon with
a queued run needs nothing more: that run reads the latest demand when it starts. Otherwise a
``demand_spike`` run is requested; ``plan_run_request`` coalesces racing triggers.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from core.shooting_day import shooting_date, shooting_days_bounds, working_day
from crews.models import Crew, Scene
from scheduling.models import Booking, Closure, Location, PlanRun
from scheduling.selectors.instances import base_horizon, closure_parts
from scheduling.services.plan_runs import plan_run_request

logger = logging.getLogger(__name__)

Status = PlanRun.Status
BASELINE = (Status.RUNNING, Status.SUCCEEDED, Status.SUPERSEDED)


@dataclass(frozen=True)
class DemandSpike:
    """New demand in a horizon since its last run, against the room left in it."""

    new_scene_minutes: int
    free_location_minutes: int
    new_crews_last_hour: int

    @property
    def fires(self) -> bool:
        share = settings.PLANNING_SPIKE_SHARE_PERCENT
        by_hours = self.new_scene_minutes > 0 and (
            self.new_scene_minutes * 100 > share * self.free_location_minutes
        )
        per_hour = settings.PLANNING_SPIKE_CREWS_PER_HOUR
        by_crews = per_hour > 0 and self.new_crews_last_hour >= per_hour
        return by_hours or by_crews


def demand_spike_measure(*, start: dt.date, days: int, since: PlanRun, now: dt.datetime):
    """What has arrived in a horizon since the run ``since`` read the database."""
    last = start + dt.timedelta(days=days - 1)
    in_horizon = Q(first_date__lte=last, last_date__gte=start)
    new_scenes = Scene.objects.filter(
        in_horizon,
        pk__gt=since.demand_high_water or 0,
        crew__first_date__lte=last,
        crew__last_date__gte=start,
    )
    recent = max(now - dt.timedelta(hours=1), since.started_at or since.created_at)
    crews = Crew.objects.filter(in_horizon, arrived_at__gt=recent)
    return DemandSpike(
        new_scene_minutes=new_scenes.aggregate(total=Sum("minutes"))["total"] or 0,
        free_location_minutes=free_location_minutes(start=start, days=days),
        new_crews_last_hour=crews.count(),
    )


def free_location_minutes(*, start: dt.date, days: int) -> int:
    """Location-minutes of the horizon's shooting days not closed and not booked.

    A booking counts in the shooting day its start lies in, so a night running past the
    horizon's last midnight is still the horizon's, and a small-hours booking of the day
    before it is not."""
    opens, closes = working_day()
    capacity = dict(Location.objects.values_list("pk", "capacity"))
    total = sum(capacity.values()) * (closes - opens) * days
    begin, end = shooting_days_bounds(start, start + dt.timedelta(days=days - 1))
    closures = Closure.objects.filter(starts_at__lt=end, ends_at__gt=begin)
    rows = list(closures.values_list("location_id", "starts_at", "ends_at"))
    # The horizon clips closures to the slot grid; only built when there is a closure to clip.
    horizon = base_horizon(start=start, days=days) if rows else None
    for location_id, starts_at, ends_at in rows:
        parts = closure_parts(horizon=horizon, starts_at=starts_at, ends_at=ends_at)
        total -= capacity.get(location_id, 0) * sum(p.end - p.start for p in parts)
    booked = (
        Booking.objects.filter(starts_at__gte=begin, starts_at__lt=end)
        .exclude(status=Booking.Status.CANCELLED)
        .values_list("starts_at", "ends_at")
    )
    total -= sum(int((b - a).total_seconds() // 60) for a, b in booked)
    return max(0, total)


def demand_spike_check(*, start: dt.date, days: int, now: dt.datetime | None = None):
    """Queue a ``demand_spike`` run of a horizon if demand spiked since its last run.

    Returns the new run, or None (no spike, no run yet, or a queued run will cover it)."""
    now = now or timezone.now()
    runs = PlanRun.objects.filter(start=start, days=days)
    if runs.filter(status=Status.QUEUED).exists():
        return None
    since = (
        runs.filter(status__in=BASELINE, demand_high_water__isnull=False).order_by("-pk").first()
    )
    if since is None:
        return None
    spike = demand_spike_measure(start=start, days=days, since=since, now=now)
    if not spike.fires:
        return None
    logger.info("demand spike in %s +%s days: %s", start, days, spike)
    run, created = plan_run_request(
        start=start,
        days=days,
        time_limit_seconds=min(settings.PLANNING_SPIKE_SECONDS, settings.PLANNING_RUN_MAX_SECONDS),
        trigger=PlanRun.Trigger.DEMAND_SPIKE,
    )
    return run if created else None


def demand_spikes_check(*, now: dt.datetime | None = None) -> list[PlanRun]:
    """Check every horizon being planned: one a run was made for, not ended, and not
    overlapped by the horizon of a later run (yesterday's nightly horizon gave way to today's)."""
    now = now or timezone.now()
    queued = []
    # At 02:00 the night of yesterday's shooting day is still running: its horizon is not over.
    today = shooting_date(now) or timezone.localdate(now)
    for start, days in horizons_being_planned(today=today):
        run = demand_spike_check(start=start, days=days, now=now)
        if run is not None:
            queued.append(run)
    return queued


def horizons_being_planned(*, today: dt.date) -> list[tuple[dt.date, int]]:
    recent = PlanRun.objects.filter(start__gt=today - dt.timedelta(days=400)).order_by("-pk")
    chosen: list[tuple[dt.date, int]] = []
    for start, days in recent.values_list("start", "days"):
        end = start + dt.timedelta(days=days)
        overlaps = any(start < other + dt.timedelta(days=n) and other < end for other, n in chosen)
        if end > today and not overlaps:
            chosen.append((start, days))
    return sorted(chosen)


def demand_spikes_check_on_commit() -> None:
    """After the caller's transaction commits, look for spikes (never failing the caller)."""

    def check() -> None:
        try:
            demand_spikes_check()
        except Exception:
            logger.exception("demand-spike check failed")

    transaction.on_commit(check)
