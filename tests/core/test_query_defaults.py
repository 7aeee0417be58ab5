"""Lists honour or refuse their filters; dates default to today or this week (issue 20, 4)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.days import current_shooting_day
from tests.factories import BookingFactory, CallFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def this_week() -> tuple[str, str]:
    monday = current_shooting_day() - dt.timedelta(days=current_shooting_day().weekday())
    return str(monday), str(monday + dt.timedelta(days=6))


def test_calls_filtered_by_booking_list_only_that_booking_s_calls(guild_client):
    wanted, other = BookingFactory(), BookingFactory()
    calls = [CallFactory(booking=wanted), CallFactory(booking=wanted), CallFactory(booking=other)]
    response = guild_client.get("/api/v1/calls/", {"booking": wanted.pk})
    assert response.status_code == 200
    assert sorted(row["id"] for row in response.json()["results"]) == [
        calls[0].pk,
        calls[1].pk,
    ]


def test_list_with_a_filter_it_does_not_take_is_400_naming_it(guild_client):
    response = guild_client.get("/api/v1/calls/", {"bookng": 88}, **EN)
    assert response.status_code == 400
    assert list(response.json()) == ["message", "bookng"]
    assert response.json()["bookng"][0].startswith("this list has no such filter; it takes: ")
    assert "booking" in response.json()["bookng"][0]


def test_guild_pay_without_dates_is_this_week_s(guild_client):
    response = guild_client.get("/api/v1/guild/pay")
    assert response.status_code == 200
    assert (response.json()["from"], response.json()["to"]) == this_week()


def test_shortage_forecast_without_dates_is_this_week_s(guild_client):
    assert guild_client.get("/api/v1/guild/shortage").status_code == 200


def test_call_sheet_without_a_date_is_today_s(ops_client, own_crew):
    response = ops_client.get(f"/api/v1/crews/{own_crew.code}/call-sheet")
    assert response.status_code == 200
    assert response.json()["date"] == str(current_shooting_day())
