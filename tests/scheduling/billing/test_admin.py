"""The tariff and bills screens: ops edits the tariff, the guild reads it, bills are read-only."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.test import Client

from core import roles
from scheduling.billing.models import Tariff
from scheduling.billing.services import invoice_issue
from tests.scheduling.billing.world import booked


def _staff(role: str, username: str) -> Client:
    user = User.objects.create_user(username, password="x-admin-pass-1", is_staff=True)
    user.groups.add(roles.role_groups_ensure()[role])
    client = Client()
    client.force_login(user)
    return client


def test_admin_ops_adds_a_tariff_row(db):
    ops = _staff(roles.OPS, "ops-admin")

    response = ops.post(
        "/admin/scheduling/tariff/add/",
        {
            "valid_from": "2026-12-15",
            "day_rate": "150.00",
            "day_hours": "10",
            "overtime_per_hour": "15.00",
            "guild_share_percent": "10",
            "cancellation_notice_hours": "24",
            "cancellation_share_percent": "50",
            "note": "2027 guild agreement",
        },
    )

    assert response.status_code == 302
    assert list(Tariff.objects.values_list("valid_from", "day_rate")) == [
        (dt.date(2026, 12, 15), 150)
    ]


def test_admin_guild_reads_the_tariff_and_nobody_edits_a_bill(own_crew, ops_user):
    booked(own_crew, dt.date(2026, 12, 2), "08:00", "10:00")
    invoice = invoice_issue(
        crew=own_crew, first=dt.date(2026, 12, 2), last=dt.date(2026, 12, 2), user=ops_user
    )
    guild, ops = _staff(roles.GUILD, "guild-admin"), _staff(roles.OPS, "ops-admin")

    assert guild.get("/admin/scheduling/tariff/").status_code == 200
    assert guild.get("/admin/scheduling/tariff/add/").status_code == 403
    assert ops.get("/admin/scheduling/invoice/").status_code == 200
    page = ops.get(f"/admin/scheduling/invoice/{invoice.pk}/change/")
    assert page.status_code == 200
    assert "HD-2026-000001" in page.content.decode()
    assert ops.post(f"/admin/scheduling/invoice/{invoice.pk}/delete/").status_code == 403
