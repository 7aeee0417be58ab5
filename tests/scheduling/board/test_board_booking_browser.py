"""The board as a booking tool, in headless Chromium on the demo base (Chinese, the default):
today first, set types by their Chinese names, hot sets on the timeline, a scene's options
booked with one click, the manual form's answers in sentences; and operations' first five
minutes, with screenshots for docs/."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import Page, expect

from core.days import current_shooting_day
from core.shooting_day import booking_date, call_sheet_time, clock_of, shooting_day_bounds
from crews.models import Crew, Scene
from scheduling.models import Booking, HotSet, Location
from scheduling.selectors.bookings import ACTIVE
from scheduling.selectors.options import scene_options
from scheduling.services.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WEEKDAYS = "一二三四五六日"


def _sign_in(page: Page, url: str) -> None:
    page.goto(url)
    page.fill("#id_username", "ops")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#timeline .row")


def _active_on(day: dt.date):
    begin, end = shooting_day_bounds(day)
    return Booking.objects.filter(ACTIVE, starts_at__gte=begin, starts_at__lt=end)


def _span(start: str, end: str) -> str:
    """A span as the board writes it: "12-07 周一 22:00–02:00 (次日)"."""
    starts_at, ends_at = dt.datetime.fromisoformat(start), dt.datetime.fromisoformat(end)
    day = booking_date(starts_at)
    words = [call_sheet_time(m, day).replace("(next day)", "(次日)") for m in (starts_at, ends_at)]
    return f"{day:%m-%d} 周{WEEKDAYS[day.weekday()]} {words[0]}–{words[1]}"


def _place(code: str) -> str:
    return f"{Location.objects.get(code=code).name} ({code})"


def test_board_opens_on_today_and_the_next_busy_day_is_one_click_away(page, live_server, demo_day):
    today = current_shooting_day()  # the browser's half runs on the real clock
    _sign_in(page, f"{live_server.url}/board/")

    assert page.input_value("#day") == today.isoformat()
    assert _active_on(today).count() == 0  # the demo's week starts next Monday
    expect(page.locator("#day-note")).to_have_text(
        f"今天（{today}）没有预订。 下一个有预订的日子：{demo_day}（周一）→"
    )
    page.click("#next-busy")

    expect(page.locator("#day")).to_have_value(demo_day.isoformat())
    expect(page.locator("#timeline .b")).to_have_count(_active_on(demo_day).count())
    assert page.locator("#day-note").is_hidden()


def test_board_filters_by_set_type_in_chinese_and_counts_what_it_shows(page, live_server, demo_day):
    wards = [loc for loc in Location.objects.all() if "hospital-ward" in loc.tags]
    total = Location.objects.count()
    _sign_in(page, f"{live_server.url}/board/?date={demo_day}")

    assert "医院病房" in page.locator("#f-tag option").all_inner_texts()
    assert "hospital-ward" not in page.locator("#f-tag option").all_inner_texts()
    page.select_option("#f-tag", label="医院病房")

    codes = sorted(loc.code for loc in wards)
    assert page.locator("#timeline .row .lab b").all_inner_texts() == codes
    booked = _active_on(demo_day).filter(location__in=wards).count()
    assert page.inner_text("#status") == f"显示 {len(codes)} / {total} 个场地，{booked} 个预订"
    page.select_option("#f-tag", "")
    assert page.inner_text("#status") == f"{total} 个场地，{_active_on(demo_day).count()} 个预订"


def test_board_marks_hot_sets_by_how_near_the_busiest_crew_is_to_its_cap(
    page, live_server, demo_day
):
    booking = _active_on(demo_day).order_by("location__code", "starts_at").first()
    minutes = sum(
        int((b.ends_at - b.starts_at).total_seconds() // 60)
        for b in _active_on(demo_day).filter(
            location=booking.location, scene__crew=booking.scene.crew
        )
    )
    # The busiest crew has used 3/4 of its daily cap: 75%, the middle of the scale. (The
    # demo's own hot sets, weekly, are set aside: this one alone is on the board.)
    HotSet.objects.all().delete()
    HotSet.objects.create(location=booking.location, cap_minutes=minutes * 4 // 3, period="day")
    others = _active_on(demo_day).filter(location=booking.location)
    most = max(
        sum(
            int((b.ends_at - b.starts_at).total_seconds() // 60)
            for b in others.filter(scene__crew=crew)
        )
        for crew in Crew.objects.filter(scenes__bookings__in=others).distinct()
    )
    share = round(most / (minutes * 4 // 3) * 100)
    _sign_in(page, f"{live_server.url}/board/?date={demo_day}")

    badge = page.locator("#timeline .row.hot-row .hot")
    expect(badge).to_have_text([f"热门 {share}%"])
    level = 3 if share >= 90 else 2 if share >= 50 else 1
    assert badge.get_attribute("class") == f"hot heat-{level}"
    assert page.locator("#timeline .row.hot-row .lab b").inner_text() == booking.location.code


def test_board_manual_form_fills_the_end_and_answers_a_wrong_code_with_a_sentence(
    page, live_server, demo_day
):
    scene = Scene.objects.filter(bookings=None, minutes__gte=60).order_by("code").first()
    _sign_in(page, f"{live_server.url}/board/?date={demo_day}")

    page.fill("#book-form input[name=scene]", "C3-S1")
    page.locator("#book-form input[name=scene]").dispatch_event("change")
    expect(page.locator("#book-scene")).to_have_text(
        "没有编号为 C3-S1 的场次，请检查编号（剧组编号，加 -S 和序号）。"
    )
    page.fill("#book-form input[name=location]", Location.objects.order_by("code")[0].code)
    page.click("#book-form button[type=submit]")
    expect(page.locator("#book-result li")).to_have_text(
        ["场次：没有编号为 C3-S1 的场次，请检查编号（剧组编号，加 -S 和序号）。"]
    )

    page.fill("#book-form input[name=scene]", scene.code)
    page.locator("#book-form input[name=scene]").dispatch_event("change")
    page.fill("#book-form input[name=start]", "21:30")
    end = 21 * 60 + 30 + scene.minutes
    expect(page.locator("#book-form input[name=end]")).to_have_value(
        f"{end // 60:02d}:{end % 60:02d}"
    )
    # A time past midnight in the base's words, as every answer of the board writes it.
    words = page.evaluate(
        "Board.spanWords('2026-12-07T22:00:00+08:00', '2026-12-08T02:00:00+08:00')"
    )
    assert words == "12-07 周一 22:00–02:00 (次日)"


def _bookable(day: dt.date) -> tuple[Scene, list[dict]]:
    """The first crew's first scene to book that has options in the week from ``day``."""
    for crew in Crew.objects.order_by("code"):
        for scene in Scene.objects.filter(crew=crew, bookings=None, last_date__gte=day).order_by(
            "first_date", "code"
        )[:3]:
            options = scene_options(
                scene=scene, date_from=day, date_to=day + dt.timedelta(days=6), limit=8
            )["options"]
            if options:
                return scene, options
    raise AssertionError("no scene of the demo has an option")


def test_ops_first_five_minutes_sign_in_land_today_book_an_option_see_the_bar(
    page, live_server, demo_day, shots
):
    page.set_viewport_size({"width": 1400, "height": 900})
    # Sign in where anyone starts, at /: operations land on the board, today.
    _sign_in(page, f"{live_server.url}/")
    assert page.url == f"{live_server.url}/board/?date={current_shooting_day()}"
    expect(page.locator("#day-note")).to_be_visible()
    page.screenshot(path=shots / "first-minutes-ops-1-today.png")
    page.click("#next-busy")
    expect(page.locator("#timeline .b")).to_have_count(_active_on(demo_day).count())

    scene, options = _bookable(demo_day)
    expect(page.locator("#pick-crew option")).not_to_have_count(0)
    page.select_option("#pick-crew", scene.crew.code)
    expect(page.locator(f'#pick-scene option[value="{scene.code}"]')).to_have_count(1)
    page.select_option("#pick-scene", scene.code)
    shown = page.locator("#options li")
    expect(shown).to_have_count(len(options))
    assert [text.split("\n")[0] for text in shown.all_inner_texts()] == [
        f"预订 {_span(o['start'], o['end'])} {_place(o['location'])} · ¥{o['price']}"
        for o in options
    ]
    assert shown.first.locator("small").inner_text() == options[0]["why"]
    page.screenshot(path=shots / "first-minutes-ops-2-options.png")

    shown.first.locator("button").click()  # one click books it
    expect(page.locator("#pick-result.ok")).to_have_text(
        f"已预订：{scene.code} @ {_place(options[0]['location'])} "
        f"{_span(options[0]['start'], options[0]['end'])}"
    )
    booking = Booking.objects.get(scene=scene)
    first = options[0]
    assert (booking.location.code, booking.starts_at, booking.ends_at) == (
        first["location"],
        dt.datetime.fromisoformat(first["start"]),
        dt.datetime.fromisoformat(first["end"]),
    )
    bar = page.locator(f'#timeline [data-id="{booking.pk}"]')
    expect(bar).to_have_class("b planned manual sel")
    day = booking_date(booking.starts_at)
    assert page.input_value("#day") == day.isoformat()
    assert page.inner_text("#detail-body").startswith(scene.code)
    assert f"{clock_of(booking.starts_at, day) // 60:02d}:" in page.inner_text("#detail-body")
    expect(page.locator(f'#pick-scene option[value="{scene.code}"]')).to_have_count(0)
    page.screenshot(path=shots / "first-minutes-ops-3-booked.png")
