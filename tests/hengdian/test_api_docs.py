"""The API docs work without the internet: Swagger UI comes from the base (issue 19, 11)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def test_api_docs_page_loads_nothing_from_another_host(ops_client):
    response = ops_client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert re.findall(r"""(?:src|href)=["']?(https?:)?//""", page) == []
    assets = re.findall(r"/static/drf_spectacular_sidecar/swagger-ui-dist/[\w.-]+", page)
    assert {asset.rsplit("/", 1)[1].split(".")[0] for asset in assets} >= {
        "swagger-ui",
        "swagger-ui-bundle",
        "swagger-ui-standalone-preset",
    }


def test_api_docs_assets_are_served_by_the_base(ops_client, client):
    page = ops_client.get("/api/docs/").content.decode()
    for asset in re.findall(r"/static/drf_spectacular_sidecar/swagger-ui-dist/[\w.-]+", page):
        response = client.get(asset)
        assert response.status_code == 200, asset
