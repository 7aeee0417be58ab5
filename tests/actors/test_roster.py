"""The roster: import and export as CSV or Excel, and availability set in bulk."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from actors.models import Availability, Performer
from tests.actors import role_clients
from tests.actors.role_clients import ROLES
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    CallFactory,
    PerformerFactory,
    SceneFactory,
    UserFactory,
    shanghai,
)

client_as = role_clients.client_as
HEADER = (
    "code,name,gender,age,tier,height_cm,tags,skills,max_minutes_per_day,reliability,phone,"
    "id_number"
)


def csv_file(*rows: str, name: str = "roster.csv") -> SimpleUploadedFile:
    text = "\n".join([HEADER, *rows]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8-sig"), content_type="text/csv")


def upload(client, file) -> object:
    return client.post(
        "/api/v1/performers/import", {"file": file}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
    )


def roster():
    """The performers of these tests (the role fixtures add P90001, a performer's login)."""
    return Performer.objects.filter(code__startswith="P4").order_by("code")


@pytest.fixture
def existing(db):
    return PerformerFactory(
        code="P40001", name="李小红", age=22, phone="13800000001", id_number="330783200301011232"
    )


GOOD_ROWS = (
    'P40001,李小红,F,23,extra,160,"ancient, palace-maid",,600,0.9,,',
    "P40002,张三,M,30,martial,178,soldier,horse;sword,480,1,13800000002,330783199601010025",
)


def test_roster_import_csv_creates_and_updates_by_code(client_as, existing):
    response = upload(client_as("guild"), csv_file(*GOOD_ROWS))

    assert (response.status_code, response.json()) == (
        200,
        {"created": 1, "updated": 1, "unchanged": 0},
    )
    rows = roster().values_list(
        "code",
        "name",
        "gender",
        "age",
        "tier",
        "height_cm",
        "tags",
        "skills",
        "max_minutes_per_day",
        "reliability",
    )
    assert list(rows) == [
        ("P40001", "李小红", "F", 23, "extra", 160, ["ancient", "palace-maid"], [], 600, 0.9),
        ("P40002", "张三", "M", 30, "martial", 178, ["soldier"], ["horse", "sword"], 480, 1.0),
    ]
    first, second = roster()
    # An empty cell keeps the stored personal data; a clear one is taken (and sealed).
    assert (first.phone, first.id_number) == ("13800000001", "330783200301011232")
    assert (second.phone, second.id_number) == ("13800000002", "330783199601010025")


def test_roster_import_with_bad_rows_reports_them_and_writes_nothing(client_as, existing):
    response = upload(
        client_as("guild"),
        csv_file(
            GOOD_ROWS[0],
            "P40003,王五,X,abc,extra,170,,,600,0.5,,",
            "P40004,赵六,F,25,extra,170,,,45,1.5,,",
        ),
    )

    assert response.status_code == 400
    assert response.json() == {
        "message": "The roster has 4 errors; nothing was imported.",
        "errors": [
            {"row": 3, "field": "age", "message": "'abc' is not a whole number."},
            {"row": 3, "field": "gender", "message": "Value 'X' is not a valid choice."},
            {
                "row": 4,
                "field": "max_minutes_per_day",
                "message": "must be a positive multiple of 30 of at most 1440.",
            },
            {"row": 4, "field": "reliability", "message": "must be between 0 and 1."},
        ],
    }
    # Row 2 was good, but nothing is half-imported: P40001 keeps its age.
    assert list(roster().values_list("code", "age")) == [("P40001", 22)]


def test_roster_import_unreadable_file_is_400(client_as, db):
    response = upload(
        client_as("guild"),
        SimpleUploadedFile("roster.xlsx", b"not a workbook", content_type="application/zip"),
    )
    assert response.status_code == 400
    assert response.json()["message"].startswith("not a readable xlsx file")


def test_roster_import_other_format_is_400(client_as, db):
    response = upload(
        client_as("guild"), SimpleUploadedFile("roster.txt", b"x", content_type="text/plain")
    )
    assert (response.status_code, response.json()["message"]) == (
        400,
        "Send a .csv or .xlsx file.",
    )


def test_roster_export_csv_masks_personal_data(client_as, existing, performer_user):
    response = client_as("guild").get("/api/v1/performers/export", {"format": "csv"})
    own = performer_user.performer
    p90001 = (
        f"{own.phone[:3]}****{own.phone[-4:]},{own.id_number[:4]}{'*' * 10}{own.id_number[-4:]}"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.decode("utf-8-sig").splitlines() == [
        HEADER,
        "P40001,李小红,F,22,extra,165,ancient,horse,600,1.0,138****0001,3307**********1232",
        f"P90001,演员本人,F,25,extra,165,ancient,horse,600,1.0,{p90001}",
    ]


def test_roster_export_xlsx_imports_back_unchanged(client_as, existing):
    client = client_as("guild")
    exported = client.get("/api/v1/performers/export", {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(exported.content)).active
    assert [cell.value for cell in sheet[2]][-2:] == ["138****0001", "3307**********1232"]

    response = upload(
        client,
        SimpleUploadedFile(
            "roster.xlsx",
            exported.content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    )

    assert (response.status_code, response.json()) == (
        200,
        {"created": 0, "updated": 0, "unchanged": 2},
    )
    existing.refresh_from_db()
    assert (existing.phone, existing.id_number) == ("13800000001", "330783200301011232")


def test_roster_export_unknown_format_is_400(client_as, db):
    response = client_as("guild").get(
        "/api/v1/performers/export", {"format": "pdf"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, response.json()) == (400, {"format": ["use one of csv, xlsx"]})


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, (401, 403, 200, 403, 403, 403), strict=True))
)
def test_roster_import_permissions(client_as, existing, role, expected):
    response = upload(client_as(role), csv_file(GOOD_ROWS[0]))
    assert response.status_code == expected


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, (401, 403, 200, 403, 403, 403), strict=True))
)
def test_roster_export_permissions(client_as, existing, role, expected):
    response = client_as(role).get("/api/v1/performers/export", {"format": "csv"})
    assert response.status_code == expected


# --- availability in bulk ---

AUGUST = {"from": "2026-08-01", "to": "2026-08-31", "except": ["2026-08-12"]}


def days_of(code: str) -> list[dt.date]:
    return list(Availability.objects.filter(performer__code=code).values_list("date", flat=True))


def test_availability_bulk_every_day_but_one(client_as, existing):
    AvailabilityFactory(performer=existing, date=dt.date(2026, 7, 31))  # outside: kept
    AvailabilityFactory(performer=existing, date=dt.date(2026, 8, 12))  # the exception: gone

    response = client_as("guild").post(
        "/api/v1/performers/P40001/availability/bulk", AUGUST, format="json"
    )

    assert (response.status_code, response.json()) == (
        200,
        {"performers": 1, "days": 30, "called_on_days_off": []},
    )
    august = [dt.date(2026, 8, d) for d in range(1, 32) if d != 12]
    assert days_of("P40001") == [dt.date(2026, 7, 31), *august]


def test_availability_bulk_weekdays_for_many(client_as, existing):
    PerformerFactory(code="P40002")
    body = {**AUGUST, "weekdays": [6, 7], "performers": ["P40001", "P40002"]}

    response = client_as("guild").post("/api/v1/performers/availability/bulk", body, format="json")

    weekends = [dt.date(2026, 8, d) for d in (1, 2, 8, 9, 15, 16, 22, 23, 29, 30)]
    assert (response.status_code, response.json()["days"]) == (200, 10)
    assert (days_of("P40001"), days_of("P40002")) == (weekends, weekends)


def test_availability_bulk_lists_calls_left_on_days_off(client_as, existing, own_crew):
    scene = SceneFactory(crew=own_crew)
    starts_at = shanghai(dt.date(2026, 8, 12), "09:00")
    booking = BookingFactory(
        scene=scene, starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=1)
    )
    CallFactory(booking=booking, performer=existing)

    response = client_as("guild").post(
        "/api/v1/performers/P40001/availability/bulk", AUGUST, format="json"
    )

    assert response.json()["called_on_days_off"] == [{"performer": "P40001", "date": "2026-08-12"}]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from": "2026-08-31", "to": "2026-08-01"}, "to"),
        ({"from": "2026-01-01", "to": "2027-01-02"}, "to"),
        ({"from": "2026-08-01", "to": "2026-08-31", "weekdays": [8]}, "weekdays"),
        ({"to": "2026-08-31"}, "from"),
    ],
)
def test_availability_bulk_bad_range_is_400(client_as, existing, body, field):
    response = client_as("guild").post(
        "/api/v1/performers/P40001/availability/bulk", body, format="json"
    )
    assert (response.status_code, field in response.json()) == (400, True)
    assert days_of("P40001") == []


def test_availability_bulk_unknown_performers_are_400(client_as, existing):
    body = {**AUGUST, "performers": ["P40001", "P49999"]}
    response = client_as("guild").post(
        "/api/v1/performers/availability/bulk", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert (response.status_code, response.json()) == (
        400,
        {"performers": ["unknown performer codes: P49999"]},
    )


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, (401, 403, 200, 403, 403, 403), strict=True))
)
def test_availability_bulk_permissions(client_as, existing, role, expected):
    single = client_as(role).post(
        "/api/v1/performers/P40001/availability/bulk", AUGUST, format="json"
    )
    many = client_as(role).post(
        "/api/v1/performers/availability/bulk",
        {**AUGUST, "performers": ["P40001"]},
        format="json",
    )
    assert (single.status_code, many.status_code) == (expected, expected)


# --- the admin's buttons ---


def _staff(role_groups, role: str) -> Client:
    user = UserFactory(username=f"{role}-staff", is_staff=True)
    user.groups.add(role_groups[role])
    client = Client()
    client.force_login(user)
    return client


def test_admin_roster_import_and_export_for_the_guild_only(role_groups, existing):
    guild, ops = _staff(role_groups, "guild"), _staff(role_groups, "ops")
    pages = ("/admin/actors/performer/import/", "/admin/actors/performer/export/")

    assert [guild.get(page).status_code for page in pages] == [200, 200]
    assert [ops.get(page).status_code for page in pages] == [403, 403]
    changelist = guild.get("/admin/actors/performer/").content.decode()
    assert ("/admin/actors/performer/import/" in changelist) is True


def test_admin_roster_export_masks_personal_data(role_groups, existing):
    guild = _staff(role_groups, "guild")

    response = guild.post(
        "/admin/actors/performer/export/",
        {
            "format": "0",
            "resource": "0",
            **{f"performerresource_{c}": "on" for c in HEADER.split(",")},
        },
    )

    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert ("13800000001" in text, "138****0001" in text) == (False, True)


def test_roster_import_code_on_two_rows_is_refused(client_as, existing):
    response = upload(client_as("guild"), csv_file(*GOOD_ROWS, GOOD_ROWS[0]))

    assert (response.status_code, response.json()["errors"]) == (
        400,
        [{"row": 4, "field": "code", "message": "P40001 is also on row 2"}],
    )
    assert list(roster().values_list("code", "age")) == [("P40001", 22)]


def test_roster_import_without_code_column_is_refused(client_as, db):
    file = SimpleUploadedFile("roster.csv", b"name,age\nx,20\n", content_type="text/csv")
    response = upload(client_as("guild"), file)
    assert (response.status_code, response.json()["errors"]) == (
        400,
        [{"row": 1, "field": "code", "message": "the header has no 'code' column"}],
    )


def test_admin_roster_import_checks_then_writes_on_confirmation(role_groups, existing):
    guild = _staff(role_groups, "guild")
    file = csv_file(*GOOD_ROWS)

    checked = guild.post(
        "/admin/actors/performer/import/", {"resource": "0", "format": "0", "import_file": file}
    )
    assert checked.status_code == 200
    assert list(roster().values_list("code", "age")) == [("P40001", 22)]  # a dry run
    confirm = checked.context["confirm_form"].initial

    done = guild.post("/admin/actors/performer/process_import/", confirm)

    assert done.status_code == 302
    assert list(roster().values_list("code", "age")) == [("P40001", 23), ("P40002", 30)]
    assert Performer.objects.get(code="P40002").phone == "13800000002"


def test_admin_roster_import_with_a_bad_row_offers_no_confirmation(role_groups, existing):
    guild = _staff(role_groups, "guild")
    file = csv_file(GOOD_ROWS[0], "P40003,王五,X,abc,extra,170,,,600,0.5,,")

    checked = guild.post(
        "/admin/actors/performer/import/", {"resource": "0", "format": "0", "import_file": file}
    )

    assert (checked.status_code, checked.context.get("confirm_form")) == (200, None)
    assert list(roster().values_list("code", "age")) == [("P40001", 22)]
