"""The board's screenshots in docs/, taken on the demo base.

    .venv/bin/python bench/board_screenshots.py [--lang zh-hans|en]

Seeds the demo base (``seed_demo``, its week from next Monday) into a fresh SQLite file,
serves the project with gunicorn, logs in as ``ops`` in headless Chromium and saves:
docs/board-seeded.png (the first day as seeded), docs/board-run.png (a 1-day run finished,
its diff), docs/board-day.png (the day after publishing it), docs/board-night.png (a night of
that day running past midnight, opened), docs/board-unplaced.png,
docs/board-demand.png and docs/board-conflict.png (a manual booking refused, explained).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = Path("/tmp/hengdian-board-demo.sqlite3")
DOCS = ROOT / "docs"


def seed() -> str:
    import django
    from django.core.management import call_command

    django.setup()
    from scheduling.demo import demo_start
    from scheduling.services.demo import demo_seed

    call_command("migrate", verbosity=0)
    # Served as deployed: the static files collected under their hashed names.
    call_command("collectstatic", interactive=False, verbosity=0)
    start = demo_start()
    demo_seed(start=start)
    return start.isoformat()


def conflict_case(day: str) -> tuple[str, str, str, str]:
    """A scene with no booking, put at the time and place of the day's first booking on a
    single-crew location: the capacity rule (at least) refuses it."""
    import datetime as dt

    from core.shooting_day import clock_of, format_clock, shooting_day_bounds
    from crews.models import Scene
    from scheduling.models import Booking
    from scheduling.selectors.bookings import ACTIVE, base_timezone

    begin, end = shooting_day_bounds(dt.date.fromisoformat(day))
    taken = (
        Booking.objects.filter(ACTIVE, starts_at__gte=begin, starts_at__lt=end)
        .filter(location__capacity=1)
        .order_by("starts_at")
        .select_related("location")
        .first()
    )
    scene = Scene.objects.filter(bookings=None).order_by("code").first()
    start = taken.starts_at.astimezone(base_timezone())
    finish = start + dt.timedelta(minutes=scene.minutes)
    # As the form takes them: on the shooting day's clock, "26:00" past midnight.
    day = dt.date.fromisoformat(day)
    return (
        scene.code,
        taken.location.code,
        format_clock(clock_of(start, day)),
        format_clock(clock_of(finish, day)),
    )


PAST_MIDNIGHT = """() => {
  const line = document.querySelector('#timeline .midnight');
  if (!line) return -1;
  const at = line.getBoundingClientRect().left;
  const bars = [...document.querySelectorAll('#timeline .b:not(.preview)')];
  return bars.findIndex(b => b.getBoundingClientRect().right > at + 4);
}"""


def shoot(base: str, day: str, lang: str, conflict: tuple[str, str, str, str]) -> None:
    from board_load import CHROMIUM_ARGS
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.set_default_timeout(120_000)
        page.goto(f"{base}/board/?date={day}&lang={lang}")
        page.fill("#id_username", "ops")
        page.fill("#id_password", "hengdian-demo")
        page.click("input[type=submit]")
        page.wait_for_selector("#timeline .row")
        page.locator("#timeline .b").first.click()
        page.screenshot(path=DOCS / "board-seeded.png")
        page.click("#run-form button[type=submit]")
        page.wait_for_selector("#diff-totals")
        # The run's card, its progress and a crew's sentence opened into its scenes.
        page.locator("#diff details.crew-diff summary").first.click()
        page.locator("#run").scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "board-run.png")
        page.click("#publish")
        page.wait_for_selector("#publish-result.ok")
        page.wait_for_timeout(1500)
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("#timeline .b.planned").nth(12).click()
        page.locator("#timeline .b.planned").nth(12).hover()
        page.screenshot(path=DOCS / "board-day.png")
        # A night that runs past midnight, opened: the first bar right of the midnight line.
        night = page.evaluate(PAST_MIDNIGHT)
        if night >= 0:
            bar = page.locator("#timeline .b:not(.preview)").nth(night)
            bar.scroll_into_view_if_needed()
            page.evaluate("window.scrollBy(0, 200)")
            bar.click()
            bar.hover()
            page.screenshot(path=DOCS / "board-night.png")
            page.evaluate("window.scrollTo(0, 0)")
        scene, location, start, end = conflict
        page.fill("#book-form input[name=scene]", scene)
        page.fill("#book-form input[name=location]", location)
        page.fill("#book-form input[name=start]", start)
        page.fill("#book-form input[name=end]", end)
        page.click("#book-form button[type=submit]")
        page.wait_for_selector("#book-result.bad")
        page.evaluate("window.scrollTo(0, 0)")
        page.locator("#book-result").scroll_into_view_if_needed()
        page.screenshot(path=DOCS / "board-conflict.png")
        page.click("[data-tab=unplaced]")
        page.wait_for_selector("#unplaced .group")
        page.screenshot(path=DOCS / "board-unplaced.png")
        page.click("[data-tab=demand]")
        page.wait_for_selector("#shortage h3")
        page.screenshot(path=DOCS / "board-demand.png", full_page=True)
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", default="zh-hans", choices=["zh-hans", "en"])
    args = parser.parse_args()
    DB.unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
    sys.path[:0] = [str(ROOT), str(ROOT / "bench")]
    from board_load import _free_port, _serve

    day = seed()
    conflict = conflict_case(day)
    port = _free_port()
    server = _serve(port)
    try:
        shoot(f"http://127.0.0.1:{port}", day, args.lang, conflict)
    finally:
        server.terminate()
        server.wait()
    print("saved docs/board-*.png")


if __name__ == "__main__":
    main()
