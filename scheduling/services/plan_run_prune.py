"""Clearing what old planning runs read and found, keeping the runs themselves.

A run stores the instance it read, the bookings in force then and the plan it found:
megabytes at size L, at every run (a demand spike re-plans many times a day). After
``PLAN_RUN_PAYLOAD_RETENTION_DAYS`` from its end, those documents are cleared; the row stays,
with its status, figures (value, bound, statistics: the counts of what it placed and moved),
its times, who asked for and published it, and its audit trail (the payload was never in
the trail). Its plan and diff then answer 410 Gone.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db.models.functions import Coalesce
from django.utils import timezone

from scheduling.models import PlanRun

logger = logging.getLogger(__name__)
ENDED = (PlanRun.Status.SUCCEEDED, PlanRun.Status.FAILED, PlanRun.Status.SUPERSEDED)


def plan_runs_prune(*, now: dt.datetime | None = None, days: int | None = None) -> int:
    """Clear the payloads of runs that ended more than ``days`` (the setting by default)
    days before ``now``; returns how many runs were pruned. Running and queued runs, and runs
    pruned already, are left alone."""
    now = now or timezone.now()
    days = settings.PLAN_RUN_PAYLOAD_RETENTION_DAYS if days is None else days
    cutoff = now - dt.timedelta(days=days)
    old = (
        PlanRun.objects.filter(status__in=ENDED, payload_pruned_at__isnull=True)
        .annotate(ended=Coalesce("finished_at", "created_at"))
        .filter(ended__lt=cutoff)
    )
    # A plain update: the payload fields are not in the audit trail, so no record changes.
    pruned = PlanRun.objects.filter(pk__in=old.values("pk")).update(
        instance=None,
        plan=None,
        bookings_read={},
        unscheduled=[],
        payload_pruned_at=now,
    )
    if pruned:
        logger.info("pruned the payloads of %s plan runs ended before %s", pruned, cutoff)
    return pruned
