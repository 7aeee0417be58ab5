"""One queued run per horizon: a second disruption joins the queued repair; a queued re-plan
for another reason is not joined (it would not repair) and the repair takes a longer horizon."""

from __future__ import annotations

import datetime as dt

from scheduling.models import PlanRun
from scheduling.services.disruptions import disruption_close
from scheduling.services.plan_runs import plan_run_request
from tests.factories import shanghai

from .conftest import book, repair_day


def close(location, start: str, end: str):
    return disruption_close(
        locations=[location],
        starts_at=shanghai(repair_day(), start),
        ends_at=shanghai(repair_day(), end),
        reason="暴雨",
    )


def test_second_disruption_joins_queued_repair(base):
    book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    book("CB-S1", base["crew_b"], base["court"], "09:00", "10:00")
    first = close(base["square"], "08:00", "12:00")
    second = close(base["court"], "08:00", "12:00")
    assert first.plan_run_id == second.plan_run_id
    run = PlanRun.objects.get()
    assert (run.trigger, run.status, run.start, run.days) == (
        PlanRun.Trigger.DISRUPTION,
        PlanRun.Status.QUEUED,
        repair_day() - dt.timedelta(days=2),
        5,
    )


def test_disruption_beside_queued_manual_run_gets_own_horizon(base):
    book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    start = repair_day() - dt.timedelta(days=2)
    manual, _ = plan_run_request(start=start, days=5, time_limit_seconds=5)
    disruption = close(base["square"], "08:00", "12:00")
    repair = disruption.plan_run
    assert repair.pk != manual.pk
    assert (repair.trigger, repair.start, repair.days) == ("disruption", start, 6)
    assert PlanRun.objects.get(pk=manual.pk).trigger == PlanRun.Trigger.MANUAL


def test_disruption_hitting_nothing_queues_no_run(base):
    book("CA-S1", base["crew_a"], base["square"], "13:00", "14:00")
    disruption = close(base["square"], "08:00", "12:00")
    assert disruption.bookings_hit == []
    assert disruption.plan_run is None
    assert PlanRun.objects.count() == 0
