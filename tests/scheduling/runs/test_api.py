"""The plan-runs endpoints of the contract (ops only), with the task run in-process."""

from __future__ import annotations

import pytest

from scheduling.models import PlanRun

from .helpers import booked_places, imported, planned_places

pytestmark = pytest.mark.django_db
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def imported_example(example_document, django_capture_on_commit_callbacks):
    imported(example_document, django_capture_on_commit_callbacks)


def start_run(client, capture, horizon_start, **extra):
    body = {"start": horizon_start.isoformat(), "days": 2, "time_limit_seconds": 2, **extra}
    with capture(execute=True):
        return client.post("/api/v1/plan-runs/", body, format="json", **EN)


def test_plan_runs_post_answers_202_queued_and_the_run_succeeds(
    imported_example, ops_client, horizon_start, django_capture_on_commit_callbacks
):
    response = start_run(ops_client, django_capture_on_commit_callbacks, horizon_start)
    assert response.status_code == 202
    run = PlanRun.objects.get()
    assert response.json() == {
        "id": run.pk,
        "status": "queued",
        "coalesced": False,
        "message": "The run is queued.",
    }
    assert run.status == "succeeded"
    assert run.created_by.username == "ops"


def test_plan_runs_detail_list_and_plan(
    imported_example, ops_client, horizon_start, django_capture_on_commit_callbacks
):
    run_id = start_run(ops_client, django_capture_on_commit_callbacks, horizon_start).json()["id"]
    detail = ops_client.get(f"/api/v1/plan-runs/{run_id}/").json()
    run = PlanRun.objects.get()
    assert (detail["status"], detail["trigger"], detail["value"]) == (
        "succeeded",
        "manual",
        run.value,
    )
    assert set(detail["progress"]) == {"phase", "best_value", "bound", "elapsed"}
    assert detail["unscheduled"] == run.plan["unscheduled"]
    listed = ops_client.get("/api/v1/plan-runs/").json()
    assert [r["id"] for r in listed["results"]] == [run_id]
    assert "unscheduled" not in listed["results"][0]
    plan = ops_client.get(f"/api/v1/plan-runs/{run_id}/plan")
    assert plan.status_code == 200
    assert plan.json()["format"] == "hengdian-plan/1"
    assert plan.json() == run.plan


def test_plan_runs_diff_then_publish_then_publish_again(
    imported_example, ops_client, horizon_start, django_capture_on_commit_callbacks
):
    run_id = start_run(ops_client, django_capture_on_commit_callbacks, horizon_start).json()["id"]
    run = PlanRun.objects.get()
    assigned = len(run.plan["assignments"])
    diff = ops_client.get(f"/api/v1/plan-runs/{run_id}/diff")
    assert diff.status_code == 200
    assert diff.json()["totals"] == {"new": assigned, "moved": 0, "dropped": 0, "kept": 0}
    published = ops_client.post(f"/api/v1/plan-runs/{run_id}/publish")
    assert published.status_code == 200
    assert published.json()["counts"]["created"] == assigned
    assert booked_places() == planned_places(run)
    again = ops_client.post(f"/api/v1/plan-runs/{run_id}/publish", **EN)
    assert again.status_code == 409
    assert again.json()["message"] == (
        f"Only a succeeded, unpublished run can be published; run {run_id} is published already."
    )


def test_plan_runs_post_joins_the_queued_run(ops_client, horizon_start):
    # No commit inside the test's transaction: the first run stays queued.
    body = {"start": horizon_start.isoformat(), "days": 2, "time_limit_seconds": 2}
    first = ops_client.post("/api/v1/plan-runs/", body, format="json").json()
    second = ops_client.post("/api/v1/plan-runs/", body, format="json")
    assert second.status_code == 202
    assert (second.json()["id"], second.json()["coalesced"]) == (first["id"], True)


def test_plan_runs_plan_of_a_queued_run_is_409(ops_client, horizon_start):
    run = PlanRun.objects.create(start=horizon_start, days=2, time_limit_seconds=2)
    response = ops_client.get(f"/api/v1/plan-runs/{run.pk}/plan", **EN)
    assert response.status_code == 409
    assert response.json() == {"message": f"Run {run.pk} has no plan; it is queued."}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"days": 2, "time_limit_seconds": 2}, "start"),
        ({"start": "2026-13-01", "days": 2, "time_limit_seconds": 2}, "start"),
        ({"start": "2026-12-01", "days": 0, "time_limit_seconds": 2}, "days"),
        ({"start": "2026-12-01", "days": 2, "time_limit_seconds": 0}, "time_limit_seconds"),
        ({"start": "2026-12-01", "days": 2, "time_limit_seconds": 10**6}, "time_limit_seconds"),
    ],
)
def test_plan_runs_post_bad_body_is_400_naming_the_field(ops_client, body, field):
    response = ops_client.post("/api/v1/plan-runs/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["message", field]
    assert PlanRun.objects.count() == 0


@pytest.mark.parametrize("role", ["guild_client", "crew_client"])
def test_plan_runs_other_roles_are_403(request, role, horizon_start):
    client = request.getfixturevalue(role)
    run = PlanRun.objects.create(start=horizon_start, days=2, time_limit_seconds=2)
    body = {"start": horizon_start.isoformat(), "days": 2, "time_limit_seconds": 2}
    assert client.post("/api/v1/plan-runs/", body, format="json").status_code == 403
    assert client.get("/api/v1/plan-runs/").status_code == 403
    assert client.get(f"/api/v1/plan-runs/{run.pk}/").status_code == 403
    assert client.post(f"/api/v1/plan-runs/{run.pk}/publish").status_code == 403


def test_plan_runs_anonymous_is_401(anon_client):
    assert anon_client.get("/api/v1/plan-runs/").status_code == 401
    assert anon_client.post("/api/v1/plan-runs/", {}, format="json").status_code == 401
