"""The statement over HTTP: book and cancel through the API, then read it as JSON, CSV and PDF."""

from __future__ import annotations

import datetime as dt

import pytest

from core.shooting_day import at_clock, booking_date
from tests.actors import role_clients
from tests.clock import base_now, working_start
from tests.factories import CrewFactory, LocationFactory, SceneFactory
from tests.poppler import pdf_fonts, pdf_text
from tests.scheduling.billing.world import booked

URL = "/api/v1/crews/{code}/statement"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DEC_2 = dt.date(2026, 12, 2)

client_as = role_clients.client_as


def _book(client, scene, location, starts_at: dt.datetime) -> dict:
    ends_at = starts_at + dt.timedelta(minutes=scene.minutes)
    response = client.post(
        "/api/v1/bookings/",
        {
            "scene": scene.code,
            "location": location.code,
            "start": starts_at.isoformat(),
            "end": ends_at.isoformat(),
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def _crew_around(day: dt.date):
    return CrewFactory(first_date=day - dt.timedelta(days=3), last_date=day + dt.timedelta(days=3))


def test_statement_api_after_booking_and_cancelling_over_http(ops_client):
    # Two scenes at 400/h, 90 min each, two shooting days ahead at 09:00 and 11:00: one kept
    # (90 x 400 / 60 = 600.00), one cancelled now, more than 24 h ahead (no line).
    location = LocationFactory(cost_per_hour=400, capacity=3)
    day = booking_date(base_now()) + dt.timedelta(days=2)
    crew = _crew_around(day)
    kept = SceneFactory(crew=crew, minutes=90, first_date=day, last_date=day)
    dropped = SceneFactory(crew=crew, minutes=90, first_date=day, last_date=day)
    kept_booking = _book(ops_client, kept, location, at_clock(day, 9 * 60))
    dropped_booking = _book(ops_client, dropped, location, at_clock(day, 11 * 60))
    cancel = ops_client.post(f"/api/v1/bookings/{dropped_booking['id']}/cancel")
    assert cancel.status_code == 200

    response = ops_client.get(URL.format(code=crew.code), {"from": day, "to": day})

    assert response.status_code == 200
    body = response.json()
    assert [(line["kind"], line["booking"], line["amount"]) for line in body["lines"]] == [
        ("set_hire", kept_booking["id"], "600.00")
    ]
    assert body["totals"] == {
        "set_hire": "600.00",
        "cancellation": "0.00",
        "extras": "0.00",
        "total": "600.00",
    }
    assert body["rates"][0]["extras_day_rate"] == "135.00"


def test_statement_api_late_cancellation_over_http(ops_client):
    # 90 min at 400/h within the next day, cancelled now (< 24 h ahead): 600.00 / 2 = 300.00
    now = base_now()
    grid = now.replace(second=0, microsecond=0) + dt.timedelta(minutes=90 - now.minute % 30)
    starts_at = working_start(grid, minutes=90)
    day = booking_date(starts_at)
    crew = _crew_around(day)
    scene = SceneFactory(crew=crew, minutes=90, first_date=day, last_date=day)
    booking = _book(ops_client, scene, LocationFactory(cost_per_hour=400), starts_at)
    assert ops_client.post(f"/api/v1/bookings/{booking['id']}/cancel").status_code == 200

    body = ops_client.get(URL.format(code=crew.code), {"from": day, "to": day}).json()

    assert [(line["kind"], line["booking"], line["amount"]) for line in body["lines"]] == [
        ("cancellation", booking["id"], "300.00")
    ]
    assert body["totals"]["total"] == "300.00"


@pytest.mark.parametrize(
    ("role", "status"),
    [("anon", 401), ("ops", 200), ("crew", 200), ("other_crew", 404), ("guild", 403)],
)
def test_statement_api_permissions(client_as, role, status):
    response = client_as(role).get(URL.format(code="C0001"), {"from": DEC_2, "to": DEC_2})

    assert response.status_code == status


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2026-12-02"}, "from"),
        ({"from": "2026-12-02"}, "to"),
        ({"from": "2026-13-02", "to": "2026-12-02"}, "from"),
        ({"from": "2026-12-05", "to": "2026-12-02"}, "to"),
        ({"from": "2026-12-02", "to": "2026-12-02", "format": "xls"}, "format"),
    ],
)
def test_statement_api_bad_input_is_a_400_naming_the_field(ops_client, own_crew, query, field):
    response = ops_client.get(URL.format(code="C0001"), query, **EN)

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["message", field]
    assert body["message"].startswith(f"{field}: ")


def test_statement_api_csv_has_each_line_and_the_totals(ops_client, own_crew):
    booking = booked(own_crew, DEC_2, "22:00", "26:00", cost_per_hour=500)

    response = ops_client.get(
        URL.format(code="C0001"), {"from": DEC_2, "to": DEC_2, "format": "csv"}
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = response.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "kind,booking,call,scene,location,performer,start,end,minutes,rate,amount"
    assert rows[1] == (
        f"set_hire,{booking.pk},,{booking.scene.code},{booking.location.code},,"
        "2026-12-02T22:00:00+08:00,2026-12-03T02:00:00+08:00,240,500.00,2000.00"
    )
    assert rows[2:] == [
        "total,,,,,,,,,set_hire,2000.00",
        "total,,,,,,,,,cancellation,0.00",
        "total,,,,,,,,,extras,0.00",
        "total,,,,,,,,,total,2000.00",
    ]


def test_statement_api_pdf_by_accept_header(crew_client, own_crew):
    booked(own_crew, DEC_2, "08:00", "10:00")

    response = crew_client.get(
        URL.format(code="C0001"), {"from": DEC_2, "to": DEC_2}, HTTP_ACCEPT="application/pdf"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content[:5] == b"%PDF-"
    assert response["Content-Disposition"] == (
        'inline; filename="statement-C0001-2026-12-02-2026-12-02.pdf"'
    )
    text = pdf_text(response.content)
    for words in (
        "横店影视城 Hengdian World Studios · 结算单 Statement",
        "剧组 Crew: 龙王赘婿 (C0001)",
        "拍摄日 Shooting days: 2026-12-02 至 2026-12-02 · 币种 Currency: CNY",
        "场地租用 Set hire",
        "总计 Total (CNY)",
        "1000.00",
    ):
        assert words in text
    fonts = [(f["name"][7:], f["emb"], f["sub"]) for f in pdf_fonts(response.content)]
    assert ("WenQuanYiMicroHei-0", "yes", "yes") in fonts
