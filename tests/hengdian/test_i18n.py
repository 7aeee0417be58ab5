"""The service speaks Simplified Chinese by default and English on request (Accept-Language)."""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import re

import pytest
from django.conf import settings
from django.utils import translation

from crews.models import Scene
from scheduling.models import Booking
from tests.crews.test_api import SCENE_PAYLOAD, scene_setup
from tests.factories import BookingFactory, LocationFactory, SceneFactory, shanghai

CATALOGUE = settings.BASE_DIR / "locale" / "zh_Hans" / "LC_MESSAGES"
BOOKINGS = "/api/v1/bookings/"
DAY = dt.date(2026, 12, 2)
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\(\w+\)[sd]|%[sd]")


@pytest.fixture
def taken_hall(own_crew, other_crew):
    """C0001 holds the single-crew hall 08:00-09:00; C0002 has a scene that wants it then."""
    hall = LocationFactory(code="L0001", name="秦王宫·大殿", tags=["palace"])
    BookingFactory(
        scene=SceneFactory(crew=own_crew, code="C0001-S0001"),
        location=hall,
        starts_at=shanghai(DAY, "08:00"),
        ends_at=shanghai(DAY, "09:00"),
    )
    SceneFactory(crew=other_crew, code="C0002-S0002")
    return hall


def _book_over_c0001(ops_client, **headers):
    body = {
        "scene": "C0002-S0002",
        "location": "L0001",
        "start": "2026-12-02T08:30:00+08:00",
        "end": "2026-12-02T09:30:00+08:00",
    }
    return ops_client.post(BOOKINGS, body, format="json", **headers)


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        (
            {},
            "秦王宫·大殿 (L0001) 已被 C0001-S0001（剧组 C0001）08:00-09:00 预订；可容纳 1 个剧组。",
        ),
        (
            {"HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9"},
            "秦王宫·大殿 (L0001) 已被 C0001-S0001（剧组 C0001）08:00-09:00 预订；可容纳 1 个剧组。",
        ),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en"},
            "秦王宫·大殿 (L0001) is booked by C0001-S0001 (crew C0001) 08:00-09:00; capacity 1.",
        ),
        (
            {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"},
            "秦王宫·大殿 (L0001) is booked by C0001-S0001 (crew C0001) 08:00-09:00; capacity 1.",
        ),
    ],
)
def test_booking_conflict_409_speaks_the_asked_language(ops_client, taken_hall, headers, message):
    response = _book_over_c0001(ops_client, **headers)
    body = response.json()
    assert (response.status_code, body["message"], body["conflicts"][0]["message"]) == (
        409,
        message,
        message,
    )
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "结束时间必须晚于开始时间。"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "The end must be after the start."),
    ],
)
def test_booking_end_before_start_400_speaks_the_asked_language(
    ops_client, taken_hall, headers, message
):
    body = {
        "scene": "C0002-S0002",
        "location": "L0001",
        "start": "2026-12-02T12:00:00+08:00",
        "end": "2026-12-02T11:00:00+08:00",
    }
    response = ops_client.post(BOOKINGS, body, format="json", **headers)
    assert (response.status_code, response.json()) == (
        400,
        {"message": f"end: {message}", "end": [message]},
    )


@pytest.mark.parametrize(
    ("headers", "message"),
    [
        ({}, "minutes 必须是 30 的正整数倍。"),
        ({"HTTP_ACCEPT_LANGUAGE": "en"}, "minutes must be a positive multiple of 30."),
    ],
)
def test_scene_off_grid_400_speaks_the_asked_language(crew_client, own_crew, headers, message):
    scene_setup(own_crew)
    payload = {**SCENE_PAYLOAD, "minutes": 45}
    response = crew_client.post("/api/v1/scenes/", payload, format="json", **headers)
    assert (response.status_code, response.json()) == (
        400,
        {"message": f"minutes: {message}", "minutes": [message]},
    )
    assert Scene.objects.count() == 0


def test_admin_login_page_is_chinese_by_default(client):
    response = client.get("/admin/login/")
    page = response.content.decode()
    assert (response.status_code, response.headers["Content-Language"]) == (200, "zh-hans")
    assert '<html lang="zh-hans" dir="ltr">' in page
    assert "<title>登录 | 横店拍摄调度</title>" in page
    assert '<div id="site-name"><a href="/admin/">横店拍摄调度</a></div>' in page
    assert '<input type="submit" value="登录">' in page


def test_admin_login_page_is_english_on_request(client):
    response = client.get("/admin/login/", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert (response.status_code, response.headers["Content-Language"]) == (200, "en")
    assert "<title>Log in | Hengdian production scheduling</title>" in page


def test_model_verbose_names_and_choices_in_both_languages():
    def names() -> tuple[str, ...]:
        return (
            str(Scene._meta.verbose_name),
            str(Booking._meta.verbose_name_plural),
            str(Booking._meta.get_field("starts_at").verbose_name),
            str(Scene.TimeOfDay.NIGHT.label),
            str(Booking.Status.CANCELLED.label),
        )

    with translation.override("zh-hans"):
        chinese = names()
    with translation.override("en"):
        english = names()
    assert chinese == ("场次", "预订", "开始时间", "夜戏", "已取消")
    assert english == ("scene", "bookings", "starts at", "night", "cancelled")


def _po_entries() -> list[tuple[str, str]]:
    """(msgid, msgstr) pairs of the Chinese catalogue, read without gettext tools."""
    entries, current, key = [], {}, None
    for line in (CATALOGUE / "django.po").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        word, _, rest = line.partition(" ")
        if word in ("msgid", "msgid_plural", "msgstr", "msgstr[0]"):
            if word == "msgid" and current:
                entries.append(current)
                current = {}
            key, line = word, rest
        current[key] = current.get(key, "") + ast.literal_eval(line)
    entries.append(current)
    return [(e["msgid"], e.get("msgstr") or e.get("msgstr[0]", "")) for e in entries if e["msgid"]]


def test_chinese_catalogue_translates_every_string_keeping_its_placeholders():
    entries = _po_entries()
    assert len(entries) > 250
    assert [msgid for msgid, msgstr in entries if not msgstr] == []
    assert [
        msgid
        for msgid, msgstr in entries
        if sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(msgstr))
    ] == []
    assert "#, fuzzy" not in (CATALOGUE / "django.po").read_text(encoding="utf-8")


def test_compiled_catalogue_matches_the_po():
    # The .mo is committed so a fresh machine needs no gettext tools: it must not lag the .po.
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        catalogue = gettext.GNUTranslations(compiled)
    stale = [
        (msgid, msgstr) for msgid, msgstr in _po_entries() if catalogue.gettext(msgid) != msgstr
    ]
    assert stale == []
