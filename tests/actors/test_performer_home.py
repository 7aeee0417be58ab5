"""A performer's home: their calls of the week in the base's words, and their pay
(issue 20, item 1)."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp

from actors.models import Call
from core.days import current_shooting_day, this_shooting_week
from scheduling.models import Booking
from tests.factories import BookingFactory, CallFactory, LocationFactory, SceneFactory, shanghai
from tests.qr import qr_pixels

pytestmark = pytest.mark.django_db


def call_at(performer, start: dt.datetime, hours: int, **booking_fields) -> Call:
    scene = SceneFactory(first_date=start.date(), last_date=start.date())
    booking = BookingFactory(
        scene=scene, starts_at=start, ends_at=start + dt.timedelta(hours=hours), **booking_fields
    )
    return CallFactory(booking=booking, performer=performer)


def rows(page: str) -> list[list[str]]:
    body = re.search(r'<section id="calls">.*?</section>', page, re.S).group(0)
    return [
        [
            re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(<td>.*?)</tr>", body, re.S)
    ]


def test_a_performer_lands_on_their_calls(client, performer_user):
    client.force_login(performer_user)
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/me/")


def test_calls_of_the_week_in_the_base_s_words(client, performer_user):
    me = performer_user.performer
    first, last = this_shooting_week()
    place = LocationFactory(name="广州街·茶楼")
    today = current_shooting_day()
    night = call_at(
        me, shanghai(today, "22:00"), 4, location=place, status=Booking.Status.CONFIRMED
    )
    night.booking.scene.crew.name = "夜色"
    night.booking.scene.crew.save()
    call_at(me, shanghai(last + dt.timedelta(days=2), "09:00"), 2)
    call_at(me, shanghai(today, "09:00"), 2, status=Booking.Status.CANCELLED)
    client.force_login(performer_user)

    response = client.get("/me/")
    page = response.content.decode()

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    day = today
    assert f"{first} 至 {last} 这一周" in page
    assert rows(page) == [
        [
            str(day),
            "22:00–02:00 (次日)",
            "广州街·茶楼",
            f"夜色 {night.booking.scene.code}",
            "已发通告 · 场次已确认",
        ]
    ]


def test_a_week_without_calls_points_to_the_next_one(client, performer_user):
    me = performer_user.performer
    _first, last = this_shooting_week()
    later = call_at(me, shanghai(last + dt.timedelta(days=9), "09:00"), 2)
    client.force_login(performer_user)

    page = client.get("/me/").content.decode()

    day = later.booking.starts_at.date()
    assert rows(page) == []
    assert f'<a href="?week={day}">您的下一个通告在 {day}。</a>' in page


def test_pay_of_the_week_and_its_spreadsheet(client, performer_user):
    me = performer_user.performer
    first, last = this_shooting_week()
    worked = call_at(me, shanghai(current_shooting_day(), "08:00"), 12)
    Call.objects.filter(pk=worked.pk).update(
        state=Call.State.RELEASED,
        checked_in_at=worked.booking.starts_at,
        released_at=worked.booking.starts_at + dt.timedelta(hours=12, minutes=30),
    )
    client.force_login(performer_user)

    page = client.get("/me/?lang=en").content.decode()

    # 12.5 h: the day rate 135 + 3 started hours of overtime at 13.5 = 175.50; the guild keeps
    # 10% (17.55): 157.95 paid.
    assert "1 day worked, 12.5 hours: 157.95 yuan to be paid (175.50 before the guild" in page
    link = f"/api/v1/performers/{me.code}/pay.csv?from={first}&amp;to={last}"
    assert f'<a href="{link}" id="pay-csv">' in page
    sheet = client.get(link.replace("&amp;", "&"))
    assert (sheet.status_code, sheet["Content-Type"]) == (200, "text/csv; charset=utf-8")
    assert "157.95" in sheet.content.decode("utf-8-sig")


def test_a_performer_s_page_is_refused_to_the_guild(client, guild_user):
    client.force_login(guild_user)
    response = client.get("/me/")
    assert (response.status_code, response["Content-Type"]) == (403, "text/html; charset=utf-8")
    assert "您的角色无权访问此页面。" in response.content.decode()


def test_the_calendar_feed_is_a_qr_code_of_the_link_shown(client, performer_user):
    client.force_login(performer_user)

    page = client.get("/me/").content.decode()

    link = html.unescape(re.search(r'<a href="([^"]+)" id="feed-url">', page).group(1))
    code = performer_user.performer.code
    assert re.fullmatch(
        rf"http://testserver/api/v1/performers/{code}/calendar\.ics\?token=[\w-]{{43}}", link
    )
    svg = re.search(r'<div class="qr"[^>]*>(<svg.*?</svg>)</div>', page, re.S).group(1)
    decoded = zxingcpp.read_barcodes(qr_pixels(svg))
    assert [(found.format, found.text) for found in decoded] == [
        (zxingcpp.BarcodeFormat.QRCode, link)
    ]
    feed = client.get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert (feed.status_code, feed["Content-Type"]) == (200, "text/calendar; charset=utf-8")
