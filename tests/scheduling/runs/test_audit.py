"""The audit trail of a publication: one record of the run, and one per booking it made."""

from __future__ import annotations

import pytest

from scheduling.models import Booking, PlanRun

from .helpers import imported, run_to_end

pytestmark = pytest.mark.django_db


def test_plan_run_publish_is_one_record_by_the_publisher_and_its_bookings_too(
    example_document, horizon_start, django_capture_on_commit_callbacks, ops_client
):
    imported(example_document, django_capture_on_commit_callbacks)
    run = run_to_end(django_capture_on_commit_callbacks, start=horizon_start, days=2)
    assert run.status == "succeeded", run.error

    response = ops_client.post(f"/api/v1/plan-runs/{run.pk}/publish")

    assert response.status_code == 200
    published = PlanRun.history.filter(id=run.pk, published_at__isnull=False)
    assert [(row.history_type, row.history_user.username) for row in published] == [("~", "ops")]
    made = Booking.objects.filter(source="plan")
    assert made.count() == len(run.plan["assignments"])
    authors = Booking.history.filter(id__in=made.values("pk")).values_list(
        "history_type", "history_user__username"
    )
    assert sorted(set(authors)) == [("+", "ops")]
    assert Booking.history.filter(id__in=made.values("pk")).count() == made.count()
