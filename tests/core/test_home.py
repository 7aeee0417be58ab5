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


@pytest.mark.parametrize(
    ("who", "home"),
    [("guild_user", "/guild/"), ("crew_user", "/crew/"), ("performer_user", "/me/")],
)
def test_home_of_each_role_is_its_own_page(client, request, who, home):
    client.force_login(request.getfixturevalue(who))
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, home)


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


def test_a_page_not_found_is_a_page_in_chinese(client, crew_user):
    client.force_login(crew_user)
    response = client.get("/nowhere/")
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
    page = response.content.decode()
    assert '<html lang="zh-hans">' in page
    assert "<h2>页面不存在</h2>" in page
    assert "此地址没有页面。" in page


def test_a_page_not_found_speaks_english_when_asked(client):
    response = client.get("/nowhere/?lang=en")
    assert response.status_code == 404
    assert "There is no page at this address." in response.content.decode()


def test_an_api_address_not_found_stays_json(client):
    response = client.get("/api/v1/nowhere/")
    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
