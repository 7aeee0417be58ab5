"""Instance import and export: the service, the selector and the two API endpoints."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from actors.models import Availability, Call, Performer
from crews.models import CastMember, Crew, ExtrasLine, Scene
from scheduling.models import Booking, Closure, Location, TravelTime, Zone
from scheduling.selectors.instances import base_horizon, closure_parts, instance_export
from scheduling.services.instances import InstanceImportError, instance_import
from scheduling.solver.instance import instance_to_json, parse_instance
from scheduling.solver.model import Closure as InstanceClosure

# A copy of the contract's example-instance.json, so the suite runs from a fresh clone.
EXAMPLE = Path(__file__).with_name("example-instance.json")
IMPORT_URL = "/api/v1/instances/import"
EXPORT_URL = "/api/v1/instances/export"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
MODELS = (
    Zone,
    TravelTime,
    Location,
    Closure,
    Crew,
    CastMember,
    Scene,
    ExtrasLine,
    Performer,
    Availability,
    Booking,
    Call,
)


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def export_of(data: dict):
    h = data["horizon"]
    return instance_export(start=dt.date.fromisoformat(h["start"]), days=h["days"])


def with_bookings() -> dict:
    """The example with a closure, a confirmed booking naming its extras and a planned one."""
    data = example()
    data["locations"][1]["closures"] = [{"day": 0, "start": "06:00", "end": "08:00"}]
    performers = ["P00000", "P00004", "P00005", "P00010", "P00016", "P00023", "P00039"]
    data["locked"] = [
        {
            "scene": "C0001-S000",
            "location": "L0003",
            "day": 0,
            "start": "08:00",
            "performers": [performers],
        },
    ]
    data["previous"] = [{"scene": "C0001-S001", "location": "L0006", "day": 0, "start": "20:00"}]
    return data


@pytest.mark.django_db
@pytest.mark.usefixtures("day_hours_base")
def test_instance_import_then_export_gives_the_example_back():
    data = example()

    result = instance_import(data=data)

    assert export_of(data) == parse_instance(data)
    assert result.as_dict()["scenes"] == {"created": 17, "unchanged": 0, "updated": 0}
    assert result.as_dict()["cast_members"] == {"created": 16, "unchanged": 0, "updated": 0}
    assert result.as_dict()["availability"] == {"created": 69, "deleted": 0, "unchanged": 0}
    assert row_counts() == {
        "Zone": 6,
        "TravelTime": 15,
        "Location": 10,
        "Closure": 0,
        "Crew": 3,
        "CastMember": 16,
        "Scene": 17,
        "ExtrasLine": 11,
        "Performer": 40,
        "Availability": 69,
        "Booking": 0,
        "Call": 0,
    }


@pytest.mark.django_db
def test_instance_import_twice_changes_nothing():
    instance_import(data=example())
    before = row_counts()

    result = instance_import(data=example())

    assert row_counts() == before
    assert result.as_dict()["zones"] == {"created": 0, "unchanged": 6, "updated": 0}
    assert result.as_dict()["performers"] == {"created": 0, "unchanged": 40, "updated": 0}
    assert result.as_dict()["extras_lines"] == {"created": 0, "deleted": 0, "unchanged": 11}


@pytest.mark.django_db
@pytest.mark.usefixtures("day_hours_base")
def test_instance_import_bookings_closures_and_calls_round_trip():
    data = with_bookings()

    result = instance_import(data=data)

    assert export_of(data) == parse_instance(data)
    assert result.as_dict()["bookings"] == {"cancelled": 0, "created": 2, "unchanged": 0}
    assert result.as_dict()["calls"] == {"created": 7, "deleted": 0, "unchanged": 0}
    locked = Booking.objects.get(scene__code="C0001-S000")
    assert (locked.status, locked.source, locked.location.code) == ("confirmed", "manual", "L0003")
    assert locked.starts_at == dt.datetime.fromisoformat("2025-08-04T08:00+08:00")
    assert locked.ends_at == dt.datetime.fromisoformat("2025-08-04T09:00+08:00")
    planned = Booking.objects.get(scene__code="C0001-S001")
    assert (planned.status, planned.source) == ("planned", "plan")
    closure = Closure.objects.get()
    assert (closure.location.code, closure.starts_at) == (
        "L0001",
        dt.datetime.fromisoformat("2025-08-04T06:00+08:00"),
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("day_hours_base")
def test_instance_import_moved_booking_cancels_the_old_one():
    instance_import(data=with_bookings())
    moved = with_bookings()
    moved["previous"][0]["start"] = "21:00"
    moved["locked"] = []

    result = instance_import(data=moved)

    assert result.as_dict()["bookings"] == {"cancelled": 2, "created": 1, "unchanged": 0}
    assert result.as_dict()["calls"] == {"created": 0, "deleted": 0, "unchanged": 0}
    active = Booking.objects.exclude(status="cancelled")
    assert [(b.scene.code, b.starts_at.astimezone(dt.UTC).hour) for b in active] == [
        ("C0001-S001", 13)
    ]
    assert export_of(moved) == parse_instance(moved)


@pytest.mark.django_db
def test_instance_import_keeps_a_longer_stay_beyond_the_horizon():
    instance_import(data=example())
    Crew.objects.filter(code="C0001").update(last_date=dt.date(2025, 8, 20))

    instance_import(data=example())

    crew = Crew.objects.get(code="C0001")
    assert (crew.first_date, crew.last_date) == (dt.date(2025, 8, 4), dt.date(2025, 8, 20))


def malformed() -> dict:
    data = example()
    data["zones"][0]["colour"] = "red"
    data["performers"][1]["id"] = "P00000"
    data["scenes"][0]["crew"] = "C9999"
    data["locked"] = [{"scene": "C0001-S001", "location": "L0003", "day": 0, "start": "08:15"}]
    return data


MALFORMED_ERRORS = [
    {"path": "$.zones[0].colour", "message": "unknown key"},
    {"path": "$.scenes[0].crew", "message": 'unknown crew "C9999"'},
    {"path": "$.performers[1].id", "message": 'duplicate performer id "P00000"'},
    {"path": "$.locked[0].start", "message": "08:15 is off the 30-minute grid"},
]


@pytest.mark.django_db
def test_instance_import_malformed_reports_every_problem_and_writes_nothing():
    instance_import(data=example())
    before = row_counts()

    with pytest.raises(InstanceImportError) as caught:
        instance_import(data=malformed())

    assert [{"path": p.path, "message": p.message} for p in caught.value.problems] == (
        MALFORMED_ERRORS
    )
    assert row_counts() == before


@pytest.mark.django_db
def test_instance_import_database_problems_are_reported_with_paths():
    instance_import(data=example())
    data = example()
    data["horizon"]["slot_minutes"] = 15
    data["scenes"][0]["minutes"] = 45
    data["scenes"][14]["cast"] = ["C0000-A0"]  # C0002-S001 taking C0000's actor
    data["crews"][1]["max_span_minutes"] = 705
    before = row_counts()

    with pytest.raises(InstanceImportError) as caught:
        instance_import(data=data)

    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.horizon.slot_minutes", "must be 30, the base's planning grid, not 15"),
        ("$.crews[1].max_span_minutes", "705 is off the base's 30-minute grid"),
        ("$.scenes[0].minutes", "45 is off the base's 30-minute grid"),
        ("$.scenes[14].cast[0]", 'cast member "C0000-A0" belongs to crew "C0000", not "C0002"'),
    ]
    assert row_counts() == before


@pytest.mark.django_db
def test_instance_import_scene_of_another_crew_is_refused():
    instance_import(data=example())
    data = example()
    data["scenes"][0]["crew"] = "C0001"
    data["scenes"][0]["first_day"] = 1

    with pytest.raises(InstanceImportError) as caught:
        instance_import(data=data)

    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.scenes[0].crew", 'scene "C0000-S000" belongs to crew "C0000"'),
        ("$.scenes[0].cast[0]", 'cast member "C0000-A4" belongs to crew "C0000", not "C0001"'),
        ("$.scenes[0].cast[1]", 'cast member "C0000-A0" belongs to crew "C0000", not "C0001"'),
        ("$.scenes[0].cast[2]", 'cast member "C0000-A2" belongs to crew "C0000", not "C0001"'),
    ]


@pytest.mark.django_db
def test_instance_export_clips_windows_and_leaves_out_crews_elsewhere():
    instance_import(data=example())

    instance = instance_export(start=dt.date(2025, 8, 5), days=3)

    assert [c.id for c in instance.crews] == ["C0000", "C0001", "C0002"]
    assert [(c.first_day, c.last_day) for c in instance.crews] == [(0, 0), (0, 0), (0, 0)]
    assert instance.scene_by_id["C0001-S000"].first_day == 0
    assert instance.performer_by_id["P00003"].available_days == ()
    assert instance_export(start=dt.date(2025, 8, 10), days=2).crews == ()


# The API ---------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.usefixtures("day_hours_base")
def test_instances_api_import_then_export_gives_the_example_back(ops_client):
    response = ops_client.post(IMPORT_URL, example(), format="json")

    assert response.status_code == 200
    assert response.json()["counts"]["crews"] == {"created": 3, "unchanged": 0, "updated": 0}
    exported = ops_client.get(EXPORT_URL, {"start": "2025-08-04", "days": 2})
    assert exported.status_code == 200
    assert exported.json() == instance_to_json(parse_instance(example()))


@pytest.mark.django_db
def test_instances_api_import_records_who_booked(ops_client, ops_user):
    response = ops_client.post(IMPORT_URL, with_bookings(), format="json")

    assert response.status_code == 200
    assert response.json()["counts"]["bookings"] == {"cancelled": 0, "created": 2, "unchanged": 0}
    assert list(Booking.objects.values_list("created_by__username", flat=True)) == ["ops", "ops"]


@pytest.mark.django_db
def test_instances_api_malformed_import_is_400_with_every_path(ops_client):
    before = row_counts()

    response = ops_client.post(IMPORT_URL, malformed(), format="json", **EN)

    assert response.status_code == 400
    assert response.json() == {
        "message": "The instance has 4 problems; nothing was imported.",
        "errors": MALFORMED_ERRORS,
    }
    assert row_counts() == before


@pytest.mark.django_db
def test_instances_api_import_of_not_json_is_400(ops_client):
    response = ops_client.post(IMPORT_URL, "{not json", content_type="application/json")

    assert response.status_code == 400
    assert row_counts()["Zone"] == 0


@pytest.mark.django_db
def test_instances_api_import_too_large_is_413(ops_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000

    response = ops_client.post(IMPORT_URL, example(), format="json", **EN)

    assert response.status_code == 413
    assert response.json() == {
        "message": "The instance is larger than 2000 bytes (DJANGO_MAX_BODY_BYTES)."
    }
    assert row_counts()["Zone"] == 0


@pytest.mark.django_db
def test_instances_api_import_of_a_list_is_400(ops_client):
    response = ops_client.post(IMPORT_URL, [1, 2], format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == [{"path": "$", "message": "must be an object, not a list"}]


@pytest.mark.django_db
@pytest.mark.parametrize("client_name", ["crew_client", "guild_client"])
def test_instances_api_is_ops_only(request, client_name):
    client = request.getfixturevalue(client_name)

    imported = client.post(IMPORT_URL, example(), format="json")
    exported = client.get(EXPORT_URL, {"start": "2025-08-04", "days": 2})

    assert (imported.status_code, exported.status_code) == (403, 403)
    assert Zone.objects.count() == 0


@pytest.mark.django_db
def test_instances_api_anonymous_gets_401(anon_client):
    imported = anon_client.post(IMPORT_URL, example(), format="json")
    exported = anon_client.get(EXPORT_URL, {"start": "2025-08-04", "days": 2})

    assert (imported.status_code, exported.status_code) == (401, 401)
    assert Zone.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"days": 2}, "start"),
        ({"start": "2025-13-01", "days": 2}, "start"),
        ({"start": "04/08/2025", "days": 2}, "start"),
        ({"start": "2025-08-04"}, "days"),
        ({"start": "2025-08-04", "days": 0}, "days"),
        ({"start": "2025-08-04", "days": 367}, "days"),
        ({"start": "2025-08-04", "days": "two"}, "days"),
    ],
)
def test_instances_api_export_bad_parameter_is_400_naming_it(ops_client, query, field):
    response = ops_client.get(EXPORT_URL, query)

    assert response.status_code == 400
    body = response.json()
    assert list(body) == ["message", field]
    assert body["message"].startswith(f"{field}: ")


@pytest.mark.django_db
def test_instances_api_schema_documents_both_endpoints(ops_client):
    response = ops_client.get("/api/schema/", {"format": "json"})

    paths = response.json()["paths"]
    assert sorted(paths["/api/v1/instances/import"]) == ["post"]
    assert sorted(paths["/api/v1/instances/export"]) == ["get"]
    parameters = paths["/api/v1/instances/export"]["get"]["parameters"]
    assert [(p["name"], p["required"]) for p in parameters] == [("days", True), ("start", True)]


@pytest.mark.django_db
def test_instance_import_empty_location_list_is_refused():
    data = example()
    data["scenes"][1]["locations"] = []

    with pytest.raises(InstanceImportError) as caught:
        instance_import(data=data)

    assert [(p.path, p.message) for p in caught.value.problems] == [
        ("$.scenes[1].locations", "must not be empty (omit it to match by tags)")
    ]
    assert row_counts()["Scene"] == 0


def test_closure_parts_split_by_shooting_day_and_widen_to_the_grid():
    """The base's day is 06:00-28:00: a closure from 22:00 to 07:10 the next morning covers the
    night of day 0 to its close at 04:00 (28:00), then day 1 from its opening."""
    horizon = base_horizon(start=dt.date(2025, 8, 4), days=2)

    def at(day: int, clock: str) -> dt.datetime:
        return dt.datetime.fromisoformat(f"2025-08-0{4 + day}T{clock}+08:00")

    assert closure_parts(horizon=horizon, starts_at=at(0, "22:00"), ends_at=at(1, "07:10")) == [
        InstanceClosure(day=0, start=22 * 60, end=28 * 60),
        InstanceClosure(day=1, start=6 * 60, end=7 * 60 + 30),
    ]
    assert closure_parts(horizon=horizon, starts_at=at(1, "10:45"), ends_at=at(1, "11:15")) == [
        InstanceClosure(day=1, start=10 * 60 + 30, end=11 * 60 + 30)
    ]
    assert closure_parts(horizon=horizon, starts_at=at(0, "01:00"), ends_at=at(0, "05:00")) == []
    assert closure_parts(horizon=horizon, starts_at=at(1, "23:00"), ends_at=at(2, "03:00")) == [
        InstanceClosure(day=1, start=23 * 60, end=27 * 60)
    ]


@pytest.mark.django_db
def test_instance_import_counts_bookings_of_scenes_outside_the_file():
    first = example()
    first["previous"] = [{"scene": "C0002-S000", "location": "L0008", "day": 1, "start": "08:00"}]
    instance_import(data=first)
    second = example()
    second["scenes"] = [s for s in second["scenes"] if s["id"] != "C0002-S000"]
    second["locked"] = [{"scene": "C0002-S002", "location": "L0008", "day": 1, "start": "08:30"}]

    with pytest.raises(InstanceImportError) as caught:
        instance_import(data=second)

    assert [(p.path, p.message) for p in caught.value.problems] == [
        (
            "$.locked[0]",
            'location "L0008" (capacity 1) would hold 2 bookings at once at 2025-08-05 08:30',
        )
    ]
    assert Booking.objects.count() == 1
