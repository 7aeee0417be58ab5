"""The board in headless Chromium against a live server on the demo base.

Debian's ``chromium`` package driven by Playwright (``executable_path``; no browser download).
Without a broker Celery runs a planning run inside the request that asks for it, so a run has
finished when ``POST /api/v1/plan-runs/`` answers; the page still follows it by polling.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from core.shooting_day import clock_of, format_clock, shooting_day_bounds
from crews.models import Crew, Scene
from scheduling.board.selectors import board_unplaced
from scheduling.board.selectors_demand import board_demand
from scheduling.models import Booking, Location, PlanRun
from scheduling.selectors.bookings import ACTIVE, base_timezone
from scheduling.selectors.plan_runs import plan_run_diff
from scheduling.services.booking_rules import booking_conflicts
from scheduling.services.demo import DEMO_PASSWORD
from tests.factories import BookingFactory, SceneFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
# A broken rule's name on the English page (strings.js), before the API's sentence for it.
RULES = {
    "capacity": "set full",
    "closure": "set closed",
    "crew_move": "no time to move",
    "crew_overlap": "crew busy",
    "crew_rest": "crew rest",
    "crew_span": "crew day too long",
    "extras": "extras",
    "location_fit": "wrong set",
    "scene_booked": "already booked",
    "hot_cap": "hot-set cap",
    "time_of_day": "day/night",
    "duration": "length",
}


def _open_board(page: Page, live_server, day: dt.date) -> None:
    page.goto(f"{live_server.url}/board/?date={day}&lang=en")
    page.fill("#id_username", "ops")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_selector("#timeline .row")


def _active_on(day: dt.date):
    """The bookings the board draws on ``day``: those starting in its shooting day."""
    begin, end = shooting_day_bounds(day)
    return Booking.objects.filter(ACTIVE, starts_at__gte=begin, starts_at__lt=end)


def _bars(page: Page) -> int:
    return page.locator("#timeline .b").count()


def test_board_run_publish_moves_the_bars(page, live_server, demo_day):
    before = _active_on(demo_day).count()
    _open_board(page, live_server, demo_day)
    assert _bars(page) == before

    page.fill("#run-form input[name=time_limit_seconds]", "2")
    page.click("#run-form button[type=submit]")
    page.wait_for_selector("#diff-totals")
    assert page.locator("#run").get_attribute("data-status") == "succeeded"
    assert page.locator("#run-bar").evaluate("bar => bar.style.width") == "100%"
    run = PlanRun.objects.get()
    diff = plan_run_diff(run=run)
    totals = diff["totals"]
    assert page.locator("#timeline .b.preview").count() == totals["new"] + totals["moved"]
    # Progress as a share of the bound, not the raw figures (they are a hover away).
    share = _reached(run.value, run.bound)
    assert f", {share}% of the bound reached, " in page.inner_text("#run-text")
    assert page.get_attribute("#run-text", "title") == f"value {run.value}, bound {run.bound}"
    # The diff: a sentence per crew that changes; its scenes one by one when opened.
    changed = [c for c in diff["crews"] if c["new"] or c["moved"] or c["dropped"]]
    expect(page.locator("#diff details.crew-diff summary")).to_have_text(
        [_sentence(c) for c in changed]
    )
    first = page.locator("#diff details.crew-diff").first
    assert not first.locator("li").first.is_visible()
    first.locator("summary").click()
    expect(first.locator("li")).to_have_count(
        len(changed[0]["new"]) + len(changed[0]["moved"]) + len(changed[0]["dropped"])
    )
    assert first.locator("li").first.is_visible()
    page.click("#publish")
    page.wait_for_selector("#publish-result.ok")

    expect(page.locator("#runs [data-run]")).to_have_text([f"#{run.pk} succeeded · manual · 1d ✓"])
    after = _active_on(demo_day)
    page.wait_for_function(f"document.querySelectorAll('#timeline .b').length === {after.count()}")
    assert after.count() > before
    new = after.filter(source=Booking.Source.PLAN, status=Booking.Status.PLANNED).first()
    bar = page.locator(f'#timeline [data-id="{new.pk}"]')
    assert bar.get_attribute("class") == "b planned"
    bar.click()
    assert page.inner_text("#detail-body").startswith(new.scene.code)
    page.click("[data-tab=unplaced]")
    unplaced = board_unplaced(first=demo_day, days=7)
    # The tabs fill in after their own request: expect() waits for the text.
    expect(page.locator("#unplaced .summary")).to_have_text(
        f"{demo_day} to {demo_day + dt.timedelta(days=6)}: {unplaced['total']} scenes not booked"
        f" · Latest run: {unplaced['run']['id']} (1 days from {demo_day})"
    )
    page.click("[data-tab=demand]")
    families = board_demand(first=demo_day, days=7)["families"]
    # Each set type by its name (English here), its tag on hover.
    expect(page.locator("#demand th.fam")).to_have_text([_en_label(f["family"]) for f in families])
    assert [th.get_attribute("title") for th in page.locator("#demand th.fam").all()] == [
        f["family"] for f in families
    ]


def test_board_conflicting_manual_booking_shows_its_explanation(page, live_server, demo_day):
    taken = _active_on(demo_day).filter(location__capacity=1).order_by("starts_at").first()
    scene = Scene.objects.exclude(bookings__isnull=False).order_by("code").first()
    start = taken.starts_at.astimezone(base_timezone())
    end = start + dt.timedelta(minutes=scene.minutes)
    with translation.override("en"):
        expected = booking_conflicts(
            scene=scene, location=taken.location, starts_at=start, ends_at=end
        )
    _open_board(page, live_server, demo_day)

    page.fill("#book-form input[name=scene]", scene.code)
    page.fill("#book-form input[name=location]", taken.location.code)
    # The form takes times as call sheets write them: 01:00 after a night is "25:00".
    page.fill("#book-form input[name=start]", _clock(start, demo_day))
    page.fill("#book-form input[name=end]", _clock(end, demo_day))
    page.click("#book-form button[type=submit]")
    page.wait_for_selector("#book-result.bad")

    assert page.locator("#book-result li").all_inner_texts() == [
        f"{RULES[c['rule']]} {c['message']}" for c in expected
    ]
    assert {c["rule"] for c in expected} >= {"capacity"}
    assert not Booking.objects.filter(scene=scene).exists()

    other = _active_on(demo_day).exclude(pk=taken.pk).order_by("pk").first()
    other_end = start + (other.ends_at - other.starts_at)
    with translation.override("en"):
        expected = booking_conflicts(
            scene=other.scene,
            location=taken.location,
            starts_at=start,
            ends_at=other_end,
            booking=other,
        )
    page.click(f'#timeline [data-id="{other.pk}"]')
    page.fill("#move-form input[name=location]", taken.location.code)
    page.fill("#move-form input[name=start]", _clock(start, demo_day))
    page.fill("#move-form input[name=end]", _clock(other_end, demo_day))
    page.click("#move-form button[type=submit]")
    page.wait_for_selector("#move-result.bad")

    assert page.locator("#move-result li").all_inner_texts() == [
        f"{RULES[c['rule']]} {c['message']}" for c in expected
    ]
    assert Booking.objects.get(pk=other.pk).starts_at == other.starts_at


def _en_label(family: str) -> str:
    """A set type (or two, "a+b") as the English board names it: "hospital ward"."""
    words = {"ceo-office": "CEO office"}
    return "+".join(words.get(tag, tag.replace("-", " ")) for tag in family.split("+"))


def _reached(value: int, bound: int) -> str:
    """The page's share of the bound: down to a tenth, 100 only when the bound is met."""
    if value >= bound:
        return "100"
    return f"{min(99.9, math.floor(value / bound * 1000) / 10):.1f}"


REASONS_EN = {
    "not_worth": "better-valued work took the room",
    "no_time": "no time free",
    "no_location": "no location open",
    "extras_shortage": "too few extras",
    "crew_window": "the crew's day is too short",
    "locked_conflict": "locked bookings fill it",
}


def _sentence(crew: dict) -> str:
    """A crew's part of a diff in one English sentence, as the board writes it."""
    zone_of = dict(Location.objects.values_list("code", "zone__name"))
    name = Crew.objects.get(code=crew["crew"]).name

    def most_first(values: list[str]) -> list[tuple[str, int]]:
        counts = Counter(values)  # ties keep their first appearance, as in the page
        return sorted(counts.items(), key=lambda item: -item[1])

    parts = []
    if crew["new"]:
        zones = [z for z, _ in most_first([zone_of[x["to"]["location"]] for x in crew["new"]])]
        parts.append(f"{len(crew['new'])} new ({', '.join(zones)})")
    for zone, n in most_first([zone_of[x["to"]["location"]] for x in crew["moved"]]):
        parts.append(f"{n} moved to {zone}")
    if crew["dropped"]:
        why = [r for r, _ in most_first([REASONS_EN[x["reason"]] for x in crew["dropped"]])]
        parts.append(f"{len(crew['dropped'])} not placed: {', '.join(why)}")
    return f"{crew['crew']} {name}: {'; '.join(parts)}."


def _clock(moment: dt.datetime, day: dt.date) -> str:
    """A time of shooting day ``day`` as the board's forms take it ("25:00" past midnight)."""
    return format_clock(clock_of(moment, day))


def _free_fit(day: dt.date) -> tuple[Scene, Location]:
    """An unbooked daytime scene of a crew with nothing booked that day, and a location with its
    tags that has no booking and no closure that day."""
    begin, end = shooting_day_bounds(day)
    busy_crews = set(_active_on(day).values_list("scene__crew_id", flat=True))
    scene = next(
        s
        for s in Scene.objects.filter(first_date__lte=day, last_date__gte=day, bookings=None)
        .exclude(crew_id__in=busy_crews)
        .exclude(time_of_day=Scene.TimeOfDay.NIGHT)
        .order_by("code")
        if s.location_tags and s.minutes <= 120
    )
    busy = set(_active_on(day).values_list("location_id", flat=True)) | set(
        Location.objects.filter(
            closures__starts_at__lt=end, closures__ends_at__gt=begin
        ).values_list("pk", flat=True)
    )
    location = next(
        loc
        for loc in Location.objects.exclude(pk__in=busy).order_by("code")
        if set(scene.location_tags) <= set(loc.tags)
    )
    return scene, location


def test_board_manual_booking_appears_as_a_marked_planned_bar(page, live_server, demo_day):
    scene, location = _free_fit(demo_day)
    end = dt.datetime(2000, 1, 1, 10) + dt.timedelta(minutes=scene.minutes)
    _open_board(page, live_server, demo_day)

    page.fill("#book-form input[name=scene]", scene.code)
    page.fill("#book-form input[name=location]", location.code)
    page.fill("#book-form input[name=start]", "10:00")
    page.fill("#book-form input[name=end]", f"{end:%H:%M}")
    page.click("#book-form button[type=submit]")
    page.wait_for_selector("#book-result.ok")

    booking = Booking.objects.get(scene=scene)
    bar = page.locator(f'#timeline [data-id="{booking.pk}"]')
    bar.wait_for()
    assert bar.get_attribute("class") == "b planned manual sel"
    assert (booking.location, booking.source) == (location, Booking.Source.MANUAL)
    page.select_option("#f-crew", scene.crew.code)
    assert _bars(page) == _active_on(demo_day).filter(scene__crew=scene.crew).count()
    page.select_option("#f-crew", "")
    page.select_option("#f-zone", label=location.zone.name)
    assert page.locator("#timeline .row").count() == location.zone.locations.count()


def test_board_draws_a_night_past_midnight_with_the_midnight_line(
    page, live_server, demo_day, settings
):
    settings.PLANNING_DAY_END = "28:00"
    night_start = dt.datetime.combine(demo_day, dt.time(22), tzinfo=base_timezone())
    night = BookingFactory(
        scene=SceneFactory(minutes=240, first_date=demo_day, last_date=demo_day),
        starts_at=night_start,
        ends_at=night_start + dt.timedelta(hours=4),
    )
    _open_board(page, live_server, demo_day)

    assert page.locator("#timeline .midnight").count() == 1
    assert page.locator("#timeline .hours span").count() == 22  # 06 .. 03
    assert page.inner_text("#timeline .hours .midnight-hour") == "00"
    page.click(f'#timeline [data-id="{night.pk}"]')
    assert "22:00–26:00 · 02:00 (next day)" in page.inner_text("#detail-body")
    assert page.input_value("#move-form input[name=end]") == "26:00"
