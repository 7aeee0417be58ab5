"""The admin's disruption screen: a closure reported there closes its sets and queues a repair."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client

from core import roles
from scheduling.models import Closure, Disruption, PlanRun

from .conftest import book, repair_day


def ops_admin() -> Client:
    user = User.objects.create_user("ops-admin", password="x-admin-pass-1", is_staff=True)
    user.groups.add(roles.role_groups_ensure()["ops"])
    client = Client()
    client.force_login(user)
    return client


def test_admin_closure_closes_sets_and_queues_repair(base):
    booked = book("CA-S1", base["crew_a"], base["square"], "09:00", "10:00")
    client = ops_admin()
    assert client.get("/admin/scheduling/disruption/add/").status_code == 200
    form = {
        "kind": "closure",
        "reason": "舞台检修",
        "starts_at_0": repair_day().isoformat(),
        "starts_at_1": "08:00",
        "ends_at_0": repair_day().isoformat(),
        "ends_at_1": "12:00",
        "locations": [base["square"].pk],
        "tag": "",
    }
    response = client.post("/admin/scheduling/disruption/add/", form)
    assert response.status_code == 302
    disruption = Disruption.objects.get()
    assert disruption.bookings_hit == [booked.pk]
    assert disruption.created_by.username == "ops-admin"
    assert list(Closure.objects.values_list("location__code", flat=True)) == ["L-SQ"]
    assert PlanRun.objects.get().trigger == PlanRun.Trigger.DISRUPTION
