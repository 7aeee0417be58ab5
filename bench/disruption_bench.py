"""Repair latency at size M with a real worker: rain closes one zone's outdoor sets over a
shooting day full of bookings; time from the closure's import to the published repair.

Run by ``make bench-disruption`` (bench/disruption.sh), which makes an empty, migrated
PostgreSQL database and starts a worker against it and Redis. The M base is imported and
planned (a run published as the bookings in force); then the zone with the most bookings that
day on open-air sets (the generator's ``OUTDOOR`` types, tagged ``outdoor`` here) gets heavy
rain, reported through the API over that zone's outdoor sets.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path


def main(seconds: int, rain_hours: int | None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.utils import timezone
    from rest_framework.test import APIClient

    from actors.models import Notification
    from core.shooting_day import shooting_day_bounds
    from scheduling.models import Booking, Closure, Location, PlanRun
    from scheduling.services.instances import instance_import
    from scheduling.services.plan_publish import plan_run_publish
    from scheduling.services.plan_runs import plan_run_request
    from scheduling.solver.generate import generate_instance
    from scheduling.solver.generate_data import OUTDOOR
    from scheduling.solver.instance import instance_to_json

    def wait(run_id: int, published: bool = False) -> PlanRun:
        while True:
            run = PlanRun.objects.get(pk=run_id)
            if run.status == "failed" or (run.status == "succeeded" and not published):
                return run
            if published and "publish" in (run.stats or {}):
                return run
            time.sleep(0.1)

    start = timezone.localdate() + dt.timedelta(days=10)
    base = generate_instance("M", 1)
    base = replace(base, horizon=replace(base.horizon, start=start))
    instance_import(data=instance_to_json(base))
    run, _ = plan_run_request(start=start, days=base.horizon.days, time_limit_seconds=seconds)
    run = wait(run.pk)
    plan_run_publish(run_id=run.pk)
    # The publish woke the outbox (thousands of "you are called" notices) on the same one-process
    # worker; rain is timed once that task is done (the count of notices stands still), or the
    # repair would queue behind it.
    seen, still = -1, 0
    while still < 6:
        count = Notification.objects.filter(status="sent").count()
        still = still + 1 if count == seen and count else 0
        seen = count
        time.sleep(0.5)
    rain_day = start + dt.timedelta(days=1)
    opens, closes = shooting_day_bounds(rain_day)
    if rain_hours is not None:  # a morning's rain instead of the whole shooting day
        closes = min(closes, opens + dt.timedelta(hours=rain_hours))
    day_bookings = Booking.objects.exclude(status="cancelled").filter(
        starts_at__gte=opens, starts_at__lt=closes
    )
    # The generator's open-air set types carry the tag "outdoor"; the zone with the most
    # bookings on them that day gets the rain.
    outdoor = [loc for loc in Location.objects.all() if OUTDOOR & set(loc.tags)]
    for location in outdoor:
        location.tags = [*location.tags, "outdoor"]
        location.save(update_fields=["tags"])
    on_outdoor = day_bookings.filter(location__in=outdoor)
    zone = Counter(on_outdoor.values_list("location__zone__code", flat=True)).most_common(1)[0][0]
    ops, _ = User.objects.get_or_create(username="bench-ops", defaults={"is_staff": True})
    ops.groups.add(Group.objects.get_or_create(name="ops")[0])
    client = APIClient()
    client.force_authenticate(ops)
    body = {
        "tag": "outdoor",
        "zone": zone,
        "start": opens.isoformat(),
        "end": closes.isoformat(),
        "reason": "暴雨 (bench)",
    }
    t = time.monotonic()
    response = client.post("/api/v1/disruptions/", body, format="json")
    posted = time.monotonic() - t
    data = response.json()
    repair = wait(data["plan_run"], published=True)
    total = time.monotonic() - t
    overlapping = sum(
        Booking.objects.filter(
            status__in=("planned", "confirmed"),
            location_id=c.location_id,
            starts_at__lt=c.ends_at,
            ends_at__gt=c.starts_at,
        ).count()
        for c in Closure.objects.all()
    )
    stats = repair.stats or {}
    print(
        f"M: rain over zone {zone} on {rain_day} {opens:%H:%M}-{closes:%H:%M}: "
        f"{len(data['locations'])} sets closed, "
        f"{len(data['bookings_hit'])} bookings hit; POST {posted:.2f} s; "
        f"closure -> published repair {total:.1f} s ({repair.status}, "
        f"{stats.get('publish')}); solver {stats.get('solve_seconds')} s; "
        f"neighbours freed {len(stats.get('repair', {}).get('neighbours', []))}; "
        f"unscheduled {len(repair.unscheduled)}; bookings in force on a closure after: "
        f"{overlapping}"
    )
    at = repair.created_at
    print(
        "phases after the POST's commit: sent {:.1f} s, started {:.1f} s, solved {:.1f} s "
        "(stages end {}), published {:.1f} s".format(
            (repair.dispatched_at - at).total_seconds(),
            (repair.started_at - at).total_seconds(),
            (repair.finished_at - at).total_seconds(),
            stats.get("repair_stage_seconds"),
            (repair.published_at - at).total_seconds() if repair.published_at else -1,
        )
    )


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 30,
        int(sys.argv[2]) if len(sys.argv) > 2 else None,
    )
