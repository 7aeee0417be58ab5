"""Personal data: sealed at rest, found by keyed hash, masked, revealed to the guild on record."""

from __future__ import annotations

import io
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection
from django.test import Client

from actors.models import Performer, PersonalDataAccess
from actors.models.fields import keyed_hash, seal, unseal
from actors.privacy import mask_id_number
from tests.actors import role_clients
from tests.actors.role_clients import ROLES
from tests.factories import BookingFactory, CallFactory, PerformerFactory, SceneFactory

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}

client_as = role_clients.client_as
PHONE, ID_NUMBER = "13812345678", "33078319900101123X"
REASON = {"reason": "calling about tomorrow's night shoot"}


def stored(code: str) -> tuple[str, str]:
    """The raw columns, as the database holds them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone, id_number FROM actors_performer WHERE code = %s", [code])
        return cursor.fetchone()


@pytest.fixture
def wang(db):
    return PerformerFactory(code="P50001", name="王小明", phone=PHONE, id_number=ID_NUMBER)


def test_personal_data_is_not_stored_in_clear(wang):
    phone, id_number = stored("P50001")

    assert (PHONE in phone, ID_NUMBER in id_number) == (False, False)
    assert phone.startswith(keyed_hash(PHONE) + ":")
    assert (unseal(phone), unseal(id_number)) == (PHONE, ID_NUMBER)
    wang.refresh_from_db()
    assert (wang.phone, wang.id_number) == (PHONE, ID_NUMBER)


def test_personal_data_sealed_twice_differs_but_hashes_alike(settings):
    first, second = seal(PHONE), seal(PHONE)
    assert first != second
    assert first.split(":")[0] == second.split(":")[0] == keyed_hash("138 1234-5678")


def test_personal_data_sealed_on_bulk_and_queryset_updates(wang):
    Performer.objects.filter(code="P50001").update(phone="13900000000")
    wang.phone = "13700000000"
    Performer.objects.bulk_update([wang], ["phone"])

    assert stored("P50001")[0].startswith(keyed_hash("13700000000") + ":")
    assert Performer.objects.get(code="P50001").phone == "13700000000"


def test_personal_data_empty_stays_empty(db):
    PerformerFactory(code="P50002", phone="", id_number="")
    assert stored("P50002") == ("", "")
    assert list(Performer.objects.filter(phone="").values_list("code", flat=True)) == ["P50002"]


def test_performer_found_by_phone_through_its_hash(wang):
    PerformerFactory(code="P50003", phone="13900000003")

    assert list(Performer.objects.filter(phone="138 1234 5678").values_list("code", flat=True)) == [
        "P50001"
    ]
    assert Performer.objects.filter(id_number=ID_NUMBER.lower()).get().code == "P50001"
    assert Performer.objects.filter(phone="13800000000").exists() is False


@pytest.mark.parametrize(
    "written", [PHONE, "+86 138-1234-5678", "138 1234 5678", "0086 13812345678"]
)
def test_performer_found_by_phone_written_any_usual_way(client_as, wang, written):
    PerformerFactory(code="P50003", phone="13900000003")

    response = client_as("guild").post("/api/v1/performers/find", {"phone": written})

    assert response.status_code == 200
    assert [(r["code"], r["phone"]) for r in response.json()] == [("P50001", "138****5678")]


def test_performer_found_by_id_number_with_a_lower_case_x(client_as, db):
    PerformerFactory(code="P50009", id_number="11010519491231002X")
    response = client_as("guild").post(
        "/api/v1/performers/find", {"id_number": "11010519491231002x"}
    )
    assert [r["code"] for r in response.json()] == ["P50009"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"phone": "12345"}, "phone"),
        ({"id_number": "110105194912310021"}, "id_number"),
        ({}, "non_field_errors"),
    ],
)
def test_performer_find_with_a_number_that_is_not_one_is_400(client_as, wang, body, field):
    response = client_as("guild").post("/api/v1/performers/find", body, **EN)
    assert response.status_code == 400
    assert list(response.json()) == ["message", field]


def test_performer_list_by_phone_in_the_address_is_400_pointing_at_find(client_as, wang):
    response = client_as("guild").get("/api/v1/performers/", {"phone": PHONE}, **EN)
    assert response.status_code == 400
    assert response.json()["phone"] == [
        "send the phone in the body of POST performers/find, not in the address."
    ]


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, (401, 403, 200, 403, 403, 403), strict=True))
)
def test_performer_find_by_phone_permissions(client_as, wang, role, expected):
    response = client_as(role).post("/api/v1/performers/find", {"phone": PHONE})
    assert response.status_code == expected


def test_performer_masked_for_guild_and_ops(client_as, wang):
    for role in ("guild", "ops"):
        body = client_as(role).get("/api/v1/performers/P50001/").json()
        assert (role, body["phone"], body["id_number"]) == (
            role,
            "138****5678",
            "3307**********123X",
        )


def test_mask_id_number_keeps_region_and_check_digits():
    assert (mask_id_number(ID_NUMBER), mask_id_number("1234"), mask_id_number("")) == (
        "3307**********123X",
        "****",
        "",
    )


def test_performer_put_back_masked_keeps_clear_values(client_as, wang):
    client = client_as("guild")
    body = client.get("/api/v1/performers/P50001/").json()

    response = client.put("/api/v1/performers/P50001/", {**body, "age": 31}, format="json")

    assert response.status_code == 200
    wang.refresh_from_db()
    assert (wang.age, wang.phone, wang.id_number) == (31, PHONE, ID_NUMBER)


def test_performer_patch_with_other_masked_value_is_400(client_as, wang):
    response = client_as("guild").patch(
        "/api/v1/performers/P50001/", {"phone": "139****0000"}, format="json", **EN
    )
    assert (response.status_code, response.json()["phone"]) == (
        400,
        ["send the clear value, not a masked one."],
    )


def test_reveal_by_guild_answers_clear_and_writes_one_record(client_as, wang, guild_user):
    response = client_as("guild").post("/api/v1/performers/P50001/reveal", REASON, format="json")

    assert (response.status_code, response.json()) == (
        200,
        {"code": "P50001", "phone": PHONE, "id_number": ID_NUMBER},
    )
    assert list(
        PersonalDataAccess.objects.values_list(
            "user__username", "performer__code", "fields", "reason"
        )
    ) == [("guild", "P50001", ["phone", "id_number"], REASON["reason"])]


def test_reveal_of_one_field(client_as, wang):
    response = client_as("guild").post(
        "/api/v1/performers/P50001/reveal", {**REASON, "fields": ["phone"]}, format="json"
    )
    assert response.json() == {"code": "P50001", "phone": PHONE}
    assert PersonalDataAccess.objects.get().fields == ["phone"]


@pytest.mark.parametrize("body", [{}, {"reason": "  short  "}])
def test_reveal_without_a_real_reason_is_400_and_records_nothing(client_as, wang, body):
    response = client_as("guild").post("/api/v1/performers/P50001/reveal", body, format="json")
    assert (response.status_code, sorted(response.json())) == (400, ["message", "reason"])
    assert PersonalDataAccess.objects.count() == 0


def test_reveal_of_unknown_performer_is_404(client_as, db):
    response = client_as("guild").post("/api/v1/performers/P59999/reveal", REASON, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, (401, 403, 200, 403, 403, 403), strict=True))
)
def test_reveal_permissions(client_as, wang, role, expected):
    response = client_as(role).post("/api/v1/performers/P50001/reveal", REASON, format="json")
    assert response.status_code == expected
    assert PersonalDataAccess.objects.count() == (1 if expected == 200 else 0)


def test_performer_sees_own_personal_data_in_clear(client_as, performer_user):
    performer = performer_user.performer
    body = client_as("performer").get("/api/v1/performers/P90001/").json()
    assert (body["phone"], body["id_number"]) == (performer.phone, performer.id_number)


def test_crew_responses_about_its_performer_carry_no_phone_or_id(client_as, own_crew, wang):
    scene = SceneFactory(crew=own_crew)
    CallFactory(booking=BookingFactory(scene=scene), performer=wang)
    client = client_as("crew")

    responses = [
        client.get("/api/v1/performers/"),
        client.get("/api/v1/performers/P50001/"),
        client.post("/api/v1/performers/find", {"phone": PHONE}),
    ]

    assert [r.status_code for r in responses] == [200, 200, 403]
    text = "".join(r.content.decode() for r in responses)
    keys = "".join(r.content.decode() for r in responses[:2])
    assert (PHONE[-4:] in text, ID_NUMBER[-4:] in text, "phone" in keys, "id_number" in keys) == (
        False,
        False,
        False,
        False,
    )


def _staff(role_groups, role: str, username: str) -> Client:
    from tests.factories import UserFactory

    user = UserFactory(username=username, is_staff=True)
    user.groups.add(role_groups[role])
    client = Client()
    client.force_login(user)
    return client


def test_admin_performer_page_shows_personal_data_masked(role_groups, wang):
    client = _staff(role_groups, "guild", "guild-staff")

    page = client.get(f"/admin/actors/performer/{wang.pk}/change/")

    assert page.status_code == 200
    text = page.content.decode()
    assert (PHONE in text, ID_NUMBER in text, "138****5678" in text) == (False, False, True)


def test_admin_performer_saved_with_empty_inputs_keeps_personal_data(role_groups, wang):
    client = _staff(role_groups, "guild", "guild-staff")
    page = client.get(f"/admin/actors/performer/{wang.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data.update(
        {
            "tags": '["ancient"]',
            "skills": '["horse"]',
            "phone": "",
            "id_number": "",
            "user": "",
            "height_cm": 165,
            "availability-TOTAL_FORMS": 0,
            "availability-INITIAL_FORMS": 0,
            "name": "王大明",
        }
    )

    response = client.post(f"/admin/actors/performer/{wang.pk}/change/", data)

    assert response.status_code == 302
    wang.refresh_from_db()
    assert (wang.name, wang.phone, wang.id_number) == ("王大明", PHONE, ID_NUMBER)


def test_admin_reveal_records_are_read_only_even_for_ops(role_groups, wang, guild_user):
    PersonalDataAccess.objects.create(user=guild_user, performer=wang, fields=["phone"], reason="x")
    ops = _staff(role_groups, "ops", "ops-staff")
    record = PersonalDataAccess.objects.get()

    assert ops.get("/admin/actors/personaldataaccess/").status_code == 200
    assert ops.get("/admin/actors/personaldataaccess/add/").status_code == 403
    assert ops.post(f"/admin/actors/personaldataaccess/{record.pk}/delete/").status_code == 403


def test_admin_search_by_phone_for_the_guild(role_groups, wang):
    PerformerFactory(code="P50003", phone="13900000003")
    guild = _staff(role_groups, "guild", "guild-staff")
    ops = _staff(role_groups, "ops", "ops-staff")

    by_guild = guild.get("/admin/actors/performer/", {"q": "138 1234 5678"})
    by_ops = ops.get("/admin/actors/performer/", {"q": "138 1234 5678"})

    assert [p.code for p in by_guild.context["cl"].result_list] == ["P50001"]
    assert list(by_ops.context["cl"].result_list) == []


def _settings_in_production(**env) -> subprocess.CompletedProcess:
    """Load the settings in a fresh process as production would (DEBUG off)."""
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PERSONAL_DATA_", "DJANGO_"))
    }
    base.update(
        {
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "a-production-secret-of-some-length-0123456789",
            "DJANGO_SETTINGS_MODULE": "hengdian.settings",
            **env,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", "import hengdian.settings as s; print(len(s.PERSONAL_DATA_KEYS))"],
        env=base,
        capture_output=True,
        text=True,
        check=False,
    )


def test_settings_without_personal_data_keys_refuse_to_start_in_production():
    missing = _settings_in_production()
    demo = _settings_in_production(
        PERSONAL_DATA_KEY="aGVuZ2RpYW4tZGVtby1wZXJzb25hbC1kYXRhLWtleSE=",
        PERSONAL_DATA_HASH_KEY="h" * 40,
    )
    bad = _settings_in_production(PERSONAL_DATA_KEY="not-a-key", PERSONAL_DATA_HASH_KEY="h" * 40)

    assert missing.returncode == demo.returncode == bad.returncode == 1
    assert "PERSONAL_DATA_KEY must be set" in missing.stderr
    assert "PERSONAL_DATA_KEY must be set to a real key" in demo.stderr
    assert "PERSONAL_DATA_KEY must hold Fernet keys" in bad.stderr


def test_settings_take_two_keys_for_rotation_in_production():
    keys = ",".join(Fernet.generate_key().decode() for _ in range(2))
    loaded = _settings_in_production(PERSONAL_DATA_KEY=keys, PERSONAL_DATA_HASH_KEY="h" * 40)
    assert (loaded.returncode, loaded.stdout.strip()) == (0, "2")


def test_reseal_after_key_rotation_opens_with_the_new_keys_only(wang, settings):
    old_key = settings.PERSONAL_DATA_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.PERSONAL_DATA_KEYS = [new_key, old_key]
    settings.PERSONAL_DATA_HASH_KEY = "a-new-hash-key-for-the-rotation-test-0123"
    out = io.StringIO()

    call_command("personal_data_reseal", stdout=out)

    settings.PERSONAL_DATA_KEYS = [new_key]
    phone, id_number = stored("P50001")
    assert out.getvalue() == "resealed the personal data of 1 performers\n"
    assert (unseal(phone), unseal(id_number)) == (PHONE, ID_NUMBER)
    assert Performer.objects.get(phone=PHONE).code == "P50001"
