"""The admin screens: every list and form loads for ops staff; the guild and crews see less."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from actors.models import Availability, Call, Notification, Performer
from core import roles
from core.admin_chips import CHIP_STYLE
from crews.models import CastMember, ChangeRequest, Crew, ExtrasLine, Scene
from scheduling.models import Booking, Closure, Location, PlanRun, TravelTime, Zone
from scheduling.services.instances import instance_import
from tests.scheduling.test_instances import with_bookings

MODELS = (
    Zone,
    TravelTime,
    Location,
    Closure,
    Booking,
    Crew,
    CastMember,
    Scene,
    ExtrasLine,
    Performer,
    Availability,
    Call,
    PlanRun,
    ChangeRequest,
    Notification,
)


def staff_client(role: str | None, username: str) -> Client:
    user = User.objects.create_user(username, password="x-admin-pass-1", is_staff=True)
    if role is not None:
        user.groups.add(roles.role_groups_ensure()[role])
    client = Client()
    client.force_login(user)
    return client


def changelist(model) -> str:
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/"


@pytest.fixture
def base(db):
    instance_import(data=with_bookings())
    Performer.objects.filter(code="P00000").update(
        phone="13912345678", id_number="330783199001011234"
    )


@pytest.mark.django_db
def test_admin_changelists_load_for_ops_staff(base):
    client = staff_client(roles.OPS, "ops-staff")

    statuses = {model.__name__: client.get(changelist(model)).status_code for model in MODELS}

    assert statuses == dict.fromkeys((m.__name__ for m in MODELS), 200)


@pytest.mark.django_db
def test_admin_changelists_search_filter_and_day(base):
    client = staff_client(roles.OPS, "ops-staff")
    location = Location.objects.get(code="L0003").pk

    bookings = client.get(
        changelist(Booking),
        {
            "location__id__exact": location,
            "starts_at__year": 2025,
            "starts_at__month": 8,
            "starts_at__day": 4,
        },
    )
    scenes = client.get(changelist(Scene), {"q": "C0001-S00", "time_of_day__exact": "night"})

    assert bookings.context["cl"].result_count == 1
    assert [s.code for s in scenes.context["cl"].result_list] == [
        "C0001-S001",
        "C0001-S002",
    ]


@pytest.mark.django_db
def test_admin_crew_page_holds_its_scenes_and_scene_page_its_extras_lines(base):
    client = staff_client(roles.OPS, "ops-staff")
    crew = Crew.objects.get(code="C0001")
    scene = Scene.objects.get(code="C0001-S000")

    crew_page = client.get(f"{changelist(Crew)}{crew.pk}/change/")
    scene_page = client.get(f"{changelist(Scene)}{scene.pk}/change/")

    assert crew_page.status_code == scene_page.status_code == 200
    inline = crew_page.context["inline_admin_formsets"][0]
    assert inline.formset.queryset.count() == 9
    assert scene_page.context["inline_admin_formsets"][0].formset.queryset.count() == 1


@pytest.mark.django_db
def test_admin_performer_list_hides_phone_and_id_number(base):
    client = staff_client(roles.GUILD, "guild-staff")

    response = client.get(changelist(Performer))

    assert response.status_code == 200
    assert response.context["cl"].result_count == 40
    assert b"13912345678" not in response.content
    assert b"330783199001011234" not in response.content


@pytest.mark.django_db
def test_admin_guild_edits_performers_and_only_reads_the_rest(base):
    client = staff_client(roles.GUILD, "guild-staff")

    assert client.get(f"{changelist(Performer)}add/").status_code == 200
    assert client.get(changelist(Booking)).status_code == 200
    assert client.get(f"{changelist(Zone)}add/").status_code == 403
    assert client.get(f"{changelist(Booking)}add/").status_code == 403


@pytest.mark.django_db
def test_admin_bookings_are_read_only_even_for_ops(base):
    client = staff_client(roles.OPS, "ops-staff")
    booking = Booking.objects.get(scene__code="C0001-S000")

    page = client.get(f"{changelist(Booking)}{booking.pk}/change/")

    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert client.get(f"{changelist(Booking)}add/").status_code == 403


@pytest.mark.django_db
def test_admin_turns_away_staff_without_a_role_and_crew_users(base):
    no_role = staff_client(None, "staff-no-role")
    crew = staff_client(roles.CREW, "crew-staff")

    assert no_role.get(changelist(Crew)).status_code == 403
    assert crew.get(changelist(Crew)).status_code == 403


def queries_for(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


@pytest.mark.django_db
def test_admin_lists_do_not_query_per_row(base):
    client = staff_client(roles.OPS, "ops-staff")
    lists = [changelist(m) for m in (Booking, Scene, CastMember, Call, Availability, Location)]
    client.get(lists[0])  # the session's first request loads more
    few = [queries_for(client, url) for url in lists]
    location = Location.objects.get(code="L0006")
    Booking.objects.bulk_create(
        Booking(
            scene=scene,
            location=location,
            starts_at=dt.datetime(2025, 8, 5, 8 + 2 * n, tzinfo=dt.UTC),
            ends_at=dt.datetime(2025, 8, 5, 9 + 2 * n, tzinfo=dt.UTC),
            status="planned",
            source="plan",
        )
        for n, scene in enumerate(Scene.objects.filter(crew__code="C0002"))
    )

    many = [queries_for(client, url) for url in lists]

    assert many == few


@pytest.mark.django_db
def test_admin_lists_show_tags_and_skills_as_chips_under_chinese_headers(base):
    client = staff_client(roles.OPS, "ops-staff")
    location = Location.objects.get(code="L0003")
    Location.objects.filter(pk=location.pk).update(tags=["modern-business", "<b>"])
    Performer.objects.filter(code="P00000").update(tags=["ancient"], skills=[])

    places = client.get(changelist(Location), {"q": "L0003"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    people = client.get(changelist(Performer), {"q": "P00000"}, HTTP_ACCEPT_LANGUAGE="zh-hans")

    chip = '<span class="chip" style="{}">{}</span>'.format
    page = places.content.decode()
    assert '["modern-business"' not in page
    assert chip(CHIP_STYLE, "modern-business") + chip(CHIP_STYLE, "&lt;b&gt;") in page
    assert re.search(r'<th scope="col" class="column-tags_chips">.*?标签', page, re.S)
    page = people.content.decode()
    assert chip(CHIP_STYLE, "ancient") in page
    assert '<td class="field-skills_chips">—</td>' in page


@pytest.mark.django_db
def test_admin_forms_and_filters_speak_chinese(base):
    client = staff_client(roles.OPS, "ops-staff")
    english = {}
    for model in admin.site._registry:
        if model._meta.app_label not in ("core", "scheduling", "crews", "actors"):
            continue
        words = []
        listing = client.get(changelist(model), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        words += re.findall(r"<summary>\s*(.*?)\s*</summary>", listing)
        adding = client.get(f"{changelist(model)}add/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        if adding.status_code == 200:
            words += re.findall(r"<label[^>]*>(.*?)</label>", adding.content.decode())
        # Codes and acronyms (API, ID) are not English words.
        found = [w for w in words if re.search(r"[a-z]{3,}", re.sub(r"<[^>]+>", "", w))]
        if found:
            english[model.__name__] = found

    assert english == {}
