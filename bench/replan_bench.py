"""End-to-end re-plan latency at size M with a real worker: request -> succeeded -> published.

Run by ``make bench-replan`` (bench/replan.sh), which makes an empty, migrated PostgreSQL
database and starts a worker against it and Redis. Prints the manual run's latency, then a demand
spike's (30% more crews imported, a fifth of the bookings confirmed first).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from dataclasses import replace
from pathlib import Path


def main(seconds: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hengdian.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import django

    django.setup()
    from django.conf import settings
    from django.utils import timezone

    from scheduling.models import Booking, PlanRun
    from scheduling.selectors.instances import instance_export
    from scheduling.services.instances import instance_import
    from scheduling.services.plan_publish import plan_run_publish
    from scheduling.services.plan_runs import plan_run_request
    from scheduling.solver.generate import generate_instance, grow
    from scheduling.solver.instance import instance_to_json

    def wait(run_id: int) -> PlanRun:
        while True:
            run = PlanRun.objects.get(pk=run_id)
            if run.status in ("succeeded", "failed"):
                return run
            time.sleep(0.2)

    settings.PLANNING_SPIKE_SECONDS = seconds
    start = timezone.localdate() + dt.timedelta(days=10)
    base = generate_instance("M", 1)
    base = replace(base, horizon=replace(base.horizon, start=start))
    days = base.horizon.days

    t = time.monotonic()
    instance_import(data=instance_to_json(base))
    print(f"import M: {time.monotonic() - t:.1f} s")
    t = time.monotonic()
    run, _ = plan_run_request(start=start, days=days, time_limit_seconds=seconds)
    run = wait(run.pk)
    solved = time.monotonic() - t
    counts = plan_run_publish(run_id=run.pk)
    print(
        f"manual run: {run.status} value={run.value} bound={run.bound} "
        f"request->succeeded {solved:.1f} s, ->published {time.monotonic() - t:.1f} s, {counts}"
    )

    every_fifth = list(Booking.objects.values_list("pk", flat=True)[::5])
    Booking.objects.filter(pk__in=every_fifth).update(status="confirmed")
    grown = grow(instance_export(start=start, days=days), 0.3, seed=7)
    t = time.monotonic()
    instance_import(data=instance_to_json(grown))
    imported = time.monotonic() - t
    spike = wait(PlanRun.objects.get(trigger="demand_spike").pk)
    solved = time.monotonic() - t
    counts = plan_run_publish(run_id=spike.pk)
    total = time.monotonic() - t
    keys = ("locked", "previous", "previous_moved", "previous_dropped", "scheduled", "unscheduled")
    print(f"spike: import {imported:.1f} s; {spike.status} {spike.error} value={spike.value}")
    print(f"spike stats: { {k: spike.stats.get(k) for k in keys} }")
    print(f"spike: import start->succeeded {solved:.1f} s, ->published {total:.1f} s, {counts}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 60)
