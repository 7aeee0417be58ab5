"""Each role's first five minutes in headless Chromium on the demo base (issue 20, item 1).

Sign in at ``/``, land home, do the main job: the guild calls a candidate to a short line and
sees the line's count go up; a crew opens today's call sheet from its week and finds its
calendar feed as a link and a QR code (decoded here from the pixels the browser drew); a
performer reads their calls and pay. Debian's ``chromium`` driven by Playwright, Chinese as a
browser set to Chinese asks. ``HENGDIAN_SCREENSHOTS=docs`` writes the screenshots of
docs/screens.md; otherwise they go to the test's temporary folder.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import zxingcpp
from django.contrib.auth.models import User
from PIL import Image
from playwright.sync_api import Page, expect, sync_playwright

from actors.models import Call
from actors.selectors import extras_fit_problems
from actors.services import extras_assign
from core.days import current_shooting_day, this_shooting_week
from core.shooting_day import shooting_days_bounds
from crews.models import Crew
from scheduling.demo import demo_start
from scheduling.models import Booking
from scheduling.services.demo import DEMO_PASSWORD, demo_seed
from tests.browser import CHROMIUM, CHROMIUM_ARGS, WAIT_MS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The first crew's first booking of the demo is on the demo's fourth day (a night, 22:30).
CREW1_FIRST_DAY = 3


@pytest.fixture
def page(live_server, monkeypatch) -> Iterator[Page]:
    # Playwright's sync API keeps an event loop in this thread; the ORM calls of the test are
    # still plain synchronous ones (Playwright's documented setting for Django tests).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
        page = context.new_page()
        page.set_default_timeout(WAIT_MS)
        yield page
        browser.close()


def sign_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_load_state()


def test_the_guild_calls_a_candidate_to_a_short_line(page, live_server, shots):
    demo_seed(start=demo_start())

    sign_in(page, live_server, "guild")

    assert page.url == f"{live_server.url}/guild/"
    expect(page.locator("h2").first).to_have_text("群演缺人的场次（按时间先后）")
    # The first line that still lacks two or more and has candidates: one more called leaves
    # it in the queue, its count one higher.
    line = page.locator("section.line:has(button.assign)").first
    anchor = line.get_attribute("id")
    count = line.locator("[data-count]")
    called, wanted = (int(n) for n in re.findall(r"\d+", count.inner_text()))
    assert wanted - called >= 2, "the demo's first line with candidates lacks only one"
    first = line.locator("tr[data-performer]").first
    code = first.get_attribute("data-performer")

    first.locator("button.assign").click()
    page.wait_for_load_state()

    after = page.locator(f"#{anchor} [data-count]")
    expect(after).to_have_text(f"已通告 {called + 1} / 需 {wanted} 人")
    expect(page.locator("#messages li.success")).to_contain_text(f"（{code}）")
    booking_id, position = (int(n) for n in anchor.split("-")[1:])
    assert Call.objects.filter(
        booking_id=booking_id, extras_line__position=position, performer__code=code, pinned=True
    ).exists()
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=shots / "first-minutes-guild.png")


def _decode(png: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "qr.png"
    path.write_bytes(png)
    grey = np.asarray(Image.open(path).convert("L"))
    return [code.text for code in zxingcpp.read_barcodes(grey)]


def test_a_crew_opens_today_s_call_sheet_and_finds_its_calendar(page, live_server, shots, tmp_path):
    today = current_shooting_day()
    # The demo from three days ago: today is the day of the first crew's first booking.
    demo_seed(start=today - dt.timedelta(days=CREW1_FIRST_DAY))
    crew = Crew.objects.get(members__username="crew1")
    opens, closes = shooting_days_bounds(today, today)
    todays = Booking.objects.get(scene__crew=crew, starts_at__gte=opens, starts_at__lt=closes)

    sign_in(page, live_server, "crew1")

    assert page.url == f"{live_server.url}/crew/"
    first, last = this_shooting_week()
    expect(page.locator("#week")).to_have_text(f"{first} 至 {last} 这一周")
    row = page.locator(f'.day.today[data-date="{today}"]')
    expect(row.locator("li")).to_contain_text([todays.scene.code])
    expect(row.locator(".tag")).to_have_text(["计划中"])
    page.screenshot(path=shots / "first-minutes-crew.png")

    feed = page.locator("a.feed-url").get_attribute("href")
    assert re.fullmatch(
        rf"{live_server.url}/api/v1/crews/{crew.code}/calendar\.ics\?token=[\w-]{{43}}", feed
    )
    assert _decode(page.locator(".qr svg").screenshot(), tmp_path) == [feed]

    assert row.locator("a.call-sheet").get_attribute("href") == (
        page.locator("a.today-call-sheet").get_attribute("href")
    )
    page.click("a.today-call-sheet")
    page.wait_for_load_state()
    assert page.url == f"{live_server.url}/api/v1/crews/{crew.code}/call-sheet.html?date={today}"
    expect(page.locator("body")).to_contain_text(todays.scene.code)


def test_a_performer_reads_their_calls_and_pay(page, live_server, shots):
    first, last = this_shooting_week()
    demo_seed(start=first)
    me = User.objects.get(username="performer1").performer
    opens, closes = shooting_days_bounds(first, last)
    # The guild calls performer1 (a man of 42: the demo week has one place for him) to the
    # first scene they fit; the day is worked and paid.
    bookings = Booking.objects.filter(starts_at__gte=opens, starts_at__lt=closes).order_by(
        "starts_at"
    )
    fits = [
        (booking, line)
        for booking in bookings.select_related("scene")
        for line in booking.scene.extras_lines.all()
        if not extras_fit_problems(booking=booking, extras_line=line, performer=me)
    ]
    assert fits, "performer1 fits no scene of the demo week"
    booking, line = fits[0]
    [worked] = extras_assign(booking=booking, extras_line=line, performers=[me])
    Call.objects.filter(pk=worked.pk).update(
        state=Call.State.RELEASED, checked_in_at=booking.starts_at, released_at=booking.ends_at
    )

    sign_in(page, live_server, "performer1")

    assert page.url == f"{live_server.url}/me/"
    rows = page.locator("#calls tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.nth(0)).to_contain_text(booking.scene.crew.name)
    expect(rows.nth(0)).to_contain_text(booking.location.name)
    expect(rows.nth(0)).to_contain_text("已放工")
    expect(page.locator("#pay p").first).to_contain_text("出工 1 天")
    expect(page.locator("#pay-csv")).to_have_attribute(
        "href", f"/api/v1/performers/{me.code}/pay.csv?from={first}&to={last}"
    )
    page.screenshot(path=shots / "first-minutes-performer.png")
