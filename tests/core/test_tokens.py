"""API tokens expire, are listed and revoked; a revoked token is 401 at once (issue 19, 10)."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
import time_machine
from rest_framework.test import APIClient

from core.models import ApiToken
from tests.clock import base_now
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def sign_in(username: str, agent: str = "script") -> tuple[APIClient, dict]:
    client = APIClient()
    response = client.post(
        "/api/v1/auth/token/",
        {"username": username, "password": PASSWORD},
        format="json",
        HTTP_USER_AGENT=agent,
    )
    assert response.status_code == 200, response.json()
    client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}", **EN)
    return client, response.json()


def test_token_is_kept_only_as_a_digest_and_lives_thirty_days(crew_user):
    _client, issued = sign_in("crew")
    token = ApiToken.objects.get(pk=issued["id"])
    assert token.key_digest == hashlib.sha256(issued["token"].encode()).hexdigest()
    assert issued["token"] not in {token.key_digest, token.prefix, token.name}
    assert token.expires_at - token.created_at == dt.timedelta(days=30)


def test_token_list_shows_one_s_own_tokens_and_which_is_current(crew_user, ops_user):
    laptop, first = sign_in("crew", "laptop")
    _phone, second = sign_in("crew", "phone")
    sign_in("ops")
    response = laptop.get("/api/v1/auth/tokens/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [(row["id"], row["name"], row["current"]) for row in rows] == [
        (second["id"], "phone", False),
        (first["id"], "laptop", True),
    ]
    assert {row["user"] for row in rows} == {"crew"}


def test_revoked_token_answers_401_at_once(crew_user):
    laptop, first = sign_in("crew", "laptop")
    phone, _second = sign_in("crew", "phone")
    assert phone.delete(f"/api/v1/auth/tokens/{first['id']}/").status_code == 204
    response = laptop.get("/api/v1/crews/")
    assert (response.status_code, response.json()["message"]) == (401, "Invalid token.")
    assert phone.get("/api/v1/crews/").status_code == 200
    token = ApiToken.objects.get(pk=first["id"])
    assert (token.revoked_by.username, token.revoked_at is not None) == ("crew", True)


def test_signing_out_revokes_the_current_token(crew_user):
    client, _issued = sign_in("crew")
    assert client.delete("/api/v1/auth/tokens/current/").status_code == 204
    assert client.get("/api/v1/crews/").status_code == 401


def test_user_cannot_see_or_revoke_another_s_token(crew_user, guild_user):
    crew, _issued = sign_in("crew")
    _guild, theirs = sign_in("guild")
    assert crew.get(f"/api/v1/auth/tokens/{theirs['id']}/").status_code == 404
    assert crew.delete(f"/api/v1/auth/tokens/{theirs['id']}/").status_code == 404
    assert ApiToken.objects.get(pk=theirs["id"]).revoked_at is None


def test_ops_lists_and_revokes_anyone_s_token(crew_user, ops_user):
    crew, theirs = sign_in("crew")
    ops, _own = sign_in("ops")
    listed = ops.get("/api/v1/auth/tokens/", {"user": "crew"}).json()["results"]
    assert [row["id"] for row in listed] == [theirs["id"]]
    assert ops.delete(f"/api/v1/auth/tokens/{theirs['id']}/").status_code == 204
    assert crew.get("/api/v1/crews/").status_code == 401


def test_expired_token_answers_401_saying_so(crew_user):
    client, _issued = sign_in("crew")
    with time_machine.travel(base_now() + dt.timedelta(days=30, minutes=1)):
        response = client.get("/api/v1/crews/")
    assert (response.status_code, response.json()["message"]) == (
        401,
        "Token expired: sign in again for a new one.",
    )


def test_token_list_without_a_login_is_401(anon_client):
    assert anon_client.get("/api/v1/auth/tokens/").status_code == 401


def test_sign_out_of_a_session_without_a_token_is_404(client, crew_user):
    client.force_login(crew_user)
    response = client.delete("/api/v1/auth/tokens/current/")
    assert response.status_code == 404
