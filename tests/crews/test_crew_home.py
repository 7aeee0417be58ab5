"""A crew's home: its week, what it owes, and its calendar feed as a link and a QR code
(issue 20, item 1)."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import urlsplit

import pytest
import zxingcpp

from core.days import current_shooting_day, this_shooting_week
from scheduling.models import Booking, SceneRequest
from tests.factories import BookingFactory, LocationFactory, SceneFactory, shanghai
from tests.qr import qr_pixels

pytestmark = pytest.mark.django_db


def book(crew, day: dt.date, hhmm: str, hours: int, status: str, **fields) -> Booking:
    scene = SceneFactory(crew=crew, first_date=day, last_date=day, **fields)
    start = shanghai(day, hhmm)
    return BookingFactory(
        scene=scene, starts_at=start, ends_at=start + dt.timedelta(hours=hours), status=status
    )


def day_rows(page: str, day: dt.date) -> list[str]:
    block = re.search(rf'<div class="day[^"]*" data-date="{day}">.*?</ul>', page, re.S).group(0)
    return [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", item)).strip()
        for item in re.findall(r"<li[^>]*>(.*?)</li>", block, re.S)
    ]


def test_a_crew_lands_on_its_week(client, crew_user, own_crew):
    client.force_login(crew_user)
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/crew/")


def test_the_week_shows_each_day_its_call_sheet_and_bookings_planned_and_confirmed(
    client, crew_user, own_crew, other_crew
):
    first, last = this_shooting_week()
    tuesday = first + dt.timedelta(days=1)
    place = LocationFactory(name="明清宫苑·太和殿")
    night = book(own_crew, tuesday, "22:00", 4, Booking.Status.PLANNED, title="夜宴")
    night.location = place
    night.save()
    sunday = book(own_crew, last, "09:00", 2, Booking.Status.CONFIRMED, title="婚礼")
    book(other_crew, tuesday, "10:00", 2, Booking.Status.CONFIRMED, title="别组的戏")
    book(own_crew, tuesday, "14:00", 2, Booking.Status.CANCELLED, title="取消的戏")
    client.force_login(crew_user)

    response = client.get("/crew/")
    page = response.content.decode()

    assert (response.status_code, response["Content-Type"]) == (200, "text/html; charset=utf-8")
    assert f"{first} 至 {last} 这一周" in page
    assert re.findall(r'data-date="([\d-]+)"', page) == [
        str(first + dt.timedelta(days=n)) for n in range(7)
    ]
    assert day_rows(page, tuesday) == [
        f"22:00–02:00 (次日) · {night.scene.code} 夜宴 · 明清宫苑·太和殿 计划中"
    ]
    assert day_rows(page, last) == [
        f"09:00–11:00 · {sunday.scene.code} 婚礼 · {sunday.location.name} 已确认"
    ]
    assert day_rows(page, first) == ["无预订。"]
    sheet = f"/api/v1/crews/{own_crew.code}/call-sheet.html?date={tuesday}"
    assert f'<a href="{sheet}" class="call-sheet">通告单</a>' in page
    assert client.get(sheet).status_code == 200
    today = f"/api/v1/crews/{own_crew.code}/call-sheet.html?date={current_shooting_day()}"
    assert f'<a href="{today}" class="today-call-sheet">今日通告单</a>' in page
    assert "别组的戏" not in page and "取消的戏" not in page


def test_the_week_lists_the_crew_s_scene_requests_that_touch_it(client, crew_user, own_crew):
    first, last = this_shooting_week()
    scene = SceneFactory(crew=own_crew, first_date=first, last_date=last)
    SceneRequest.objects.create(scene=scene, first_date=last, last_date=last + dt.timedelta(3))
    SceneRequest.objects.create(
        scene=SceneFactory(crew=own_crew),
        first_date=last + dt.timedelta(days=1),
        last_date=last + dt.timedelta(days=5),
    )
    client.force_login(crew_user)

    page = client.get("/crew/").content.decode()

    listed = re.search(r'<ul class="requests">(.*?)</ul>', page, re.S).group(1)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", listed)).strip() == (
        f"{scene.code}: {last} – {last + dt.timedelta(days=3)} · 待安排"
    )


def test_what_the_crew_owes_is_its_statement_s_total(client, crew_user, own_crew):
    first, last = this_shooting_week()
    book(own_crew, first, "09:00", 3, Booking.Status.CONFIRMED)
    client.force_login(crew_user)

    page = client.get("/crew/").content.decode()

    link = f"/api/v1/crews/{own_crew.code}/statement?from={first}&to={last}"
    total = client.get(link).json()["totals"]["total"]
    assert total != "0.00"
    assert f'<span class="owes">{total} 元</span>' in page
    assert f'<a href="{html.escape(link)}" class="statement">结算单</a>' in page


def test_the_calendar_feed_is_a_link_and_a_qr_code_of_the_same_address(client, crew_user, own_crew):
    first, _last = this_shooting_week()
    booking = book(own_crew, first, "09:00", 2, Booking.Status.PLANNED)
    client.force_login(crew_user)

    page = client.get("/crew/").content.decode()

    link = html.unescape(re.search(r'<a href="([^"]+)" class="feed-url">', page).group(1))
    assert re.fullmatch(
        rf"http://testserver/api/v1/crews/{own_crew.code}/calendar\.ics\?token=[\w-]{{43}}", link
    )
    svg = re.search(r'<div class="qr"[^>]*>(<svg.*?</svg>)</div>', page, re.S).group(1)
    decoded = zxingcpp.read_barcodes(qr_pixels(svg))
    assert [(code.format, code.text) for code in decoded] == [(zxingcpp.BarcodeFormat.QRCode, link)]
    feed = client.get(urlsplit(link).path + "?" + urlsplit(link).query)
    assert (feed.status_code, feed["Content-Type"]) == (200, "text/calendar; charset=utf-8")
    assert booking.scene.code in feed.content.decode()


def test_a_week_without_shooting_points_to_the_next_shooting_day(client, crew_user, own_crew):
    _first, last = this_shooting_week()
    later = last + dt.timedelta(days=10)
    book(own_crew, later, "09:00", 2, Booking.Status.PLANNED)
    client.force_login(crew_user)

    page = client.get("/crew/?lang=en").content.decode()

    assert "No shooting booked this week." in page
    assert f'<a href="?week={later}" class="next-busy">Next shooting day: {later}.</a>' in page
    assert f"Week of {later - dt.timedelta(days=later.weekday())}" in client.get(
        f"/crew/?week={later}"
    ).content.decode("utf-8")


def test_the_crew_s_week_is_refused_to_a_performer_as_a_page(client, performer_user):
    client.force_login(performer_user)
    response = client.get("/crew/")
    assert (response.status_code, response["Content-Type"]) == (403, "text/html; charset=utf-8")
    assert "您的角色无权访问此页面。" in response.content.decode()
