"""The base's places over the API: token login, zones, travel times, locations, closures."""

from __future__ import annotations

import datetime

import pytest

from core.models import ApiToken
from core.shooting_day import base_timezone
from scheduling.api.access import Conflict
from scheduling.api.resources import ZoneSerializer, ZoneViewSet
from scheduling.models import Closure, Location, TravelTime, Zone
from tests.factories import (
    PASSWORD,
    ClosureFactory,
    LocationFactory,
    TravelTimeFactory,
    ZoneFactory,
    shanghai,
)

API = "/api/v1/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def dt(day: int) -> datetime.date:
    return datetime.date(2026, 12, day)


def test_token_obtain_returns_a_new_token_of_the_user(anon_client, crew_user):
    response = anon_client.post(
        API + "auth/token/", {"username": "crew", "password": PASSWORD}, format="json"
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=crew_user)
    assert response.json() == {
        "token": response.json()["token"],
        "id": token.pk,
        "expires_at": token.expires_at.astimezone(base_timezone()).isoformat(),
    }
    assert token.prefix == response.json()["token"][:8]


def test_token_works_as_authorization_header(anon_client, crew_user, own_crew):
    token = anon_client.post(
        API + "auth/token/", {"username": "crew", "password": PASSWORD}, format="json"
    ).json()["token"]
    anon_client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    response = anon_client.get(API + "crews/")
    assert response.status_code == 200
    assert [crew["code"] for crew in response.json()["results"]] == ["C0001"]


def test_token_obtain_bad_password_is_400_with_message(anon_client, crew_user):
    response = anon_client.post(
        API + "auth/token/", {"username": "crew", "password": "wrong"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "non_field_errors: Unable to log in with provided credentials.",
        "non_field_errors": ["Unable to log in with provided credentials."],
    }


def test_token_obtain_missing_password_names_the_field(anon_client):
    response = anon_client.post(API + "auth/token/", {"username": "crew"}, format="json", **EN)
    assert response.status_code == 400
    assert response.json()["password"] == ["This field is required."]


def test_zone_create_and_list(ops_client):
    response = ops_client.post(API + "zones/", {"code": "Z01", "name": "秦王宫"}, format="json")
    assert response.status_code == 201
    assert response.json() == {"code": "Z01", "name": "秦王宫"}
    listed = ops_client.get(API + "zones/").json()
    assert listed == {
        "count": 1,
        "next": None,
        "previous": None,
        "results": [{"code": "Z01", "name": "秦王宫"}],
    }


def test_zone_update_by_code_with_put_and_patch(ops_client):
    ZoneFactory(code="Z01", name="old")
    put = ops_client.put(API + "zones/Z01/", {"code": "Z01", "name": "明清宫苑"}, format="json")
    assert put.status_code == 200
    patch = ops_client.patch(API + "zones/Z01/", {"name": "清明上河图"}, format="json")
    assert patch.json() == {"code": "Z01", "name": "清明上河图"}
    assert Zone.objects.get(code="Z01").name == "清明上河图"


def test_zone_duplicate_code_is_400_naming_code(ops_client):
    ZoneFactory(code="Z01")
    response = ops_client.post(API + "zones/", {"code": "Z01", "name": "x"}, format="json", **EN)
    assert response.status_code == 400
    assert response.json()["code"] == ["zone with this code already exists."]


def test_zone_search_by_name(ops_client):
    ZoneFactory(code="Z01", name="秦王宫")
    ZoneFactory(code="Z02", name="广州街·香港街")
    response = ops_client.get(API + "zones/", {"search": "香港"})
    assert [zone["code"] for zone in response.json()["results"]] == ["Z02"]


def test_travel_time_create_and_filter_by_either_zone(ops_client):
    ZoneFactory(code="Z01")
    ZoneFactory(code="Z02")
    response = ops_client.post(
        API + "travel-times/", {"from_zone": "Z01", "to_zone": "Z02", "minutes": 25}, format="json"
    )
    assert response.status_code == 201
    travel = TravelTime.objects.get()
    assert response.json() == {"id": travel.pk, "from_zone": "Z01", "to_zone": "Z02", "minutes": 25}
    listed = ops_client.get(API + "travel-times/", {"zone": "Z02"}).json()
    assert [row["id"] for row in listed["results"]] == [travel.pk]


def test_travel_time_reverse_pair_is_400_and_nothing_written(ops_client):
    TravelTimeFactory(from_zone=ZoneFactory(code="Z01"), to_zone=ZoneFactory(code="Z02"))
    response = ops_client.post(
        API + "travel-times/",
        {"from_zone": "Z02", "to_zone": "Z01", "minutes": 25},
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["to_zone"] == ["the pair Z01 - Z02 already has a time."]
    assert TravelTime.objects.count() == 1


def test_travel_time_same_zone_is_400(ops_client):
    ZoneFactory(code="Z01")
    response = ops_client.post(
        API + "travel-times/",
        {"from_zone": "Z01", "to_zone": "Z01", "minutes": 25},
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["to_zone"] == ["must differ from from_zone."]


def test_location_create_with_zone_code(ops_client):
    ZoneFactory(code="Z01")
    payload = {
        "code": "L001",
        "name": "医院病房",
        "zone": "Z01",
        "tags": ["hospital", "indoor"],
        "capacity": 2,
        "cost_per_hour": 300,
    }
    response = ops_client.post(API + "locations/", payload, format="json")
    assert response.status_code == 201
    assert response.json() == payload
    location = Location.objects.get(code="L001")
    assert (location.zone.code, location.tags, location.capacity) == (
        "Z01",
        ["hospital", "indoor"],
        2,
    )


def test_location_unknown_zone_is_400_and_nothing_written(ops_client):
    response = ops_client.post(
        API + "locations/", {"code": "L001", "name": "x", "zone": "Z99"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["zone"] == ["Object with code=Z99 does not exist."]
    assert Location.objects.count() == 0


def test_location_capacity_zero_is_400(ops_client):
    ZoneFactory(code="Z01")
    response = ops_client.post(
        API + "locations/",
        {"code": "L001", "name": "x", "zone": "Z01", "capacity": 0},
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["capacity"] == ["Ensure this value is greater than or equal to 1."]


def test_location_filter_by_zone_and_tag(crew_client):
    zone = ZoneFactory(code="Z01")
    LocationFactory(code="L001", zone=zone, tags=["palace", "outdoor"])
    LocationFactory(code="L002", zone=zone, tags=["hospital"])
    LocationFactory(code="L003", zone=ZoneFactory(code="Z02"), tags=["palace"])
    LocationFactory(code="L004", zone=zone, tags=["宫殿"])

    def codes(**params):
        return [
            row["code"] for row in crew_client.get(API + "locations/", params).json()["results"]
        ]

    assert codes(zone="Z01") == ["L001", "L002", "L004"]
    assert codes(tag="palace") == ["L001", "L003"]
    assert codes(zone="Z01", tag="palace") == ["L001"]
    assert codes(tag="宫殿") == ["L004"]
    assert codes(tag="pal") == []


def test_location_ordering_by_capacity_descending(ops_client):
    LocationFactory(code="L001", capacity=1)
    LocationFactory(code="L002", capacity=3)
    response = ops_client.get(API + "locations/", {"ordering": "-capacity"})
    assert [row["code"] for row in response.json()["results"]] == ["L002", "L001"]


def test_location_delete_unused_is_204(ops_client):
    LocationFactory(code="L001")
    assert ops_client.delete(API + "locations/L001/").status_code == 204
    assert Location.objects.count() == 0


def test_closure_create_and_read_in_shanghai_time(ops_client):
    LocationFactory(code="L001")
    response = ops_client.post(
        API + "closures/",
        {
            "location": "L001",
            "starts_at": "2026-12-02T00:00:00Z",
            "ends_at": "2026-12-02T02:00:00Z",
            "reason": "灯光检修",
        },
        format="json",
    )
    assert response.status_code == 201
    closure = Closure.objects.get()
    assert response.json() == {
        "id": closure.pk,
        "location": "L001",
        "starts_at": "2026-12-02T08:00:00+08:00",
        "ends_at": "2026-12-02T10:00:00+08:00",
        "reason": "灯光检修",
    }


def test_closure_ending_before_start_is_400_and_nothing_written(ops_client):
    LocationFactory(code="L001")
    response = ops_client.post(
        API + "closures/",
        {
            "location": "L001",
            "starts_at": "2026-12-02T10:00+08:00",
            "ends_at": "2026-12-02T08:00+08:00",
        },
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["ends_at"] == ["must be after starts_at."]
    assert Closure.objects.count() == 0


def test_closure_filter_by_location_and_dates(ops_client):
    location = LocationFactory(code="L001")
    first = ClosureFactory(location=location, starts_at=shanghai(dt(1), "12:00"))
    ClosureFactory(location=location, starts_at=shanghai(dt(5), "12:00"))
    ClosureFactory(location=LocationFactory(code="L002"), starts_at=shanghai(dt(1), "12:00"))
    response = ops_client.get(
        API + "closures/", {"location": "L001", "date_from": "2026-12-01", "date_to": "2026-12-02"}
    )
    assert [row["id"] for row in response.json()["results"]] == [first.pk]


def test_page_size_of_a_million_is_400_naming_page_size(ops_client):
    ZoneFactory(code="Z01")
    response = ops_client.get(API + "zones/", {"page_size": 1000000}, **EN)
    assert response.status_code == 400
    assert response.json() == {
        "message": "page_size: must be between 1 and 500, not 1000000.",
        "page_size": ["must be between 1 and 500, not 1000000."],
    }


def test_page_size_within_cap_pages(ops_client):
    ZoneFactory(code="Z01")
    ZoneFactory(code="Z02")
    response = ops_client.get(API + "zones/", {"page_size": 1})
    body = response.json()
    assert (body["count"], [zone["code"] for zone in body["results"]]) == (2, ["Z01"])
    assert body["next"] == "http://testserver/api/v1/zones/?page=2&page_size=1"


def test_create_losing_a_race_on_a_unique_code_is_409_not_500(ops_user, rf):
    """The serializer validated before the racing writer committed; the database says no."""
    request = rf.post(API + "zones/")
    request.user = ops_user
    serializer = ZoneSerializer(
        data={"code": "Z01", "name": "秦王宫"}, context={"request": request}
    )
    assert serializer.is_valid()
    ZoneFactory(code="Z01", name="the racing writer")
    with pytest.raises(Conflict) as raised:
        ZoneViewSet()._save(serializer)
    assert raised.value.status_code == 409
    assert list(Zone.objects.values_list("name", flat=True)) == ["the racing writer"]
