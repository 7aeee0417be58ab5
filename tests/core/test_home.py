"""``/`` leads each role home; a page refused is a page in the user's language (issue 20, 1)."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_home_without_a_login_asks_to_sign_in(client):
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/")


def test_home_of_operations_is_the_board(client, ops_user):
    client.force_login(ops_user)
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/board/")


def test_home_of_the_guild_links_its_daily_work(client, guild_user):
    client.force_login(guild_user)
    response = client.get("/")
    page = response.content.decode()
    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    for link in ("/api/v1/guild/shortage", "/api/v1/calls/", "/api/v1/guild/pay"):
        assert f'href="{link}"' in page


def test_home_of_a_crew_links_its_own_call_sheets_only(client, crew_user, own_crew, other_crew):
    client.force_login(crew_user)
    page = client.get("/").content.decode()
    assert f'href="/api/v1/crews/{own_crew.code}/call-sheet.html"' in page
    assert f'href="/api/v1/crews/{own_crew.code}/statement"' in page
    assert other_crew.code not in page


def test_home_of_a_performer_links_their_calls_and_pay(client, performer_user):
    client.force_login(performer_user)
    page = client.get("/").content.decode()
    code = performer_user.performer.code
    assert f'href="/api/v1/performers/{code}/calls"' in page
    assert f'href="/api/v1/performers/{code}/pay"' in page


def test_home_of_a_login_without_a_role_is_a_403_page(client, role_groups):
    client.force_login(UserFactory(username="nobody"))
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert (response.status_code, response["Content-Type"]) == (403, "text/html; charset=utf-8")
    assert "Your login has no role on the base yet: ask operations." in response.content.decode()


def test_board_refused_to_the_guild_is_a_page_in_chinese_with_its_charset(client, guild_user):
    client.force_login(guild_user)
    response = client.get("/board/")
    assert (response.status_code, response["Content-Type"]) == (403, "text/html; charset=utf-8")
    assert "调度看板仅供统筹中心（ops）使用。" in response.content.decode()


def test_signing_in_lands_home(client, crew_user):
    response = client.post(
        "/accounts/login/", {"username": crew_user.username, "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, "/")
