"""The guild's home: its queue of short extras lines, candidates and an assign button
(issue 20, item 1)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from actors.models import Call
from scheduling.models import Booking
from tests.clock import base_at
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    ExtrasLineFactory,
    PerformerFactory,
    SceneFactory,
)

pytestmark = pytest.mark.django_db


def booked(days_ahead: int, hhmm: str, hours: int = 2) -> Booking:
    start = base_at(days_ahead, hhmm)
    scene = SceneFactory(first_date=start.date(), last_date=start.date(), title="夜探皇陵")
    return BookingFactory(scene=scene, starts_at=start, ends_at=start + dt.timedelta(hours=hours))


def available(booking: Booking, **fields):
    performer = PerformerFactory(**fields)
    AvailabilityFactory(performer=performer, date=booking.starts_at.date())
    return performer


def section(page: str, booking: Booking, line: int) -> str:
    anchor = f'<section class="line" id="line-{booking.pk}-{line}"'
    match = re.search(rf"{anchor}.*?</section>", page, re.S)
    assert match, f"no section for booking {booking.pk} line {line}"
    return match.group(0)


def candidates_in(part: str) -> list[str]:
    return re.findall(r'<tr data-performer="([^"]+)">', part)


@pytest.fixture
def guild_browser(guild_user) -> Client:
    """A browser's session for the guild, with CSRF checked as a real browser's is."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(guild_user)
    return client


def csrf_of(page: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_the_guild_lands_on_its_queue(guild_browser):
    response = guild_browser.get("/")
    assert (response.status_code, response["Location"]) == (302, "/guild/")


def test_queue_lists_short_lines_soonest_first_with_ranked_candidates(guild_browser):
    later, night = booked(2, "14:00"), booked(1, "23:00", hours=3)
    ExtrasLineFactory(scene=later.scene, position=1, count=2)
    ExtrasLineFactory(scene=night.scene, position=1, count=3)
    steady = available(night, code="PF-STEADY", name="稳妥", reliability=1.0)
    shaky = available(night, code="PF-SHAKY", name="常迟到", reliability=0.5)

    response = guild_browser.get("/guild/")
    page = response.content.decode()

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    order = re.findall(r'<section class="line" id="line-(\d+)-(\d+)"', page)
    assert order == [(str(night.pk), "1"), (str(later.pk), "1")]
    night_part = section(page, night, 1)
    assert candidates_in(night_part) == [steady.code, shaky.code]
    assert "23:00–02:00 (次日)" in night_part
    assert "已通告 0 / 需 3 人" in night_part
    assert candidates_in(section(page, later, 1)) == []
    assert "没有符合条件的空闲演员" in section(page, later, 1)


def test_assign_button_calls_the_candidate_and_the_count_goes_up(guild_browser):
    booking = booked(1, "09:00")
    line = ExtrasLineFactory(scene=booking.scene, position=1, count=3)
    performer = available(booking, code="PF-FIRST", name="王小花")
    page = guild_browser.get("/guild/").content.decode()

    response = guild_browser.post(
        f"/guild/lines/{booking.pk}/1/assign",
        {"performer": performer.code, "page": "1", "csrfmiddlewaretoken": csrf_of(page)},
    )

    assert (response.status_code, response["Location"]) == (
        302,
        f"/guild/?page=1#line-{booking.pk}-1",
    )
    call = Call.objects.get(booking=booking, extras_line=line)
    assert (call.performer, call.state, call.pinned) == (performer, Call.State.CALLED, True)
    after = guild_browser.get("/guild/").content.decode()
    assert (
        f'<li class="success">已通告 王小花（PF-FIRST）参加 {booking.scene.code} 群演需求 1：'
        "已通告 1 / 需 3 人。</li>"
    ) in after
    assert "已通告 1 / 需 3 人" in section(after, booking, 1)
    assert candidates_in(section(after, booking, 1)) == []  # nobody else is available


def test_an_assignment_refused_shows_the_rule_it_breaks(guild_browser):
    booking = booked(1, "09:00")
    ExtrasLineFactory(scene=booking.scene, position=1, count=3)
    away = PerformerFactory(code="PF-AWAY")  # no availability that day
    page = guild_browser.get("/guild/?lang=en").content.decode()

    response = guild_browser.post(
        f"/guild/lines/{booking.pk}/1/assign",
        {"performer": away.code, "csrfmiddlewaretoken": csrf_of(page)},
        follow=True,
    )

    day = booking.starts_at.date()
    assert response.status_code == 200
    assert (
        f'<li class="error">The assignment breaks the rules: PF-AWAY: not available on {day}</li>'
    ) in response.content.decode()
    assert not Call.objects.exists()


def test_assigning_without_the_csrf_token_is_refused(guild_browser):
    booking = booked(1, "09:00")
    ExtrasLineFactory(scene=booking.scene, position=1, count=3)
    performer = available(booking)

    response = guild_browser.post(
        f"/guild/lines/{booking.pk}/1/assign", {"performer": performer.code}
    )

    assert response.status_code == 403
    assert not Call.objects.exists()


def test_the_queue_and_its_button_are_refused_to_a_crew_as_a_page_in_chinese(
    client, crew_user, own_crew
):
    booking = booked(1, "09:00")
    ExtrasLineFactory(scene=booking.scene, position=1, count=3)
    performer = available(booking)
    client.force_login(crew_user)

    page = client.get("/guild/")
    post = client.post(f"/guild/lines/{booking.pk}/1/assign", {"performer": performer.code})

    assert (page.status_code, page["Content-Type"]) == (403, "text/html; charset=utf-8")
    assert "您的角色无权访问此页面。" in page.content.decode()
    assert post.status_code == 403
    assert not Call.objects.exists()


def test_the_queue_asks_anyone_signed_out_to_sign_in(client):
    response = client.get("/guild/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/guild/")


def test_assigning_to_a_line_that_does_not_exist_is_a_404_page(guild_browser):
    booking = booked(1, "09:00")
    page = guild_browser.get("/guild/").content.decode()
    response = guild_browser.post(
        f"/guild/lines/{booking.pk}/9/assign",
        {"performer": "PF-NONE", "csrfmiddlewaretoken": csrf_of(page)},
    )
    assert (response.status_code, response["Content-Type"]) == (404, "text/html; charset=utf-8")
    assert "此地址没有页面。" in response.content.decode()


def test_the_assign_address_answers_another_method_with_a_page(guild_browser):
    booking = booked(1, "09:00")
    ExtrasLineFactory(scene=booking.scene, position=1, count=3)

    response = guild_browser.get(f"/guild/lines/{booking.pk}/1/assign")

    assert (response.status_code, response["Content-Type"], response["Allow"]) == (
        405,
        "text/html; charset=utf-8",
        "POST",
    )
    assert "此地址不接受 GET 请求。" in response.content.decode()


def test_queue_names_looks_and_skills_in_the_readers_language(guild_browser):
    night = booked(1, "23:00", hours=3)
    ExtrasLineFactory(
        scene=night.scene, position=1, count=3, tags=["republic-costume", "tall"], skills=["dance"]
    )

    chinese = section(guild_browser.get("/guild/").content.decode(), night, 1)
    english = section(guild_browser.get("/guild/?lang=en").content.decode(), night, 1)

    assert "民国装、高个, 舞蹈" in chinese
    assert "republic-costume" not in chinese
    assert "Republic-era costume, tall, dance" in english
