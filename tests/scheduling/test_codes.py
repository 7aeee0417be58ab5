"""A code is one an address can carry, checked when the object is created (issue 19, finding 9)."""

from __future__ import annotations

import pytest

from crews.models import Scene
from scheduling.models import Zone

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
REFUSAL = "use only letters, digits, '-' and '_' (a code is part of the object's address)."


@pytest.mark.parametrize("code", ["a/b", "S.1", "C1 S1", "=2+5", "C1?x", ""])
def test_scene_code_an_address_cannot_carry_is_400_and_nothing_written(crew_client, own_crew, code):
    payload = {
        "code": code,
        "crew": own_crew.code,
        "title": "夜戏",
        "minutes": 60,
        "location_tags": ["palace"],
        "time_of_day": "any",
        "first_date": str(own_crew.first_date),
        "last_date": str(own_crew.first_date),
    }
    response = crew_client.post("/api/v1/scenes/", payload, format="json", **EN)
    assert response.status_code == 400
    assert list(response.json()) == ["message", "code"]
    assert Scene.objects.count() == 0


def test_zone_code_with_a_dot_is_400_naming_the_rule(ops_client):
    response = ops_client.post(
        "/api/v1/zones/", {"code": "Z.1", "name": "秦王宫"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["code"] == [REFUSAL]
    assert Zone.objects.count() == 0


@pytest.mark.parametrize("code", ["C0001-S003", "秦王宫_1", "L_012"])
def test_code_of_letters_digits_dashes_and_underscores_is_created_and_fetched(ops_client, code):
    created = ops_client.post("/api/v1/zones/", {"code": code, "name": "片场"}, format="json")
    assert created.status_code == 201
    fetched = ops_client.get(f"/api/v1/zones/{code}/")
    assert (fetched.status_code, fetched.json()["code"]) == (200, code)
