"""A JSON body nested too deeply is a 400 on every endpoint, not a RecursionError (issue 19, 5)."""

from __future__ import annotations

import pytest

from core.parsers import MAX_DEPTH, json_depth_exceeds
from crews.models import Scene
from scheduling.models import Booking

DEEP = "[" * 50_000 + "]" * 50_000
TOO_DEEP_MESSAGE = f"JSON 解析错误：请求体嵌套超过 {MAX_DEPTH} 层。"


def nested(levels: int) -> list:
    value: list = []
    for _ in range(levels - 1):
        value = [value]
    return value


def test_json_depth_of_a_document_at_the_limit_is_accepted():
    assert json_depth_exceeds(nested(MAX_DEPTH)) is False
    assert json_depth_exceeds({"a": [{"b": 1}]}, limit=3) is False


def test_json_depth_of_a_document_past_the_limit_is_refused():
    assert json_depth_exceeds(nested(MAX_DEPTH + 1)) is True
    assert json_depth_exceeds({"a": [{"b": [1]}]}, limit=3) is True


def test_json_depth_of_a_scalar_is_within_any_limit():
    assert json_depth_exceeds("text", limit=0) is False


@pytest.mark.django_db
def test_token_login_with_a_deeply_nested_body_is_400(anon_client):
    response = anon_client.post("/api/v1/auth/token/", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == TOO_DEEP_MESSAGE


@pytest.mark.parametrize("url", ["/api/v1/bookings/", "/api/v1/scenes/", "/api/v1/performers/"])
@pytest.mark.django_db
def test_write_with_a_deeply_nested_body_is_400_and_changes_nothing(ops_client, url):
    response = ops_client.post(url, DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"] == TOO_DEEP_MESSAGE
    assert (Booking.objects.count(), Scene.objects.count()) == (0, 0)


@pytest.mark.django_db
def test_instance_import_of_a_deeply_nested_body_answers_the_contract_shape(ops_client):
    response = ops_client.post("/api/v1/instances/import", DEEP, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "$", "message": TOO_DEEP_MESSAGE}]
    assert Scene.objects.count() == 0


@pytest.mark.django_db
def test_breakdown_upload_with_a_deeply_nested_body_is_400(crew_client, own_crew):
    response = crew_client.post(
        f"/api/v1/crews/{own_crew.code}/breakdown", DEEP, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["message"] == TOO_DEEP_MESSAGE
