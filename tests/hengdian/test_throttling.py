"""Guessing limits: failed sign-ins by address and by username, check-in codes by the user."""

from __future__ import annotations

import pytest
import redis
from django.core.cache import cache, caches

from tests.actors.guild_world import published_call
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

TOKEN = "/api/v1/auth/token/"
CHECK_IN = "/api/v1/calls/check-in"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def _login(client, password: str, address: str = "10.0.0.1"):
    body = {"username": "crew", "password": password}
    return client.post(TOKEN, body, format="json", REMOTE_ADDR=address, **EN)


def test_the_eleventh_sign_in_after_ten_failures_for_one_username_is_429_from_anywhere(
    anon_client, crew_user
):
    statuses = [
        _login(anon_client, f"guess-{n}", address=f"10.0.1.{n}").status_code for n in range(10)
    ]

    refused = _login(anon_client, PASSWORD, address="10.0.2.1")

    assert statuses == [400] * 10
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 900
    assert refused.json()["message"].startswith("Too many failed sign-ins. Try again in ")


def test_failures_from_one_address_are_limited_whatever_the_username(
    settings, anon_client, crew_user
):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 5
    for n in range(5):
        body = {"username": f"someone-{n}", "password": "guess"}
        anon_client.post(TOKEN, body, format="json", REMOTE_ADDR="10.0.0.1")

    refused = _login(anon_client, PASSWORD)
    elsewhere = _login(anon_client, PASSWORD, address="10.0.0.2")

    assert (refused.status_code, elsewhere.status_code) == (429, 200)


def test_successful_sign_ins_from_one_office_are_not_counted(anon_client, crew_user):
    statuses = {_login(anon_client, PASSWORD).status_code for _ in range(60)}
    assert statuses == {200}


def test_failures_are_counted_by_address_not_by_a_header_the_client_writes(
    settings, anon_client, crew_user
):
    settings.SIGN_IN_FAILURES_PER_ADDRESS = 3
    for n in range(3):
        anon_client.post(
            TOKEN,
            {"username": f"someone-{n}", "password": "guess"},
            format="json",
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR=f"203.0.113.{n}",
        )

    spoofed = anon_client.post(
        TOKEN,
        {"username": "crew", "password": PASSWORD},
        format="json",
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    assert spoofed.status_code == 429


@pytest.mark.parametrize("page", ["/accounts/login/", "/admin/login/"])
def test_sign_in_pages_count_failures_against_the_same_limits_as_the_api_login(
    client, anon_client, crew_user, page
):
    body = {"username": "crew", "password": "guess"}
    statuses = [client.post(page, body, REMOTE_ADDR="10.0.0.1").status_code for _ in range(10)]

    refused = client.post(
        "/accounts/login/", {"username": "crew", "password": PASSWORD}, REMOTE_ADDR="10.0.0.3", **EN
    )
    api = _login(anon_client, PASSWORD, address="10.0.0.4")

    assert statuses == [200] * 10  # the form again, with its error
    assert (refused.status_code, refused["Content-Type"]) == (429, "text/plain; charset=utf-8")
    assert refused.content.decode().startswith("Too many failed sign-ins. Try again in ")
    assert 1 <= int(refused["Retry-After"]) <= 900
    assert api.status_code == 429


def test_check_in_codes_are_limited_per_user(settings, guild_client, own_crew):
    settings.API_THROTTLE_RATES = {**settings.API_THROTTLE_RATES, "check_in": "3/min"}
    world = published_call(own_crew)

    guesses = [
        guild_client.post(CHECK_IN, {"code": code}, format="json").status_code
        for code in ("AAAAAA", "BBBBBB", "CCCCCC")
    ]
    right = guild_client.post(CHECK_IN, {"code": world.call.check_in_code}, format="json")
    listing = guild_client.get("/api/v1/calls/")

    assert guesses == [404, 404, 404]
    assert right.status_code == 429
    assert listing.status_code == 200  # only check-in is limited


def test_a_cache_that_is_down_lets_logins_through(settings, anon_client, crew_user, caplog):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    response = _login(anon_client, PASSWORD)

    assert response.status_code == 200
    assert "sign-in limit cache unavailable; attempt let through" in caplog.text


@pytest.mark.services
def test_login_limit_holds_in_the_redis_cache_every_worker_shares(settings, anon_client, crew_user):
    """Production's cache: the counts are in Redis, where two workers (two cache clients here)
    see the same count. Run by the services tier; without Redis it fails, never skips."""
    assert settings.CELERY_BROKER_URL.startswith("redis://"), "set CELERY_BROKER_URL=redis://"
    redis_url = settings.CELERY_BROKER_URL.rsplit("/", 1)[0] + "/7"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    cache.clear()  # also fails at once when Redis does not answer
    for n in range(5):
        _login(anon_client, f"guess-{n}")
    caches.close_all()  # a new connection, as another worker process would have
    for n in range(5):
        _login(anon_client, f"guess-{n + 5}")

    refused = _login(anon_client, PASSWORD)
    keys = redis.Redis.from_url(redis_url).keys("*sign-in-failures:address:10.0.0.1:*")

    assert refused.status_code == 429
    assert len(keys) == 1
