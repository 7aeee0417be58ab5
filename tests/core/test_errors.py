"""Django's error pages answer as production does, JSON under /api/ (issue 19, finding 12)."""

from __future__ import annotations

import json

import pytest
from django.test import RequestFactory
from django.utils import translation

from core.errors import api_server_error

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("debug", [True, False])
@pytest.mark.parametrize("path", ["/api/v1/nothing-here/", "/api/", "/api/v1/bookings/abc/"])
def test_api_url_no_route_matches_is_a_json_404_with_debug_on_or_off(
    ops_client, settings, debug, path
):
    settings.DEBUG = debug
    response = ops_client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "未找到。"}


def test_page_no_route_matches_with_debug_on_lists_no_url_patterns(client, settings):
    settings.DEBUG = True
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "api/v1/" not in body
    assert "URLconf" not in body


@pytest.mark.parametrize("debug", [True, False])
def test_api_detail_that_does_not_exist_is_a_translated_json_404(ops_client, settings, debug):
    settings.DEBUG = debug
    response = ops_client.get("/api/v1/scenes/NO-SUCH-SCENE/")
    assert response.status_code == 404
    assert response.json() == {"message": "未找到。", "detail": "未找到。"}


def test_unhandled_error_under_the_api_is_a_json_500():
    with translation.override("zh-hans"):
        response = api_server_error(RequestFactory().get("/api/v1/bookings/"))
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"message": "服务器出错：已通知运营中心。"}


def test_unhandled_error_under_the_api_with_debug_on_is_the_json_500_and_logged(
    ops_client, settings, monkeypatch, caplog
):
    from scheduling.api.resources import ZoneViewSet

    def broken(self, request, *args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(ZoneViewSet, "list", broken)
    settings.DEBUG = True
    response = ops_client.get("/api/v1/zones/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 500
    assert response.json() == {"message": "Server error: the operations centre has been told."}
    assert "Internal Server Error: /api/v1/zones/" in caplog.text
    assert "RuntimeError: a bug" in caplog.text
