"""A crew's breakdown upload: JSON and CSV, row-by-row errors, all or nothing, who may upload."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from actors.models import Call, Performer
from crews.breakdown import ExtrasWanted, row_read
from crews.models import CastMember, ExtrasLine, Scene, SceneBreakdown
from scheduling.models import Booking, Location
from scheduling.selectors.instances import horizon_moment, instance_export
from scheduling.services.bookings import booking_create
from scheduling.solver.optimise import solve
from tests.factories import (
    AvailabilityFactory,
    CastMemberFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
)

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

URL = "/api/v1/crews/{}/breakdown"

CSV = (
    "场次,场景,日/夜,内/外,时长,演员,群演,最早,最晚,优先级,内容\n"
    "1,palace-hall,日,内,90,林一/苏晴,20 F 18-35 ancient; 5 M 20-40 +horse,,,2,朝堂对峙\n"
    "2,ancient-street,夜,外,60,林一,,2026-12-02,2026-12-03,,街头追逐\n"
    "3,palace-hall+ancient,day,int,30,,,,,,\n"
)


@pytest.fixture
def base_sets(db):
    """Two sets: a palace hall and an ancient street."""
    return [
        LocationFactory(code="LB01", tags=["ancient", "palace-hall"]),
        LocationFactory(code="LB02", tags=["ancient", "ancient-street"]),
    ]


def _scenes(crew) -> list[tuple]:
    return list(
        Scene.objects.filter(crew=crew)
        .order_by("code")
        .values_list("code", "title", "minutes", "location_tags", "time_of_day", "priority")
    )


def test_breakdown_csv_becomes_scenes_cast_and_extras(crew_client, own_crew, base_sets):
    lead = CastMemberFactory(crew=own_crew, code="C0001-A007", name="林一")
    response = crew_client.post(URL.format("C0001"), data=CSV, content_type="text/csv")
    assert response.status_code == 201
    assert response.json() == {
        "crew": "C0001",
        "created": 3,
        "scenes": ["C0001-S1", "C0001-S2", "C0001-S3"],
        "cast_created": [{"code": "C0001-A008", "name": "苏晴"}],
    }
    assert _scenes(own_crew) == [
        ("C0001-S1", "朝堂对峙", 90, ["palace-hall"], "day", 2),
        ("C0001-S2", "街头追逐", 60, ["ancient-street"], "night", 1),
        ("C0001-S3", "", 30, ["palace-hall", "ancient"], "day", 1),
    ]
    first = Scene.objects.get(code="C0001-S1")
    assert [m.code for m in first.cast.order_by("code")] == ["C0001-A007", "C0001-A008"]
    assert list(Scene.objects.get(code="C0001-S2").cast.all()) == [lead]
    lines = ExtrasLine.objects.filter(scene=first).order_by("position")
    assert [
        (line.position, line.count, line.gender, line.min_age, line.max_age, line.tags, line.skills)
        for line in lines
    ] == [(1, 20, "F", 18, 35, ["ancient"], []), (2, 5, "M", 20, 40, [], ["horse"])]
    second = Scene.objects.get(code="C0001-S2")
    assert (second.first_date, second.last_date) == (dt.date(2026, 12, 2), dt.date(2026, 12, 3))
    assert (first.first_date, first.last_date) == (own_crew.first_date, own_crew.last_date)
    assert list(
        SceneBreakdown.objects.order_by("row").values_list("scene__code", "row", "setting", "tags")
    ) == [
        ("C0001-S1", 2, "interior", ["interior"]),
        ("C0001-S2", 3, "exterior", ["exterior"]),
        ("C0001-S3", 4, "interior", ["interior"]),
    ]


def test_breakdown_json_list_is_accepted(ops_client, own_crew, base_sets):
    rows = [
        {"scene": "S7", "set": "palace-hall", "duration": 120, "cast": ["林一", "苏晴"]},
        {"scene": "8", "set": "ancient-street", "duration": "60", "day/night": "night"},
    ]
    response = ops_client.post(URL.format("C0001"), data=rows, format="json")
    assert response.status_code == 201
    assert response.json()["scenes"] == ["C0001-S7", "C0001-S8"]
    assert list(CastMember.objects.values_list("code", "name").order_by("code")) == [
        ("C0001-A001", "林一"),
        ("C0001-A002", "苏晴"),
    ]


def test_breakdown_json_object_with_scenes_is_accepted(crew_client, own_crew, base_sets):
    rows = {"scenes": [{"场次": "21", "场景": "palace-hall", "时长": 30, "内外": "外"}]}
    response = crew_client.post(URL.format("C0001"), data=rows, format="json")
    assert response.status_code == 201
    assert response.json()["scenes"] == ["C0001-S21"]
    assert Scene.objects.get(code="C0001-S21").breakdown.setting == "exterior"


def test_breakdown_form_without_a_file_is_refused(crew_client, own_crew, base_sets):
    response = crew_client.post(URL.format("C0001"), data={"other": "x"}, format="multipart", **EN)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 0, "column": "", "message": "Send the CSV in the form field 'file'."}
    ]


def test_breakdown_csv_file_in_a_form_gb18030(crew_client, own_crew, base_sets):
    upload = SimpleUploadedFile("breakdown.csv", CSV.encode("gb18030"), "text/csv")
    response = crew_client.post(URL.format("C0001"), data={"file": upload}, format="multipart")
    assert response.status_code == 201
    assert response.json()["created"] == 3


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (
            "1,throne-of-mars,日,内,90,,,,,,",
            "set",
            "No location on the base has the tag 'throne-of-mars'.",
        ),
        (
            "1,palace-hall,日,内,45,,,,,,",
            "duration",
            "45 minutes is off the 30-minute grid: use a multiple of 30.",
        ),
        (
            "1,palace-hall,黄昏,内,60,,,,,,",
            "day_night",
            "'黄昏' is not one of: 日, day, d, 夜, night, n.",
        ),
        ("1,palace-hall,日,内,60,,,2026-11-30,,,", "earliest", None),
        ("1,palace-hall,日,内,60,,abc F,,,,", "extras", None),
    ],
)
def test_breakdown_bad_row_is_refused_naming_row_and_column(
    crew_client, own_crew, base_sets, row, column, message
):
    good = "2,palace-hall,日,内,60,林一,,,,,\n"
    body = CSV.splitlines()[0] + "\n" + good + row + "\n"
    response = crew_client.post(URL.format("C0001"), data=body, content_type="text/csv", **EN)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert [(e["row"], e["column"]) for e in errors] == [(3, column)]
    if message is not None:
        assert errors[0]["message"] == message
    assert Scene.objects.count() == 0
    assert CastMember.objects.count() == 0


def test_breakdown_duplicate_scenes_in_file_and_on_base_are_refused(
    crew_client, own_crew, base_sets
):
    SceneFactory(crew=own_crew, code="C0001-S5")
    body = (
        "scene,set,duration,cast\n"
        "4,palace-hall,60,林一\n"
        "5,palace-hall,60,\n"
        "4,ancient-street,30,\n"
        "6,palace-hall,50,\n"
    )
    response = crew_client.post(URL.format("C0001"), data=body, content_type="text/csv", **EN)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 3, "column": "scene", "message": "Scene C0001-S5 is already registered."},
        {"row": 4, "column": "scene", "message": "Scene 4 is already on row 2."},
        {
            "row": 5,
            "column": "duration",
            "message": "50 minutes is off the 30-minute grid: use a multiple of 30.",
        },
    ]
    assert list(Scene.objects.values_list("code", flat=True)) == ["C0001-S5"]
    assert CastMember.objects.count() == 0


def test_breakdown_header_errors_name_row_one(crew_client, own_crew, base_sets):
    body = "scene,place,duration\n1,palace-hall,60\n"
    response = crew_client.post(URL.format("C0001"), data=body, content_type="text/csv", **EN)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 1, "column": "place", "message": "Unknown column."},
        {"row": 1, "column": "set", "message": "This column is missing."},
    ]


def test_breakdown_json_unknown_key_and_missing_cells(crew_client, own_crew, base_sets):
    rows = [{"scene": "1", "set": "palace-hall", "duration": 60}, {"scene": "2", "colour": "red"}]
    response = crew_client.post(URL.format("C0001"), data=rows, format="json", **EN)
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"row": 2, "column": "colour", "message": "Unknown column."}
    ]
    rows[1] = {"scene": "2"}
    response = crew_client.post(URL.format("C0001"), data=rows, format="json", **EN)
    assert response.json()["errors"] == [
        {"row": 2, "column": "set", "message": "This column is required."},
        {"row": 2, "column": "duration", "message": "This column is required."},
    ]
    assert Scene.objects.count() == 0


@pytest.mark.parametrize(
    ("who", "crew", "expected"),
    [
        ("anon", "C0001", 401),
        ("ops", "C0001", 201),
        ("guild", "C0001", 403),
        ("crew", "C0001", 201),
        ("crew", "C0002", 404),
        ("other", "C0001", 404),
    ],
)
def test_breakdown_permissions(
    api_client_for,
    ops_user,
    guild_user,
    crew_user,
    other_crew_user,
    own_crew,
    other_crew,
    base_sets,
    who,
    crew,
    expected,
):
    users = {
        "anon": None,
        "ops": ops_user,
        "guild": guild_user,
        "crew": crew_user,
        "other": other_crew_user,
    }
    rows = [{"scene": "1", "set": "palace-hall", "duration": 60}]
    response = api_client_for(users[who]).post(URL.format(crew), data=rows, format="json")
    assert response.status_code == expected
    assert Scene.objects.count() == (1 if expected == 201 else 0)


def test_breakdown_scenes_are_planned_and_on_the_call_sheet(crew_client, own_crew, base_sets):
    """Upload, plan with the optimiser, book its assignments: the call sheet shows the scenes."""
    for number in range(1, 5):
        performer = PerformerFactory(code=f"PB{number:03d}", name=f"张{number}号", gender="F")
        AvailabilityFactory(performer=performer, date=dt.date(2026, 12, 1))
    body = (
        "scene,set,day/night,duration,cast,extras\n"
        "1,palace-hall,日,90,林一,2 F 18-35 ancient\n"
        "2,ancient-street,日,60,林一/苏晴,\n"
        "3,palace-hall,夜,120,苏晴,\n"
    )
    upload = crew_client.post(URL.format("C0001"), data=body, content_type="text/csv")
    assert upload.status_code == 201
    start = dt.date(2026, 12, 1)
    instance = instance_export(start=start, days=1)
    result = solve(instance, time_limit=2, seed=0)
    planned = sorted(a.scene for a in result.plan.assignments)
    assert planned == ["C0001-S1", "C0001-S2", "C0001-S3"]
    for assignment in result.plan.assignments:
        scene = Scene.objects.get(code=assignment.scene)
        booking = booking_create(
            scene=scene,
            location=Location.objects.get(code=assignment.location),
            starts_at=horizon_moment(start=start, day=assignment.day, minutes=assignment.start),
            ends_at=horizon_moment(start=start, day=assignment.day, minutes=assignment.end),
            source=Booking.Source.PLAN,
        )
        lines = list(scene.extras_lines.order_by("position"))
        for line, codes in zip(lines, assignment.performers, strict=True):
            for code in codes:
                Call.objects.create(
                    booking=booking, extras_line=line, performer=Performer.objects.get(code=code)
                )
    sheet = crew_client.get("/api/v1/crews/C0001/call-sheet?date=2026-12-01").json()
    by_start = sorted(result.plan.assignments, key=lambda a: a.start)
    assert [s["scene"] for s in sheet["scenes"]] == [a.scene for a in by_start]
    assert [s["location"]["code"] for s in sheet["scenes"]] == [a.location for a in by_start]
    first_scene = next(s for s in sheet["scenes"] if s["scene"] == "C0001-S1")
    assert [len(line["called"]) for line in first_scene["extras"]] == [2]
    assert {person["name"][:1] for person in first_scene["extras"][0]["called"]} == {"张"}
    page = crew_client.get("/api/v1/crews/C0001/call-sheet.html?date=2026-12-01")
    shown = re.findall(r"<td><strong>(C0001-S\d)</strong>", page.content.decode())
    assert shown == [a.scene for a in by_start]


def test_breakdown_row_reads_chinese_extras_and_defaults():
    row = row_read(
        2, {"scene": "9", "set": "inn", "duration": "90min", "extras": "3 女 20-30 宫女 +舞蹈；20"}
    )
    assert row.errors == []
    assert row.extras == (
        ExtrasWanted(3, "F", 20, 30, ("宫女",), ("舞蹈",)),
        ExtrasWanted(20, "any", 18, 60),
    )
    assert (row.minutes, row.time_of_day, row.setting, row.priority) == (90, "any", "", 1)


def test_breakdown_row_errors_name_each_column():
    with translation.override("en"):
        row = row_read(
            7,
            {
                "scene": "第9场",
                "set": "inn",
                "duration": "1h",
                "extras": "5 M 40-20",
                "priority": "9",
            },
        )
    assert [(e["row"], e["column"]) for e in row.errors] == [
        (7, "scene"),
        (7, "duration"),
        (7, "extras"),
        (7, "priority"),
    ]
    assert row.errors[2]["message"] == "Line 1: ages 40-20 run backwards."
