"""Reporting a disruption: store it, close its locations, and queue the run that repairs the
bookings in force it hits.

The repair run is requested in the caller's transaction (its row is the outbox) and sent to a
worker after commit, like every planning run. Its horizon runs from the first shooting day hit
(never before today's) to ``DISRUPTION_SPREAD_DAYS`` days past the last, so a rained-out day's
scenes can go to the next days. One run per horizon is queued: a second disruption over the
same days joins the queued repair, which reads every closure when it starts.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.shooting_day import shooting_date
from scheduling.models import Closure, Disruption, Location, PlanRun, Zone
from scheduling.selectors.disruptions import (
    bookings_hit,
    bookings_of_people_hit,
    hit_shooting_dates,
)
from scheduling.services.plan_runs import plan_run_request

logger = logging.getLogger(__name__)


@transaction.atomic
def disruption_close(
    *,
    locations: list[Location],
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    reason: str,
    tag: str = "",
    zone: Zone | None = None,
    user: User | None = None,
    source: str = Disruption.Source.PERSON,
    feed_key: str = "",
) -> Disruption:
    """Close ``locations`` over ``[starts_at, ends_at)``; repair the bookings it hits."""
    author = user if user is not None and user.is_authenticated else None
    disruption = Disruption.objects.create(
        kind=Disruption.Kind.CLOSURE,
        source=source,
        reason=reason,
        starts_at=starts_at,
        ends_at=ends_at,
        tag=tag,
        zone=zone,
        feed_key=feed_key,
        created_by=author,
    )
    disruption.locations.set(locations)
    disruption_closures_apply(disruption=disruption, user=user)
    return disruption


@transaction.atomic
def disruption_closures_apply(*, disruption: Disruption, user: User | None = None) -> Disruption:
    """Close a stored closure-disruption's locations and queue the repair of what it hits
    (the admin stores the row and its locations first, then calls this)."""
    locations = list(disruption.locations.all())
    Closure.objects.bulk_create(
        Closure(
            location=location,
            starts_at=disruption.starts_at,
            ends_at=disruption.ends_at,
            reason=disruption.reason[:200],
            disruption=disruption,
        )
        for location in locations
    )
    hit = bookings_hit(
        location_ids=[location.pk for location in locations],
        starts_at=disruption.starts_at,
        ends_at=disruption.ends_at,
    )
    disruption.bookings_hit = list(hit.values_list("pk", flat=True))
    if disruption.bookings_hit:
        disruption.plan_run = repair_run_request(dates=hit_shooting_dates(bookings=hit), user=user)
    disruption.save(update_fields=["bookings_hit", "plan_run"])
    logger.info(
        "disruption %s: %s location(s) closed, %s booking(s) hit, repair run %s",
        disruption.pk,
        len(locations),
        len(disruption.bookings_hit),
        disruption.plan_run_id,
    )
    return disruption


@transaction.atomic
def disruption_people_apply(*, disruption: Disruption, user: User | None = None) -> Disruption:
    """A crew leaving early or a cast member unavailable: the bookings in force it hits are
    repaired by a run that keeps their scenes off the days the people are away."""
    hit = bookings_of_people_hit(disruption=disruption)
    disruption.bookings_hit = list(hit.values_list("pk", flat=True))
    if disruption.bookings_hit:
        disruption.plan_run = repair_run_request(dates=hit_shooting_dates(bookings=hit), user=user)
    disruption.save(update_fields=["bookings_hit", "plan_run"])
    logger.info(
        "disruption %s (%s): %s booking(s) hit, repair run %s",
        disruption.pk,
        disruption.kind,
        len(disruption.bookings_hit),
        disruption.plan_run_id,
    )
    return disruption


def repair_run_request(*, dates: list[dt.date], user: User | None = None) -> PlanRun:
    """Queue (or join) the ``disruption`` run of the horizon covering these shooting days.

    A queued run of the same horizon for another reason (a manual re-plan) is not joined: it
    would not repair. The repair then takes a horizon one day longer, so both can be queued."""
    now = timezone.now()
    today = shooting_date(now) or timezone.localdate(now)
    spread = settings.DISRUPTION_SPREAD_DAYS
    start = max(dates[0] - dt.timedelta(days=spread), today)
    days = (dates[-1] - start).days + 1 + spread
    for extra in range(5):
        run, _created = plan_run_request(
            start=start,
            days=days + extra,
            time_limit_seconds=settings.DISRUPTION_REPAIR_SECONDS,
            trigger=PlanRun.Trigger.DISRUPTION,
            user=user,
        )
        if run.trigger == PlanRun.Trigger.DISRUPTION:
            return run
    raise RuntimeError(f"no horizon free for a repair run from {start}")


@transaction.atomic
def disruption_lift(*, disruption_id: int, user: User | None = None) -> Disruption:
    """End a disruption now: its closures go (a forecast cleared, the set is mended).

    Bookings already moved stay where the repair put them; a later plan may use the set again."""
    disruption = Disruption.objects.select_for_update().get(pk=disruption_id)
    if disruption.lifted_at is None:
        disruption.closures.all().delete()
        disruption.lifted_at = timezone.now()
        disruption.save(update_fields=["lifted_at"])
        logger.info("disruption %s lifted", disruption.pk)
    return disruption
