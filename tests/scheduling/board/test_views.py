"""The board's page and JSON: ops only, Chinese by default, static assets from the project."""

from __future__ import annotations

import gzip
import json

import pytest
from django.test import Client

from tests.factories import PASSWORD, LocationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def ops_browser(ops_user) -> Client:
    client = Client()
    client.force_login(ops_user)
    return client


def test_board_page_anonymous_is_sent_to_the_login():
    response = Client().get("/board/?date=2026-12-02")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/board/%3Fdate%3D2026-12-02"


def test_board_login_page_lets_an_ops_user_without_admin_access_in(ops_user):
    ops_user.is_staff = False
    ops_user.save(update_fields=["is_staff"])
    client = Client()

    form = client.get("/accounts/login/?next=/board/")
    signed_in = client.post(
        "/accounts/login/", {"username": "ops", "password": PASSWORD, "next": "/board/"}
    )

    assert form.status_code == 200
    assert (signed_in.status_code, signed_in["Location"]) == (302, "/board/")
    assert client.get("/board/").status_code == 200


def test_board_login_page_wrong_password_stays_with_a_message(ops_user):
    response = Client().post(
        "/accounts/login/", {"username": "ops", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "Your username and password didn't match." in response.content.decode()


@pytest.mark.parametrize("who", ["guild_user", "crew_user"])
def test_board_page_other_roles_are_refused(request, who):
    client = Client()
    client.force_login(request.getfixturevalue(who))

    page = client.get("/board/")
    data = client.get("/board/data/day?date=2026-12-02", HTTP_ACCEPT_LANGUAGE="en")

    assert (page.status_code, data.status_code) == (403, 403)
    assert data.json() == {"message": "The board is for the operations centre (ops) only."}


def test_board_data_anonymous_is_refused():
    assert Client().get("/board/data/day?date=2026-12-02").status_code == 403


def test_board_page_is_chinese_by_default_whatever_the_browser_asks(ops_browser):
    response = ops_browser.get("/board/?date=2026-12-02", HTTP_ACCEPT_LANGUAGE="en-US,en")

    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in html
    assert 'data-lang="zh"' in html
    assert 'data-day="2026-12-02"' in html
    assert 'data-utc-offset="+08:00"' in html
    assert response.cookies["django_language"].value == "zh-hans"


def test_board_page_lang_en_switches_and_is_remembered(ops_browser):
    first = ops_browser.get("/board/?lang=en")
    again = ops_browser.get("/board/")

    assert first.cookies["django_language"].value == "en"
    assert 'data-lang="en"' in again.content.decode()
    assert "django_language" not in again.cookies


def test_board_day_data_is_gzipped_json(ops_browser):
    for n in range(10):  # Django leaves bodies under 200 bytes as they are
        LocationFactory(code=f"L{n}")

    response = ops_browser.get("/board/data/day?date=2026-12-02", HTTP_ACCEPT_ENCODING="gzip")

    assert response["Content-Encoding"] == "gzip"
    day = json.loads(gzip.decompress(response.content))
    assert sorted(row[0] for row in day["locations"]) == [f"L{n}" for n in range(10)]
    assert day["date"] == "2026-12-02"


@pytest.mark.parametrize("path", ["day", "unplaced", "demand"])
def test_board_data_without_a_date_is_a_400(ops_browser, path):
    response = ops_browser.get(f"/board/data/{path}?date=02.12.2026", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json() == {"message": "Give ?date=YYYY-MM-DD."}


@pytest.mark.parametrize("name", ["board.js", "panels.js", "strings.js", "board.css"])
def test_board_static_assets_are_served_by_the_project(ops_browser, name):
    response = ops_browser.get(f"/static/board/{name}")

    assert response.status_code == 200


def test_board_page_carries_the_shooting_days_hours(ops_browser, settings):
    settings.PLANNING_DAY_END = "28:00"

    page = ops_browser.get("/board/?date=2026-12-02").content.decode()

    assert 'data-day-start="360" data-day-end="1680"' in page
    assert 'pattern="([0-3][0-9]|4[0-7]):[0-5][0-9]"' in page
