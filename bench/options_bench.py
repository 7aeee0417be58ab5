"""How fast reception answers: ``GET /api/v1/scenes/{code}/options`` on the demo base.

    .venv/bin/python bench/options_bench.py [--runs 200] [--days 7] [--db PATH]

Builds (once; kept in ``--db``) the demo base with ``seed_demo`` on the embedded SQLite default
(``--base demo``), or the board benchmark's busy L base (``--base L``: 300 locations, 200 crews,
12,000 scenes, 4,000 bookings on its first day; ``bench/board_load.py``), then asks, as ``ops``,
for the options of ``--runs`` unbooked scenes drawn with a fixed seed over ``--days`` days from
the base's first, through Django's test client:
the whole request (authentication, the view, the selector, JSON). Prints p50/p95/max in ms and
the mean number of options; writes bench/results/options-<base>.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI = ZoneInfo("Asia/Shanghai")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--days", type=int, default=7)
    parser.add_argument("--base", choices=("demo", "L"), default="demo")
    parser.add_argument("--db", help="default /tmp/hengdian-options-<base>.sqlite3")
    parser.add_argument("--start", default="2026-12-07", help="the demo week's Monday")
    args = parser.parse_args()
    args.db = args.db or f"/tmp/hengdian-options-{args.base}.sqlite3"
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{args.db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
    import django

    django.setup()
    from django.core.management import call_command

    if args.base == "L":
        from bench.board_load import PASSWORD, build

        start, username, password = build(Path(args.db)), "ops", PASSWORD
        call_command("migrate", verbosity=0)
    else:
        start, username, password = dt.date.fromisoformat(args.start), "ops", "hengdian-demo"
        fresh = not Path(args.db).exists()
        call_command("migrate", verbosity=0)
        if fresh:
            call_command("seed_demo", start=args.start, verbosity=0)
    # The base's clock on the eve of its first day, so every day asked for lies ahead.
    eve = dt.datetime.combine(start - dt.timedelta(days=1), dt.time(12), tzinfo=SHANGHAI)
    with time_machine.travel(eve, tick=True):
        result = _measure(args, start=start, username=username, password=password)
    out = ROOT / "bench" / "results" / f"options-{args.base}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


def _measure(args, *, start: dt.date, username: str, password: str) -> dict:
    from django.test import Client

    from crews.models import Scene
    from scheduling.models import Booking

    booked = Booking.objects.exclude(status="cancelled").values("scene")
    codes = sorted(Scene.objects.exclude(pk__in=booked).values_list("code", flat=True))
    picks = random.Random(1).choices(codes, k=args.runs)
    client = Client()
    client.login(username=username, password=password)
    query = {
        "from": start.isoformat(),
        "to": (start + dt.timedelta(days=args.days - 1)).isoformat(),
    }
    client.get(f"/api/v1/scenes/{picks[0]}/options", query)  # warm caches and imports
    times, counts = [], []
    for code in picks:
        began = time.perf_counter()
        response = client.get(f"/api/v1/scenes/{code}/options", query)
        times.append((time.perf_counter() - began) * 1000)
        assert response.status_code == 200, response.content
        counts.append(len(response.json()["options"]))
    times.sort()
    return {
        "base": args.base,
        "scenes": len(codes),
        "runs": args.runs,
        "days": args.days,
        "p50_ms": round(statistics.median(times), 1),
        "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
        "max_ms": round(times[-1], 1),
        "mean_options": round(statistics.mean(counts), 1),
    }


if __name__ == "__main__":
    main()
