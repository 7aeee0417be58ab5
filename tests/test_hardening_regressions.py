"""Regression tests of what the schema fuzzer (tests/test_fuzz_api.py) found, one per fix.

Each test names the finding it guards; the fix is at its cause (the schema, the pagination,
the error handler, a view), never in the fuzzer's checks.
"""

from __future__ import annotations

from importlib import import_module

import pytest
from drf_spectacular.generators import SchemaGenerator
from rest_framework import serializers

from actors.models import Call
from scheduling.models import Zone
from tests.factories import (
    BookingFactory,
    CallFactory,
    ExtrasLineFactory,
    PerformerFactory,
    SceneFactory,
)

pytestmark = pytest.mark.django_db

ERROR = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


@pytest.fixture(scope="module")
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def test_schema_documents_the_shared_errors_of_a_detail_operation(schema):
    """Finding: every 401/403/404 was undocumented (ST103 Undocumented status code)."""
    responses = schema["paths"]["/api/v1/bookings/{id}/"]["get"]["responses"]

    assert sorted(responses) == ["200", "401", "403", "404"]
    assert {code: responses[code]["content"] for code in ("401", "403", "404")} == {
        "401": ERROR,
        "403": ERROR,
        "404": ERROR,
    }
    assert schema["components"]["schemas"]["Error"]["required"] == ["message"]


def test_schema_documents_a_page_past_the_end_of_a_list(schema, ops_client):
    """Finding: ``?page=840`` answered an undocumented 404."""
    assert "404" in schema["paths"]["/api/v1/zones/"]["get"]["responses"]

    response = ops_client.get("/api/v1/zones/?page=840")

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


@pytest.mark.parametrize(
    "query", ["page=&page=2", "page=abc", "page=1&page=1", "page_size=5&page_size=10"]
)
def test_list_with_a_page_that_is_not_one_whole_number_is_400(ops_client, query):
    """Finding: ``?page=x&...&page=`` listed page 1 (ST201 schema-violating request accepted)."""
    response = ops_client.get(f"/api/v1/zones/?{query}")

    assert response.status_code == 400
    assert response.json()["message"].startswith(query.split("=")[0] + ": ")


@pytest.mark.parametrize(
    ("path", "name"),
    [("/api/v1/bookings/", "status"), ("/api/v1/performers/", "available_on")],
)
def test_schema_says_an_empty_filter_means_any(schema, path, name):
    """Finding: ``?status=`` and ``?available_on=`` were accepted though the schema's enum
    and date format have no empty value (django-filter reads an empty value as no filter)."""
    parameters = schema["paths"][path]["get"]["parameters"]

    assert next(p for p in parameters if p["name"] == name)["allowEmptyValue"] is True


def test_empty_filter_lists_everything(ops_client, own_crew):
    BookingFactory(scene=SceneFactory(crew=own_crew))

    response = ops_client.get("/api/v1/bookings/?status=")

    assert (response.status_code, response.json()["count"]) == (200, 1)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/scenes/?priority=-2.8e-250",
        "/api/v1/crews/?priority=1.5",
        "/api/v1/locations/?capacity_min=0.5",
        "/api/v1/plan-runs/?days=2.5",
    ],
)
def test_whole_number_filter_with_a_fraction_is_400(ops_client, url):
    """Finding: ``?priority=-2.8e-250`` listed nothing with a 200 (ST201): the filter took any
    decimal where the schema says integer."""
    response = ops_client.get(url)

    assert response.status_code == 400


def test_performer_age_filter_with_a_fraction_is_400(guild_client):
    assert guild_client.get("/api/v1/performers/?age_min=17.5").status_code == 400


def test_schema_documents_a_format_no_renderer_speaks(schema, guild_client):
    """Finding: ``/guild/pay?format=°b`` answered an undocumented 404 (DRF's format override)."""
    assert "404" in schema["paths"]["/api/v1/guild/pay"]["get"]["responses"]

    response = guild_client.get("/api/v1/guild/pay?format=xml&from=2026-12-01&to=2026-12-07")

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")


def test_api_url_that_matches_no_route_is_a_json_404(ops_client):
    """Finding: ``/api/v1/availability/1.5/`` answered Django's HTML page (ST105)."""
    response = ops_client.get("/api/v1/availability/1.5/", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Content-Type"]) == (404, "application/json")
    assert response.json() == {"message": "Not found."}


def test_error_of_a_csv_endpoint_is_json(crew_client):
    """Finding: a 403 to ``?format=csv`` came back as a CSV file (ST105)."""
    response = crew_client.get(
        "/api/v1/guild/pay?format=csv&from=2026-12-01&to=2026-12-07", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert (response.status_code, response["Content-Type"]) == (403, "application/json")
    assert response.json()["message"] == "Only these roles may do this here: guild."


def test_instance_import_of_a_body_that_is_not_json_answers_the_contract_shape(ops_client):
    """Finding: a body that is not JSON answered 400 without ``errors`` (ST108)."""
    response = ops_client.post(
        "/api/v1/instances/import",
        data=b"\x00",
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == "The instance is not valid JSON; nothing was imported."
    assert [error["path"] for error in body["errors"]] == ["$"]


def test_call_schema_does_not_require_the_check_in_code_crews_never_see(
    schema, crew_client, own_crew
):
    """Finding: a crew's call list broke the schema, which required ``check_in_code`` (ST108)."""
    scene = SceneFactory(crew=own_crew)
    booking = BookingFactory(scene=scene)
    line = ExtrasLineFactory(scene=scene, position=1)
    CallFactory(booking=booking, extras_line=line, performer=PerformerFactory())
    listed = schema["paths"]["/api/v1/calls/"]["get"]["responses"]["200"]["content"]
    page = listed["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    item = schema["components"]["schemas"][page]["properties"]["results"]["items"]["$ref"]
    component = schema["components"]["schemas"][item.rsplit("/", 1)[-1]]

    response = crew_client.get("/api/v1/calls/")

    assert "check_in_code" in component["properties"]
    assert "check_in_code" not in component["required"]
    assert Call.objects.count() == 1
    assert "check_in_code" not in response.json()["results"][0]


def test_schema_documents_the_roster_export_as_excel_too(schema):
    """Finding: ``?format=xlsx`` answered a content type the schema did not list (ST105)."""
    content = schema["paths"]["/api/v1/performers/export"]["get"]["responses"]["200"]["content"]

    assert sorted(content) == [
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/csv",
    ]


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("guild", "/api/v1/guild/pay?from=0001-01-01&to=0001-01-01"),
        ("guild", "/api/v1/guild/shortage?from=0001-01-01&to=0001-01-01"),
        ("ops", "/api/v1/instances/export?start=0001-01-01&days=366"),
        ("ops", "/api/v1/crews/C0001/call-sheet/?date=9999-12-31"),
    ],
)
def test_day_at_the_end_of_the_calendar_is_400_not_a_server_error(
    role, url, guild_client, ops_client, own_crew
):
    """Finding: 0001-01-01 overflowed turning the day into the base's local instants (ST101)."""
    client = {"guild": guild_client, "ops": ops_client}[role]

    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert response.json()["message"].endswith("must be between 2000-01-01 and 2099-12-31.")


def test_request_with_too_many_fields_is_a_json_400(guild_client):
    """Finding: Django's refusal of 1,000+ form fields answered an HTML page (ST105)."""
    query = "&".join(f"f{n}=1" for n in range(1500))

    response = guild_client.get(f"/api/v1/performers/?{query}", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response["Content-Type"]) == (400, "application/json")
    assert response.json() == {"message": "Bad request."}


def test_write_of_an_html_form_is_415(ops_client):
    """Finding: a form's empty ``user`` field became null and a performer was created (ST201);
    the API takes JSON, and only the upload views take files."""
    response = ops_client.post(
        "/api/v1/performers/",
        data="code=P1&name=x&user=",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 415


@pytest.mark.parametrize("code", [1373, 13.5, True, ["Z1"], {"code": "Z1"}])
def test_a_string_field_refuses_what_is_not_a_string(ops_client, code):
    """Finding (30 examples an operation): ``{"code": 1373}`` created zone "1373" (ST201);
    DRF's CharField turns a number into a string."""
    response = ops_client.post(
        "/api/v1/zones/", {"code": code, "name": "横店"}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "code: Not a valid string.",
        "code": ["Not a valid string."],
    }
    assert not Zone.objects.exists()


def _serializer_classes(base: type) -> list[type]:
    found = []
    for cls in base.__subclasses__():
        found += [cls, *_serializer_classes(cls)]
    return found


def test_every_string_the_api_reads_is_strict():
    """Every serializer of the project's apps builds its text fields as ``StrictCharField``."""
    import_module("hengdian.urls")  # every API module, so every serializer class, is imported
    ours = [
        cls
        for cls in _serializer_classes(serializers.Serializer)
        if cls.__module__.split(".")[0] in ("actors", "crews", "scheduling")
        and not cls.__module__.startswith("core.fields")
    ]
    lenient = []
    for cls in ours:
        fields = cls().fields
        for name, field in fields.items():
            fields_in = [field, getattr(field, "child", None)]
            for one in fields_in:
                if type(one) is serializers.CharField:
                    lenient.append(f"{cls.__module__}.{cls.__name__}.{name}")

    assert len(ours) > 40
    assert lenient == []
