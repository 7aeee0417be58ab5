"""Crews, cast members, scenes and extras lines over the API."""

from __future__ import annotations

import pytest

from crews.models import CastMember, Crew, ExtrasLine, Scene
from tests.factories import (
    CastMemberFactory,
    CrewFactory,
    ExtrasLineFactory,
    LocationFactory,
    SceneFactory,
    UserFactory,
)

API = "/api/v1/"
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

SCENE_PAYLOAD = {
    "code": "C0001-S003",
    "crew": "C0001",
    "title": "雨夜重逢",
    "minutes": 90,
    "location_tags": ["street", "night"],
    "locations": ["L001", "L002"],
    "time_of_day": "night",
    "first_date": "2026-12-02",
    "last_date": "2026-12-04",
    "priority": 1,
    "cast": ["C0001-A01"],
    "extras_lines": [
        {"count": 20, "gender": "any", "min_age": 18, "max_age": 60, "tags": ["modern"]},
        {"count": 2, "gender": "M", "min_age": 25, "max_age": 35, "skills": ["fight"]},
    ],
}


def scene_setup(own_crew):
    LocationFactory(code="L001")
    LocationFactory(code="L002")
    CastMemberFactory(crew=own_crew, code="C0001-A01")


def test_crew_create_by_ops(ops_client, crew_user):
    payload = {
        "code": "C0100",
        "name": "重生之我是首富",
        "genre": "revenge",
        "priority": 4,
        "first_date": "2026-12-01",
        "last_date": "2026-12-07",
        "max_span_minutes": 720,
        "min_rest_minutes": 480,
        "members": ["crew"],
    }
    response = ops_client.post(API + "crews/", payload, format="json")
    assert response.status_code == 201
    assert response.json() == payload
    assert list(Crew.objects.get(code="C0100").members.all()) == [crew_user]


def test_crew_list_for_crew_user_is_only_its_crews(crew_client, other_crew):
    response = crew_client.get(API + "crews/")
    assert response.json()["results"] == [
        {
            "code": "C0001",
            "name": "龙王赘婿",
            "genre": "romance",
            "priority": 1,
            "first_date": "2026-12-01",
            "last_date": "2026-12-07",
            "max_span_minutes": 840,
            "min_rest_minutes": 0,
            "members": ["crew"],
        }
    ]


def test_crew_user_updates_own_crew_name(crew_client, own_crew):
    response = crew_client.patch(API + "crews/C0001/", {"name": "龙王赘婿 第二季"}, format="json")
    assert response.status_code == 200
    own_crew.refresh_from_db()
    assert own_crew.name == "龙王赘婿 第二季"


def test_crew_user_cannot_change_priority(crew_client, own_crew):
    response = crew_client.patch(API + "crews/C0001/", {"priority": 5}, format="json", **EN)
    assert response.status_code == 400
    assert response.json() == {
        "message": "priority: only operations staff may change this.",
        "priority": ["only operations staff may change this."],
    }
    own_crew.refresh_from_db()
    assert own_crew.priority == 1


def test_crew_user_put_with_unchanged_priority_is_accepted(crew_client, own_crew):
    payload = {
        "code": "C0001",
        "name": "新名字",
        "priority": 1,
        "first_date": "2026-12-01",
        "last_date": "2026-12-07",
        "members": ["crew"],
    }
    response = crew_client.put(API + "crews/C0001/", payload, format="json")
    assert response.status_code == 200
    assert response.json()["name"] == "新名字"


def test_crew_user_cannot_add_members(crew_client, own_crew):
    UserFactory(username="intruder")
    response = crew_client.patch(
        API + "crews/C0001/", {"members": ["crew", "intruder"]}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["members"] == ["only operations staff may change this."]
    assert own_crew.members.count() == 1


def test_crew_user_cannot_stretch_its_own_working_day(crew_client, own_crew):
    response = crew_client.patch(
        API + "crews/C0001/", {"max_span_minutes": 1200}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["max_span_minutes"] == ["only operations staff may change this."]
    own_crew.refresh_from_db()
    assert own_crew.max_span_minutes == 840


def test_crew_user_cannot_shorten_its_own_rest(crew_client, own_crew):
    own_crew.min_rest_minutes = 600
    own_crew.save()
    response = crew_client.patch(API + "crews/C0001/", {"min_rest_minutes": 0}, format="json")
    assert response.status_code == 400
    own_crew.refresh_from_db()
    assert own_crew.min_rest_minutes == 600


@pytest.mark.parametrize("minutes", [99990, 1470, 30])
def test_crew_working_day_outside_an_hour_to_a_day_is_400_even_for_ops(
    ops_client, own_crew, minutes
):
    response = ops_client.patch(
        API + "crews/C0001/", {"max_span_minutes": minutes}, format="json", **EN
    )
    assert response.status_code == 400
    assert list(response.json()) == ["message", "max_span_minutes"]
    own_crew.refresh_from_db()
    assert own_crew.max_span_minutes == 840


def test_crew_ops_may_stretch_a_crew_s_working_day(ops_client, own_crew):
    response = ops_client.patch(API + "crews/C0001/", {"max_span_minutes": 1200}, format="json")
    assert response.status_code == 200
    assert response.json()["max_span_minutes"] == 1200


def test_scene_priority_raised_by_its_crew_is_400_and_unchanged(crew_client, own_crew):
    scene = SceneFactory(crew=own_crew, code="C0001-S001", priority=2)
    response = crew_client.patch(API + "scenes/C0001-S001/", {"priority": 5}, format="json", **EN)
    assert response.status_code == 400
    assert response.json() == {
        "message": "priority: only operations staff may change this.",
        "priority": ["only operations staff may change this."],
    }
    scene.refresh_from_db()
    assert scene.priority == 2


def test_scene_created_by_its_crew_above_the_default_priority_is_400(crew_client, own_crew):
    scene_setup(own_crew)
    response = crew_client.post(
        API + "scenes/", {**SCENE_PAYLOAD, "priority": 5}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["priority"] == ["only operations staff may change this."]
    assert Scene.objects.count() == 0


def test_scene_priority_set_by_ops(ops_client, own_crew):
    SceneFactory(crew=own_crew, code="C0001-S001", priority=1)
    response = ops_client.patch(API + "scenes/C0001-S001/", {"priority": 5}, format="json")
    assert response.status_code == 200
    assert response.json()["priority"] == 5


def test_crew_ops_may_change_priority(ops_client, own_crew):
    response = ops_client.patch(API + "crews/C0001/", {"priority": 5}, format="json")
    assert response.status_code == 200
    assert response.json()["priority"] == 5


def test_crew_stay_out_of_order_is_400(ops_client):
    response = ops_client.post(
        API + "crews/",
        {"code": "C0100", "name": "x", "first_date": "2026-12-05", "last_date": "2026-12-01"},
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["last_date"] == ["must not be before first_date."]
    assert not Crew.objects.filter(code="C0100").exists()


def test_crew_max_span_off_grid_is_400(ops_client):
    response = ops_client.post(
        API + "crews/",
        {
            "code": "C0100",
            "name": "x",
            "first_date": "2026-12-01",
            "last_date": "2026-12-01",
            "max_span_minutes": 605,
        },
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["max_span_minutes"] == [
        "max_span_minutes must be a positive multiple of 30."
    ]


def test_crew_filter_on_base_and_search(ops_client):
    CrewFactory(code="C0100", name="战神归来", first_date="2026-12-01", last_date="2026-12-03")
    CrewFactory(code="C0200", name="闪婚", first_date="2026-12-05", last_date="2026-12-09")

    def codes(**params):
        return [row["code"] for row in ops_client.get(API + "crews/", params).json()["results"]]

    assert codes(on_base="2026-12-06") == ["C0200"]
    assert codes(search="战神") == ["C0100"]


def test_cast_member_create_for_own_crew(crew_client, own_crew):
    payload = {"code": "C0001-A02", "crew": "C0001", "name": "女主", "day_rate": 12000}
    response = crew_client.post(API + "cast-members/", payload, format="json")
    assert response.status_code == 201
    assert response.json() == payload
    assert CastMember.objects.get(code="C0001-A02").crew == own_crew


def test_cast_member_list_filtered_by_crew(ops_client, own_crew, other_crew):
    CastMemberFactory(crew=own_crew, code="C0001-A01")
    CastMemberFactory(crew=other_crew, code="C0002-A01")
    response = ops_client.get(API + "cast-members/", {"crew": "C0002"})
    assert [row["code"] for row in response.json()["results"]] == ["C0002-A01"]


def test_scene_create_with_extras_lines_locations_and_cast(crew_client, own_crew):
    scene_setup(own_crew)
    response = crew_client.post(API + "scenes/", SCENE_PAYLOAD, format="json")
    assert response.status_code == 201, response.json()
    assert response.json() == {
        **SCENE_PAYLOAD,
        "extras_lines": [
            {
                "position": 1,
                "count": 20,
                "gender": "any",
                "min_age": 18,
                "max_age": 60,
                "tags": ["modern"],
                "skills": [],
            },
            {
                "position": 2,
                "count": 2,
                "gender": "M",
                "min_age": 25,
                "max_age": 35,
                "tags": [],
                "skills": ["fight"],
            },
        ],
    }
    scene = Scene.objects.get(code="C0001-S003")
    assert sorted(scene.locations.values_list("code", flat=True)) == ["L001", "L002"]
    assert list(scene.extras_lines.values_list("position", "count")) == [(1, 20), (2, 2)]


def test_scene_detail_by_code(guild_client, own_crew):
    SceneFactory(crew=own_crew, code="C0001-S001", title="开场", minutes=30)
    response = guild_client.get(API + "scenes/C0001-S001/")
    assert response.status_code == 200
    assert response.json() == {
        "code": "C0001-S001",
        "crew": "C0001",
        "title": "开场",
        "minutes": 30,
        "location_tags": ["palace"],
        "locations": [],
        "time_of_day": "any",
        "first_date": "2026-12-01",
        "last_date": "2026-12-07",
        "priority": 1,
        "cast": [],
        "extras_lines": [],
    }


def test_scene_update_replaces_extras_lines_keeping_positions(crew_client, own_crew):
    scene = SceneFactory(crew=own_crew, code="C0001-S001")
    kept = ExtrasLineFactory(scene=scene, position=1, count=5)
    ExtrasLineFactory(scene=scene, position=2, count=7)
    response = crew_client.patch(
        API + "scenes/C0001-S001/",
        {"extras_lines": [{"count": 9, "min_age": 30, "max_age": 50}]},
        format="json",
    )
    assert response.status_code == 200
    assert [line["count"] for line in response.json()["extras_lines"]] == [9]
    assert list(scene.extras_lines.values_list("pk", "position", "count", "min_age")) == [
        (kept.pk, 1, 9, 30)
    ]


def test_scene_patch_without_extras_lines_leaves_them(crew_client, own_crew):
    scene = SceneFactory(crew=own_crew, code="C0001-S001")
    ExtrasLineFactory(scene=scene, position=1)
    response = crew_client.patch(API + "scenes/C0001-S001/", {"title": "夜宴"}, format="json")
    assert response.status_code == 200
    assert (response.json()["title"], len(response.json()["extras_lines"])) == ("夜宴", 1)


def test_scene_minutes_off_grid_is_400_and_nothing_written(crew_client, own_crew):
    scene_setup(own_crew)
    response = crew_client.post(
        API + "scenes/", {**SCENE_PAYLOAD, "minutes": 45}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "minutes: minutes must be a positive multiple of 30.",
        "minutes": ["minutes must be a positive multiple of 30."],
    }
    assert Scene.objects.count() == 0
    assert ExtrasLine.objects.count() == 0


def test_scene_unknown_location_code_is_400_and_nothing_written(crew_client, own_crew):
    scene_setup(own_crew)
    response = crew_client.post(
        API + "scenes/", {**SCENE_PAYLOAD, "locations": ["L001", "L999"]}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["locations"] == ["Object with code=L999 does not exist."]
    assert Scene.objects.count() == 0


def test_scene_extras_min_age_above_max_age_is_400_and_nothing_written(crew_client, own_crew):
    scene_setup(own_crew)
    lines = [SCENE_PAYLOAD["extras_lines"][0], {"count": 1, "min_age": 40, "max_age": 30}]
    response = crew_client.post(
        API + "scenes/", {**SCENE_PAYLOAD, "extras_lines": lines}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "extras_lines.1.max_age: must not be below min_age (40).",
        "extras_lines": {"1": {"max_age": ["must not be below min_age (40)."]}},
    }
    assert Scene.objects.count() == 0
    assert ExtrasLine.objects.count() == 0


def test_scene_outside_crew_stay_is_400(crew_client, own_crew):
    scene_setup(own_crew)
    response = crew_client.post(
        API + "scenes/", {**SCENE_PAYLOAD, "last_date": "2026-12-09"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["first_date"] == [
        "the scene's days must lie within crew C0001's stay (2026-12-01 to 2026-12-07)."
    ]


def test_scene_cast_of_another_crew_is_400(ops_client, own_crew, other_crew):
    scene_setup(own_crew)
    CastMemberFactory(crew=other_crew, code="C0002-A01")
    response = ops_client.post(
        API + "scenes/", {**SCENE_PAYLOAD, "cast": ["C0002-A01"]}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["cast"] == ["not in crew C0001's cast: C0002-A01."]


def test_scene_create_for_another_crew_by_crew_user_is_400(crew_client, own_crew, other_crew):
    scene_setup(own_crew)
    response = crew_client.post(
        API + "scenes/",
        {**SCENE_PAYLOAD, "code": "C0002-S009", "crew": "C0002", "cast": []},
        format="json",
        **EN,
    )
    assert response.status_code == 400
    assert response.json()["crew"] == ["Object with code=C0002 does not exist."]
    assert Scene.objects.count() == 0


def test_scene_move_to_another_crew_by_crew_user_is_400(crew_client, own_crew, other_crew):
    SceneFactory(crew=own_crew, code="C0001-S001")
    response = crew_client.patch(API + "scenes/C0001-S001/", {"crew": "C0002"}, format="json")
    assert response.status_code == 400
    assert Scene.objects.get(code="C0001-S001").crew == own_crew


def test_scene_filters(ops_client, own_crew, other_crew):
    SceneFactory(
        crew=own_crew,
        code="C0001-S001",
        time_of_day="night",
        first_date="2026-12-01",
        last_date="2026-12-02",
        location_tags=["street"],
    )
    SceneFactory(
        crew=own_crew,
        code="C0001-S002",
        time_of_day="day",
        first_date="2026-12-05",
        last_date="2026-12-06",
        location_tags=["hospital"],
    )
    SceneFactory(crew=other_crew, code="C0002-S001", time_of_day="night")

    def codes(**params):
        return [row["code"] for row in ops_client.get(API + "scenes/", params).json()["results"]]

    assert codes(crew="C0001") == ["C0001-S001", "C0001-S002"]
    assert codes(time_of_day="night") == ["C0001-S001", "C0002-S001"]
    assert codes(crew="C0001", date_from="2026-12-03", date_to="2026-12-04") == []
    assert codes(crew="C0001", date_from="2026-12-02", date_to="2026-12-05") == [
        "C0001-S001",
        "C0001-S002",
    ]
    assert codes(location_tag="hospital") == ["C0001-S002"]
    assert codes(crew="C0001", ordering="-first_date") == ["C0001-S002", "C0001-S001"]


def test_scene_filter_bad_date_is_400_naming_the_filter(ops_client):
    response = ops_client.get(API + "scenes/", {"date_from": "tomorrow"}, **EN)
    assert response.status_code == 400
    assert response.json()["date_from"] == ["Enter a valid date."]


def test_extras_line_create_goes_after_last_line(crew_client, own_crew):
    scene = SceneFactory(crew=own_crew, code="C0001-S001")
    ExtrasLineFactory(scene=scene, position=1)
    response = crew_client.post(
        API + "extras-lines/",
        {"scene": "C0001-S001", "count": 4, "gender": "F", "min_age": 18, "max_age": 25},
        format="json",
    )
    assert response.status_code == 201
    line = ExtrasLine.objects.get(scene=scene, position=2)
    assert response.json() == {
        "id": line.pk,
        "scene": "C0001-S001",
        "position": 2,
        "count": 4,
        "gender": "F",
        "min_age": 18,
        "max_age": 25,
        "tags": [],
        "skills": [],
    }


def test_extras_line_patch_min_age_above_existing_max_is_400(crew_client, own_crew):
    line = ExtrasLineFactory(scene=SceneFactory(crew=own_crew), min_age=18, max_age=30)
    response = crew_client.patch(
        API + f"extras-lines/{line.pk}/", {"min_age": 31}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["max_age"] == ["must not be below min_age (31)."]
    line.refresh_from_db()
    assert line.min_age == 18


def test_extras_line_cannot_move_to_another_scene(crew_client, own_crew):
    line = ExtrasLineFactory(scene=SceneFactory(crew=own_crew, code="C0001-S001"))
    SceneFactory(crew=own_crew, code="C0001-S002")
    response = crew_client.patch(
        API + f"extras-lines/{line.pk}/", {"scene": "C0001-S002"}, format="json", **EN
    )
    assert response.status_code == 400
    assert response.json()["scene"] == ["an extras line cannot move to another scene."]


def test_extras_line_filter_by_crew(guild_client, own_crew, other_crew):
    mine = ExtrasLineFactory(scene=SceneFactory(crew=own_crew))
    ExtrasLineFactory(scene=SceneFactory(crew=other_crew))
    response = guild_client.get(API + "extras-lines/", {"crew": "C0001"})
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_scene_list_for_other_crew_excludes_own_crew_scenes(
    api_client_for, other_crew_user, own_crew, other_crew
):
    SceneFactory(crew=own_crew, code="C0001-S001")
    SceneFactory(crew=other_crew, code="C0002-S001")
    response = api_client_for(other_crew_user).get(API + "scenes/")
    assert [row["code"] for row in response.json()["results"]] == ["C0002-S001"]
