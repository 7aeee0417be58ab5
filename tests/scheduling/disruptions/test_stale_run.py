"""A run that read the bookings before a closure never publishes bookings onto the closed set."""

from __future__ import annotations

import pytest

from scheduling.models import PlanRun
from scheduling.services.disruptions import disruption_close
from scheduling.services.plan_publish import PlanRunConflict, plan_run_publish
from scheduling.services.plan_runs import plan_run_request
from tests.factories import SceneFactory, shanghai

from .conftest import book, repair_day


def test_run_read_before_closure_is_refused_at_publish(django_capture_on_commit_callbacks, base):
    book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    SceneFactory(code="CA-S2", crew=base["crew_a"], minutes=60)
    with django_capture_on_commit_callbacks(execute=True):
        run, _ = plan_run_request(start=repair_day(), days=1, time_limit_seconds=2)
    run.refresh_from_db()
    assert run.status == PlanRun.Status.SUCCEEDED
    disruption_close(
        locations=[base["square"], base["hall"], base["court"]],
        starts_at=shanghai(repair_day(), "06:00"),
        ends_at=shanghai(repair_day(), "23:00"),
        reason="台风",
    )
    with pytest.raises(PlanRunConflict) as caught:
        plan_run_publish(run_id=run.pk)
    assert {c["rule"] for c in caught.value.conflicts} == {4}
    run.refresh_from_db()
    assert run.published_at is None
