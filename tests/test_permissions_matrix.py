"""Every resource endpoint x every role x list / another crew's object / create / update / delete.

The object acted on belongs to ``own_crew`` (where it belongs to a crew at all): ``crew`` is
its member, ``other_crew`` a member of another crew, for whom it must not exist (404).
The performer acted on is called to ``own_crew``'s scene, and is not ``performer_user``.
"""

from __future__ import annotations

import re

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator

from actors.models import Performer
from scheduling.models import Booking
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    CallFactory,
    CastMemberFactory,
    ClosureFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
    TravelTimeFactory,
    ZoneFactory,
)

ROLES = ["anon", "ops", "guild", "crew", "other_crew", "performer"]


@pytest.fixture
def world(own_crew, other_crew, performer_user):
    """Two crews with a scene each; own_crew's scene booked with a performer called."""
    zone = ZoneFactory(code="Z01")
    ZoneFactory(code="Z02")
    travel = TravelTimeFactory(from_zone=zone, to_zone=ZoneFactory(code="Z03"), minutes=20)
    location = LocationFactory(code="L001", zone=zone)
    closure = ClosureFactory(location=location)
    CastMemberFactory(crew=own_crew, code="C0001-A01")
    scene = SceneFactory(crew=own_crew, code="C0001-S001")
    line = ExtrasLineFactory(scene=scene, position=1)
    SceneFactory(crew=other_crew, code="C0002-S001")
    performer = PerformerFactory(code="P00001", phone="13800001111", id_number="330782199001010011")
    CallFactory(
        booking=BookingFactory(scene=scene, location=location),
        extras_line=line,
        performer=performer,
    )
    availability = AvailabilityFactory(performer=performer)
    AvailabilityFactory(performer=performer_user.performer)
    return {"travel": travel.pk, "closure": closure.pk, "line": line.pk, "avail": availability.pk}


# endpoint: (list path, detail of the object, create payload, patch payload)
ENDPOINTS = {
    "zones": ("zones/", "zones/Z01/", {"code": "Z09", "name": "江南水乡"}, {"name": "秦王宫"}),
    "travel-times": (
        "travel-times/",
        "travel-times/{travel}/",
        {"from_zone": "Z01", "to_zone": "Z02", "minutes": 30},
        {"minutes": 40},
    ),
    "locations": (
        "locations/",
        "locations/L001/",
        {"code": "L009", "name": "医院病房", "zone": "Z01", "tags": ["hospital"]},
        {"capacity": 2},
    ),
    "closures": (
        "closures/",
        "closures/{closure}/",
        {
            "location": "L001",
            "starts_at": "2026-12-02T08:00+08:00",
            "ends_at": "2026-12-02T10:00+08:00",
        },
        {"reason": "repainting"},
    ),
    "crews": (
        "crews/",
        "crews/C0001/",
        {
            "code": "C0009",
            "name": "重生之我是首富",
            "first_date": "2026-12-01",
            "last_date": "2026-12-03",
        },
        {"name": "龙王赘婿 2"},
    ),
    "cast-members": (
        "cast-members/",
        "cast-members/C0001-A01/",
        {"code": "C0001-A09", "crew": "C0001", "name": "男主", "day_rate": 8000},
        {"day_rate": 9000},
    ),
    "scenes": (
        "scenes/",
        "scenes/C0001-S001/",
        {
            "code": "C0001-S009",
            "crew": "C0001",
            "minutes": 90,
            "first_date": "2026-12-02",
            "last_date": "2026-12-03",
            "extras_lines": [{"count": 3, "min_age": 20, "max_age": 40}],
        },
        {"title": "雨夜重逢"},
    ),
    "extras-lines": (
        "extras-lines/",
        "extras-lines/{line}/",
        {"scene": "C0001-S001", "count": 4, "min_age": 18, "max_age": 30},
        {"count": 5},
    ),
    "performers": (
        "performers/",
        "performers/P00001/",
        {"code": "P00009", "gender": "M", "age": 30},
        {"age": 31},
    ),
    "availability": (
        "availability/",
        "availability/{avail}/",
        {"performer": "P00001", "date": "2026-12-05"},
        {"date": "2026-12-06"},
    ),
}

# Expected status per endpoint, action, then ROLES order (anon, ops, guild, crew, other, performer).
EXPECTED = {
    "zones": {
        "list": (401, 200, 200, 200, 200, 403),
        "retrieve": (401, 200, 200, 200, 200, 403),
        "create": (401, 201, 403, 403, 403, 403),
        "update": (401, 200, 403, 403, 403, 403),
        "delete": (401, 409, 403, 403, 403, 403),  # the zone still has a location
    },
    "travel-times": {
        "list": (401, 200, 200, 200, 200, 403),
        "retrieve": (401, 200, 200, 200, 200, 403),
        "create": (401, 201, 403, 403, 403, 403),
        "update": (401, 200, 403, 403, 403, 403),
        "delete": (401, 204, 403, 403, 403, 403),
    },
    "locations": {
        "list": (401, 200, 200, 200, 200, 403),
        "retrieve": (401, 200, 200, 200, 200, 403),
        "create": (401, 201, 403, 403, 403, 403),
        "update": (401, 200, 403, 403, 403, 403),
        "delete": (401, 409, 403, 403, 403, 403),  # the location has a booking
    },
    "closures": {
        "list": (401, 200, 200, 200, 200, 403),
        "retrieve": (401, 200, 200, 200, 200, 403),
        "create": (401, 201, 403, 403, 403, 403),
        "update": (401, 200, 403, 403, 403, 403),
        "delete": (401, 204, 403, 403, 403, 403),
    },
    "crews": {
        "list": (401, 200, 200, 200, 200, 403),
        "retrieve": (401, 200, 200, 200, 404, 403),
        "create": (401, 201, 403, 403, 403, 403),
        "update": (401, 200, 403, 200, 404, 403),
        "delete": (401, 204, 403, 403, 403, 403),
    },
    "cast-members": {
        "list": (401, 200, 403, 200, 200, 403),
        "retrieve": (401, 200, 403, 200, 404, 403),
        "create": (401, 201, 403, 201, 400, 403),
        "update": (401, 200, 403, 200, 404, 403),
        "delete": (401, 204, 403, 204, 404, 403),
    },
    "scenes": {
        "list": (401, 200, 200, 200, 200, 403),
        "retrieve": (401, 200, 200, 200, 404, 403),
        "create": (401, 201, 403, 201, 400, 403),
        "update": (401, 200, 403, 200, 404, 403),
        "delete": (401, 204, 403, 403, 403, 403),
    },
    "extras-lines": {
        "list": (401, 200, 200, 200, 200, 403),
        "retrieve": (401, 200, 200, 200, 404, 403),
        "create": (401, 201, 403, 201, 400, 403),
        "update": (401, 200, 403, 200, 404, 403),
        "delete": (401, 204, 403, 204, 404, 403),
    },
    "performers": {
        "list": (401, 200, 200, 200, 200, 200),
        "retrieve": (401, 200, 200, 200, 404, 404),
        "create": (401, 201, 201, 403, 403, 403),
        "update": (401, 200, 200, 403, 403, 403),
        "delete": (401, 409, 409, 403, 403, 403),  # the performer has a call
    },
    "availability": {
        "list": (401, 200, 200, 403, 403, 200),
        "retrieve": (401, 200, 200, 403, 403, 404),
        "create": (401, 201, 201, 403, 403, 403),
        "update": (401, 200, 200, 403, 403, 403),
        "delete": (401, 204, 204, 403, 403, 403),
    },
}

CELLS = [
    (endpoint, action, role, codes[ROLES.index(role)])
    for endpoint, actions in EXPECTED.items()
    for action, codes in actions.items()
    for role in ROLES
]


@pytest.fixture
def client_as(
    api_client_for, ops_user, guild_user, crew_user, other_crew_user, performer_user, world
):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "other_crew": other_crew_user,
        "performer": performer_user,
    }
    return lambda role: api_client_for(users[role])


@pytest.mark.parametrize(
    ("endpoint", "action", "role", "expected"),
    CELLS,
    ids=[f"{endpoint}-{action}-{role}" for endpoint, action, role, _ in CELLS],
)
def test_permission_matrix_cell(client_as, world, endpoint, action, role, expected):
    list_path, detail_path, create_payload, patch_payload = ENDPOINTS[endpoint]
    client = client_as(role)
    detail = "/api/v1/" + detail_path.format(**world)
    if action == "list":
        response = client.get("/api/v1/" + list_path)
    elif action == "retrieve":
        response = client.get(detail)
    elif action == "create":
        response = client.post("/api/v1/" + list_path, create_payload, format="json")
    elif action == "update":
        response = client.patch(detail, patch_payload, format="json")
    else:
        response = client.delete(detail)
    assert response.status_code == expected, response.content.decode()


def ids_by_resource(world) -> dict[str, str]:
    return {
        "zones": "Z01",
        "travel-times": str(world["travel"]),
        "locations": "L001",
        "closures": str(world["closure"]),
        "crews": "C0001",
        "cast-members": "C0001-A01",
        "scenes": "C0001-S001",
        "extras-lines": str(world["line"]),
        "performers": "P00001",
        "availability": str(world["avail"]),
        "bookings": str(Booking.objects.get().pk),
    }


def get_paths_of_schema(client) -> list[str]:
    schema = client.get("/api/schema/", {"format": "json"}).json()
    return [path for path, operations in schema["paths"].items() if "get" in operations]


@pytest.mark.parametrize("role", ["crew", "other_crew"])
def test_crew_responses_never_carry_phone_or_id_number(client_as, ops_user, world, role):
    """Walks every GET endpoint of the schema as a crew user and searches each body."""
    PerformerFactory(code="P00002", phone="13700002222", id_number="330782199202020022")
    secrets = set()
    for performer in Performer.objects.all():
        secrets |= {performer.phone, performer.id_number}
    ids = ids_by_resource(world)
    client = client_as(role)
    query = "?date=2026-12-01&from=2026-12-01&to=2026-12-07&start=2026-12-01&days=7"
    statuses = {}
    for path in get_paths_of_schema(client_as("ops")):
        resource = path.removeprefix("/api/v1/").split("/")[0]
        url = re.sub(r"\{[^}]+\}", ids.get(resource, "0"), path) + query
        response = client.get(url)
        if response.status_code == 400:  # a list that takes none of these filters
            response = client.get(url.split("?")[0])
        body = response.content.decode()
        statuses[url.split("?")[0]] = response.status_code
        assert [secret for secret in secrets if secret in body] == [], url
    # The walk reached the performers the crew may see (masked), so it searched real bodies.
    assert statuses["/api/v1/performers/"] == 200
    assert statuses["/api/v1/scenes/"] == 200
    assert len(statuses) >= 20


def test_schema_lists_every_resource_path(ops_client):
    response = ops_client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = set(response.json()["paths"])
    for endpoint, (list_path, detail_path, _, _) in ENDPOINTS.items():
        lookup = "{id}" if "{" in detail_path else "{code}"
        assert "/api/v1/" + list_path in paths, endpoint
        assert f"/api/v1/{list_path}{lookup}/" in paths, endpoint
    assert "/api/v1/auth/token/" in paths


def test_schema_and_docs_are_served_without_login(anon_client):
    assert anon_client.get("/api/schema/").status_code == 200
    assert anon_client.get("/api/docs/").status_code == 200


@pytest.mark.parametrize(
    "endpoint", ["crews", "scenes", "extras-lines", "performers", "locations", "availability"]
)
def test_list_queries_do_not_grow_with_rows(
    client_as, world, own_crew, django_assert_max_num_queries, endpoint
):
    """Listing stays a fixed number of queries (no query per row) for the widest role."""
    for number in range(2, 12):
        scene = SceneFactory(crew=own_crew, code=f"C0001-S1{number:02d}")
        ExtrasLineFactory(scene=scene, position=1)
        LocationFactory(code=f"L1{number:02d}")
        AvailabilityFactory(performer=PerformerFactory(code=f"P001{number:02d}"))
    client = client_as("ops")
    client.get("/api/v1/zones/")  # token and groups looked up once before counting
    with django_assert_max_num_queries(8):
        response = client.get("/api/v1/" + ENDPOINTS[endpoint][0])
    assert response.status_code == 200
    assert response.json()["count"] >= 2


def test_schema_has_no_warnings_or_errors_from_resource_views(db):
    """drf-spectacular's own complaints, restricted to the modules of these resources."""
    GENERATOR_STATS.reset()
    with GENERATOR_STATS.silence():
        SchemaGenerator().get_schema(request=None, public=True)
    complaints = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    GENERATOR_STATS.reset()
    ours = ("crews/api/", "actors/api/", "scheduling/api/resources", "scheduling/api/access")
    assert [text for text in complaints if any(module in text for module in ours)] == []
