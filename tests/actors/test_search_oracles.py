"""A crew searches and orders performers only by what it may read (issue 19, finding 3)."""

from __future__ import annotations

import pytest

from tests.factories import BookingFactory, CallFactory, PerformerFactory, SceneFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def called(own_crew):
    """Two performers called to the crew's scene, who differ in reliability."""
    booking = BookingFactory(scene=SceneFactory(crew=own_crew))
    steady = PerformerFactory(code="P-STEADY", name="王小明", reliability=0.9)
    shaky = PerformerFactory(code="P-SHAKY", name="李大华", reliability=0.2)
    for performer in (steady, shaky):
        CallFactory(booking=booking, performer=performer)
    return steady, shaky


def codes(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [row["code"] for row in response.json()["results"]]


def test_crew_search_by_a_full_name_it_sees_masked_finds_nothing(crew_client, called):
    assert codes(crew_client.get("/api/v1/performers/", {"search": "王小明"})) == []


def test_crew_search_by_code_finds_the_performer(crew_client, called):
    assert codes(crew_client.get("/api/v1/performers/", {"search": "STEADY"})) == ["P-STEADY"]


@pytest.mark.parametrize("ordering", ["reliability", "-reliability", "code,reliability"])
def test_crew_ordering_by_reliability_is_400(crew_client, called, ordering):
    response = crew_client.get("/api/v1/performers/", {"ordering": ordering}, **EN)
    assert response.status_code == 400
    assert response.json()["ordering"] == [
        "cannot order by reliability; choose from age, code."
        if "-" not in ordering
        else "cannot order by -reliability; choose from age, code."
    ]


def test_guild_search_by_name_and_ordering_by_reliability_work(guild_client, called):
    assert codes(guild_client.get("/api/v1/performers/", {"search": "王小明"})) == ["P-STEADY"]
    ordered = codes(guild_client.get("/api/v1/performers/", {"ordering": "reliability"}))
    assert ordered == ["P-SHAKY", "P-STEADY"]


def test_unknown_ordering_is_400_for_every_role(ops_client):
    response = ops_client.get("/api/v1/crews/", {"ordering": "secret"}, **EN)
    assert response.status_code == 400
    assert response.json()["ordering"] == [
        "cannot order by secret; choose from code, first_date, name, priority."
    ]


def test_crew_search_for_another_crew_s_name_finds_nothing(crew_client, own_crew, other_crew):
    assert codes(crew_client.get("/api/v1/crews/", {"search": other_crew.name})) == []
