"""How fast the board opens on a busy day, and how much it downloads.

    .venv/bin/python bench/board_load.py [--runs 5] [--db /tmp/hengdian-board-bench.sqlite3]

Builds (once; kept in ``--db``) the optimiser's size-L instance, seed 1 (300 locations, 200
crews, 12,000 scenes; performers left out: the board does not show them) through the instance
import, then books 4,000 of its scenes of up to 90 minutes on its first day with bulk inserts
(a third confirmed), filling each location from 06:00, and titles them like the demo
("第12场·<location>"). Serves the project with gunicorn
(1 worker, 4 threads, the embedded SQLite default), logs in as ``ops`` with headless Chromium
(Debian's package, through Playwright) and opens ``/board/?date=...`` ``--runs`` times, each in
a fresh browser context (empty cache). Per run: navigation timing (response end,
DOMContentLoaded, load), the time until the timeline is drawn (the page's ``board-drawn``
mark), the bytes transferred (the page, its scripts and styles and the day's JSON, as Resource
Timing's ``transferSize``) and the number of bars drawn.
Writes bench/results/board_load.json and prints the medians; ``--screenshot`` saves the page.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCATIONS, BOOKINGS = 300, 4000
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PASSWORD = "board-bench-1"


def build(db: Path) -> dt.date:
    """The busy base in ``db`` (created when missing); returns its busy day."""
    import django
    from django.core.management import call_command

    django.setup()
    from scheduling.solver.generate import generate_instance

    instance = generate_instance("L", 1)
    day = instance.horizon.start
    if db.exists():
        return day
    call_command("migrate", verbosity=0)
    # Served as deployed: the static files collected under their hashed names.
    call_command("collectstatic", interactive=False, verbosity=0)
    _import(instance)
    _book(day)
    return day


def _import(instance) -> None:
    from dataclasses import replace

    from scheduling.services.instances import instance_import
    from scheduling.solver.instance_write import instance_to_json

    lean = replace(instance, performers=(), locked=(), previous=())
    document = instance_to_json(lean)
    for scene in document["scenes"]:  # no performers: keep the lines, drop their pins
        for line in scene.get("extras", []):
            line.pop("performers", None)
    instance_import(data=document)


def _book(day: dt.date) -> None:
    from django.contrib.auth.models import User

    from core import roles
    from crews.models import Scene
    from scheduling.models import Booking, Location
    from scheduling.selectors.instances import horizon_moment

    locations = list(Location.objects.order_by("code")[:LOCATIONS])
    cursor = {loc.pk: 6 * 60 for loc in locations}
    rows, titled, i = [], [], 0
    for scene in (
        Scene.objects.filter(minutes__lte=90).order_by("pk").only("pk", "minutes").iterator()
    ):
        if len(rows) == BOOKINGS:
            break
        for _ in range(len(locations)):
            loc = locations[i % len(locations)]
            i += 1
            if cursor[loc.pk] + scene.minutes <= 24 * 60:
                break
        start = cursor[loc.pk]
        cursor[loc.pk] += scene.minutes
        scene.title = f"第{len(rows) % 60 + 1}场·{loc.name}"  # like the demo's titles
        titled.append(scene)
        rows.append(
            Booking(
                scene_id=scene.pk,
                location=loc,
                starts_at=horizon_moment(start=day, day=0, minutes=start),
                ends_at=horizon_moment(start=day, day=0, minutes=start + scene.minutes),
                status=Booking.Status.CONFIRMED if len(rows) % 3 == 0 else Booking.Status.PLANNED,
                source=Booking.Source.PLAN,
                exclusive=loc.capacity == 1,
            )
        )
    Booking.objects.bulk_create(rows, batch_size=500)
    Scene.objects.bulk_update(titled, ["title"], batch_size=500)
    ops = User.objects.create_user("ops", password=PASSWORD, is_staff=True)
    ops.groups.add(roles.role_groups_ensure()[roles.OPS])


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "hengdian.wsgi",
            "--workers=1",
            "--threads=4",
            f"--bind=127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise SystemExit("gunicorn did not start")


MEASURE = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  const all = [nav, ...res];
  return {
    response_end_ms: nav.responseEnd,
    dom_content_loaded_ms: nav.domContentLoadedEventEnd,
    load_ms: nav.loadEventEnd,
    drawn_ms: performance.getEntriesByName("board-drawn")[0].startTime,
    transferred_bytes: all.reduce((n, e) => n + e.transferSize, 0),
    decoded_bytes: all.reduce((n, e) => n + e.decodedBodySize, 0),
    requests: all.length,
    day_json_bytes: res.filter((e) => e.name.includes("/board/data/day"))
      .reduce((n, e) => n + e.transferSize, 0),
    day_json_ms: res.filter((e) => e.name.includes("/board/data/day"))
      .reduce((n, e) => n + e.duration, 0),
    bars: document.querySelectorAll("#timeline .b").length,
    rows: document.querySelectorAll("#timeline .row").length,
  };
}"""


def measure(base: str, day: dt.date, runs: int, shot: Path | None = None) -> list[dict]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        login = browser.new_context()
        page = login.new_page()
        page.goto(f"{base}/admin/login/?next=/admin/")
        page.fill("#id_username", "ops")
        page.fill("#id_password", PASSWORD)
        page.click("input[type=submit]")
        page.wait_for_load_state()
        state = login.storage_state()
        results = []
        for _ in range(runs + 1):  # the first one warms the server up and is not counted
            context = browser.new_context(
                storage_state=state, viewport={"width": 1600, "height": 1000}
            )
            page = context.new_page()
            page.goto(f"{base}/board/?date={day}")
            page.wait_for_function(
                "document.querySelector('#status').textContent.includes('4000')", timeout=60_000
            )
            results.append(page.evaluate(MEASURE))
            if shot is not None:
                page.screenshot(path=shot)
            context.close()
        browser.close()
    return results[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=Path("/tmp/hengdian-board-bench.sqlite3"))
    parser.add_argument("--screenshot", type=Path, help="save the busy day's board here (PNG)")
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    day = build(args.db)
    print(f"base ready in {time.perf_counter() - started:.1f} s ({args.db})")
    port = _free_port()
    server = _serve(port)
    try:
        results = measure(f"http://127.0.0.1:{port}", day, args.runs, args.screenshot)
    finally:
        server.terminate()
        server.wait()
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    out = ROOT / "bench/results/board_load.json"
    out.write_text(json.dumps({"day": str(day), "median": median, "runs": results}, indent=1))
    for key, value in median.items():
        print(f"{key:>22}: {value:,.0f}")


if __name__ == "__main__":
    main()
