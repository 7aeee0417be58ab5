"""A performer's login is tied only by the audited action, never by editing the performer.

The login reads the performer's phone and ID number in clear: an ops or guild user who could
tie their own account to a performer would read them without a reveal and without a record
(the review's leak, issue 19).
"""

from __future__ import annotations

import pytest

from actors.models import Performer, PerformerLoginLink
from tests.factories import PerformerFactory, UserFactory

PHONE, ID_NUMBER = "13812345678", "33078319900101123X"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REASON = "performer asked for an account at the guild desk"


@pytest.fixture
def wang(db):
    return PerformerFactory(code="P50001", name="王小明", phone=PHONE, id_number=ID_NUMBER)


@pytest.mark.parametrize("who", ["ops", "guild"])
def test_staff_cannot_tie_their_own_login_by_editing_a_performer(
    who, wang, ops_client, guild_client
):
    client = {"ops": ops_client, "guild": guild_client}[who]

    response = client.patch("/api/v1/performers/P50001/", {"user": who}, format="json", **EN)
    seen = client.get("/api/v1/performers/P50001/").json()

    assert response.status_code == 400
    assert response.json()["user"] == [
        "a performer's login is set through performers/{code}/login."
    ]
    assert Performer.objects.get(code="P50001").user is None
    assert (seen["phone"], seen["id_number"]) == ("138****5678", "3307**********123X")


@pytest.mark.parametrize("who", ["ops", "guild"])
def test_staff_cannot_tie_their_own_login_through_the_action(who, wang, ops_client, guild_client):
    client = {"ops": ops_client, "guild": guild_client}[who]

    response = client.post(
        "/api/v1/performers/P50001/login", {"username": who, "reason": REASON}, format="json", **EN
    )

    assert response.status_code == 400
    assert response.json()["username"] == [
        f"{who} is a staff or role account (ops, guild or crew) and cannot be a performer's login."
    ]
    assert Performer.objects.get(code="P50001").user is None
    assert not PerformerLoginLink.objects.exists()


def test_guild_ties_a_plain_login_with_a_record_and_the_performer_reads_their_own_data(
    wang, guild_client, guild_user, api_client_for
):
    login = UserFactory(username="wang-xiaoming")

    response = guild_client.post(
        "/api/v1/performers/P50001/login",
        {"username": "wang-xiaoming", "reason": REASON},
        format="json",
    )
    own = api_client_for(login).get("/api/v1/performers/P50001/").json()

    assert response.status_code == 200
    assert response.json() == {"code": "P50001", "user": "wang-xiaoming"}
    record = PerformerLoginLink.objects.get()
    assert (record.by, record.performer, record.login, record.reason) == (
        guild_user,
        wang,
        login,
        REASON,
    )
    assert (own["phone"], own["id_number"], own["user"]) == (PHONE, ID_NUMBER, "wang-xiaoming")


def test_a_login_of_another_performer_is_refused(wang, guild_client):
    other = UserFactory(username="li-hua")
    PerformerFactory(code="P50002", user=other)

    response = guild_client.post(
        "/api/v1/performers/P50001/login", {"username": "li-hua", "reason": REASON}, **EN
    )

    assert response.status_code == 400
    assert response.json()["username"] == ["li-hua is already the login of performer P50002."]


def test_untying_a_login_is_recorded_too(wang, guild_client):
    wang.user = UserFactory(username="wang-xiaoming")
    wang.save()

    response = guild_client.post(
        "/api/v1/performers/P50001/login", {"username": None, "reason": REASON}, format="json"
    )

    assert response.status_code == 200
    assert Performer.objects.get(code="P50001").user is None
    assert PerformerLoginLink.objects.get().login is None


@pytest.mark.parametrize(("who", "status"), [("crew", 403), ("performer", 403), ("anonymous", 401)])
def test_only_ops_and_guild_tie_logins(
    who, status, wang, crew_client, api_client_for, performer_user, anon_client
):
    client = {
        "crew": crew_client,
        "performer": api_client_for(performer_user),
        "anonymous": anon_client,
    }[who]

    response = client.post(
        "/api/v1/performers/P50001/login", {"username": None, "reason": REASON}, format="json"
    )

    assert response.status_code == status
    assert not PerformerLoginLink.objects.exists()


def test_a_put_of_what_a_get_gave_keeps_the_login(wang, guild_client):
    wang.user = UserFactory(username="wang-xiaoming")
    wang.save()
    body = guild_client.get("/api/v1/performers/P50001/").json()
    body.update({"phone": PHONE, "id_number": ID_NUMBER, "name": "王大明"})

    response = guild_client.put("/api/v1/performers/P50001/", body, format="json")

    assert response.status_code == 200, response.content
    assert Performer.objects.get(code="P50001").user.username == "wang-xiaoming"
