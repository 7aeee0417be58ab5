"""The board's revenue and utilisation chart per zone and shooting day, figures by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from scheduling.billing.board import board_revenue
from tests.factories import ClosureFactory, LocationFactory, ZoneFactory
from tests.scheduling.billing.world import at, booked

DEC_2 = dt.date(2026, 12, 2)


@pytest.fixture
def two_zones(own_crew):
    """Zone A: one single-crew hall at 500/h, closed 12:00-14:00 on 12-02, booked 22:00-02:00
    that night. Zone B: a street two crews can share, never booked. The day is 06:00-28:00."""
    hall = LocationFactory(zone=ZoneFactory(code="ZA", name="秦王宫"), cost_per_hour=500)
    LocationFactory(zone=ZoneFactory(code="ZB", name="清明上河图"), capacity=2)
    ClosureFactory(location=hall, starts_at=at(DEC_2, "12:00"), ends_at=at(DEC_2, "14:00"))
    booked(own_crew, DEC_2, "22:00", "26:00", location=hall)


def test_board_revenue_per_zone_and_day(two_zones):
    # Zone A on 12-02: open 22 h - 2 h closed = 20 h; booked 4 h (the night, whole on 12-02):
    # 4 / 20 = 0.2; revenue 4 h x 500 = 2000.00. On 12-03: open 22 h, nothing booked.
    # Zone B: 2 crews x 22 h = 44 h open each day.
    chart = board_revenue(first=DEC_2, days=2)

    assert chart["days"] == ["2026-12-02", "2026-12-03"]
    assert chart["zones"] == [
        {
            "zone": "ZA",
            "name": "秦王宫",
            "hours_open": [20.0, 22.0],
            "hours_booked": [4.0, 0.0],
            "utilisation": [0.2, 0.0],
            "revenue": ["2000.00", "0.00"],
        },
        {
            "zone": "ZB",
            "name": "清明上河图",
            "hours_open": [44.0, 44.0],
            "hours_booked": [0.0, 0.0],
            "utilisation": [0.0, 0.0],
            "revenue": ["0.00", "0.00"],
        },
    ]
    assert chart["revenue"] == ["2000.00", "0.00"]


@pytest.mark.parametrize(("who", "status"), [("ops", 200), ("crew", 403), (None, 403)])
def test_board_revenue_data_is_for_ops(two_zones, ops_user, crew_user, who, status):
    client = Client()
    if who is not None:
        client.force_login({"ops": ops_user, "crew": crew_user}[who])

    response = client.get("/board/data/revenue", {"date": "2026-12-02", "days": 2})

    assert response.status_code == status
    if status == 200:
        assert response.json()["revenue"] == ["2000.00", "0.00"]


def test_board_revenue_data_needs_a_date(ops_user):
    client = Client()
    client.force_login(ops_user)

    response = client.get("/board/data/revenue", {"date": "tomorrow"}, HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (400, {"message": "Give ?date=YYYY-MM-DD."})


def test_board_page_has_the_revenue_tab(ops_user):
    client = Client()
    client.force_login(ops_user)

    page = client.get("/board/?date=2026-12-02").content.decode()

    assert 'data-tab="revenue"' in page
    assert "board/revenue.js" in page
