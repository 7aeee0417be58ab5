"""The guild's side: per performer, what the crews were charged, what it keeps, what it pays."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from actors.models import Performer
from actors.services.pay import pay_sheets
from scheduling.billing.guild import guild_billing_get
from scheduling.billing.models import Tariff
from tests.actors import role_clients
from tests.factories import PerformerFactory
from tests.scheduling.billing.world import booked, worked

DEC_2 = dt.date(2026, 12, 2)
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
client_as = role_clients.client_as


@pytest.fixture
def two_crews_day(own_crew, other_crew, performer_user):
    """P90001 works 08:00-14:00 for C0001 and 14:00-20:30 for C0002: one 12.5 h day, 175.50
    charged (84.24 + 91.26 by minutes), 17.55 kept by the guild, 157.95 paid. PF-1 works
    09:00-19:00 for C0001: 135.00, 13.50 kept, 121.50 paid."""
    me = Performer.objects.get(code="P90001")
    worked(booked(own_crew, DEC_2, "08:00", "14:00", cost_per_hour=0), me, "08:00", "14:00")
    worked(booked(other_crew, DEC_2, "14:00", "20:30", cost_per_hour=0), me, "14:00", "20:30")
    other = PerformerFactory(code="P00001", name="群演甲")
    worked(booked(own_crew, DEC_2, "09:00", "19:00", cost_per_hour=0), other, "09:00", "19:00")


def test_guild_billing_lists_each_performer_and_reconciles(client_as, two_crews_day):
    response = client_as("guild").get("/api/v1/guild/billing", {"from": DEC_2, "to": DEC_2})

    assert response.status_code == 200
    body = response.json()
    summary = [
        (r["performer"], r["charged"], r["guild_keeps"], r["performer_paid"], r["by_crew"])
        for r in body["performers"]
    ]
    assert summary == [
        ("P00001", "135.00", "13.50", "121.50", [{"crew": "C0001", "charged": "135.00"}]),
        (
            "P90001",
            "175.50",
            "17.55",
            "157.95",
            [{"crew": "C0001", "charged": "84.24"}, {"crew": "C0002", "charged": "91.26"}],
        ),
    ]
    assert body["totals"] == {
        "charged": "310.50",
        "guild_keeps": "31.05",
        "performer_paid": "279.45",
    }
    own = client_as("ops").get("/api/v1/crews/C0001/statement", {"from": DEC_2, "to": DEC_2})
    other = client_as("ops").get("/api/v1/crews/C0002/statement", {"from": DEC_2, "to": DEC_2})
    assert (own.json()["totals"]["extras"], other.json()["totals"]["extras"]) == (
        "219.24",
        "91.26",
    )


def test_performer_billing_shows_their_own(client_as, two_crews_day):
    response = client_as("performer").get(
        "/api/v1/performers/P90001/billing", {"from": DEC_2, "to": DEC_2}
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["performer"], body["charged"], body["guild_keeps"], body["performer_paid"]) == (
        "P90001",
        "175.50",
        "17.55",
        "157.95",
    )
    assert [(d["date"], d["minutes"]) for d in body["days"]] == [("2026-12-02", 750)]


@pytest.mark.parametrize(
    ("role", "status"),
    [("anon", 401), ("ops", 403), ("crew", 403), ("guild", 200), ("performer", 403)],
)
def test_guild_billing_permissions(client_as, role, status):
    response = client_as(role).get("/api/v1/guild/billing", {"from": DEC_2, "to": DEC_2})

    assert response.status_code == status


@pytest.mark.parametrize(
    ("role", "code", "status"),
    [
        ("anon", "P90001", 401),
        ("ops", "P90001", 403),
        ("crew", "P90001", 403),
        ("guild", "P90001", 200),
        ("performer", "P90001", 200),
        ("performer", "P00001", 404),
    ],
)
def test_performer_billing_permissions(client_as, two_crews_day, role, code, status):
    response = client_as(role).get(
        f"/api/v1/performers/{code}/billing", {"from": DEC_2, "to": DEC_2}
    )

    assert response.status_code == status


def test_guild_billing_bad_period_is_a_400(client_as):
    response = client_as("guild").get(
        "/api/v1/guild/billing", {"from": "2026-12-05", "to": "2026-12-01"}, **EN
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "to: must not be before from.",
        "to": ["must not be before from."],
    }


def test_guild_pay_sheet_follows_the_tariff_of_the_day(own_crew):
    # A tariff from 12-02: 150 a day, 20% kept. 10 h on 12-02: 150.00, 30.00 kept, 120.00
    # paid, the same on the guild's pay sheet as on the guild's side of billing.
    Tariff.objects.create(
        valid_from=DEC_2,
        day_rate="150.00",
        day_hours=10,
        overtime_per_hour="13.50",
        guild_share_percent="20.00",
        cancellation_notice_hours=24,
        cancellation_share_percent="50.00",
    )
    performer = PerformerFactory()
    worked(booked(own_crew, DEC_2, "08:00", "18:00", cost_per_hour=0), performer, "08:00", "18:00")

    [sheet] = pay_sheets(first=DEC_2, last=DEC_2)
    [row] = guild_billing_get(first=DEC_2, last=DEC_2)["performers"]

    assert (sheet.total("gross"), sheet.total("guild_share"), sheet.total("net")) == (
        Decimal("150.00"),
        Decimal("30.00"),
        Decimal("120.00"),
    )
    assert (row["charged"], row["guild_keeps"], row["performer_paid"]) == (
        "150.00",
        "30.00",
        "120.00",
    )
