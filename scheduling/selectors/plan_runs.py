"""Reads for planning runs: the runs themselves, the bookings in force over a horizon and their
revision, what a run reads as its instance, and how a run's plan differs from the bookings.

The bookings revision is a fingerprint (SHA-256) of every active booking starting inside the
horizon: any write to one of them (through a service, an import, the admin or plain SQL)
changes it, with no hook in the code that writes bookings and no trigger in the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import replace

from django.conf import settings
from django.db.models import Max, QuerySet

from crews.models import Scene
from scheduling.models import Booking, PlanRun
from scheduling.selectors.holds import instance_with_holds
from scheduling.selectors.instances import (
    horizon_bounds,
    horizon_moment,
    horizon_position,
    instance_export,
)
from scheduling.selectors.repair import scene_calls
from scheduling.selectors.scene_requests import instance_with_requests
from scheduling.solver import model as m
from scheduling.solver.fields import parse_hhmm

# The big JSON columns a list of runs never needs.
HEAVY_FIELDS = ("plan", "instance", "bookings_read", "unscheduled")


def plan_run_list() -> QuerySet[PlanRun]:
    """Every run, newest first, without the plan and instance documents."""
    return PlanRun.objects.defer(*HEAVY_FIELDS).select_related("created_by", "published_by")


def plan_run_get(*, run_id: int) -> PlanRun:
    return PlanRun.objects.select_related("created_by", "published_by").get(pk=run_id)


def bookings_in_force(*, start: dt.date, days: int) -> dict[str, dict]:
    """Active bookings starting inside the horizon, by scene code."""
    begin, end = horizon_bounds(start=start, days=days)
    rows = (
        Booking.objects.filter(starts_at__gte=begin, starts_at__lt=end)
        .exclude(status=Booking.Status.CANCELLED)
        .order_by("pk")
        .values_list(
            "pk",
            "scene__code",
            "scene__crew__code",
            "location__code",
            "starts_at",
            "ends_at",
            "status",
            "source",
        )
    )
    return {
        scene: {
            "pk": pk,
            "crew": crew,
            "location": location,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "status": status,
            "source": source,
        }
        for pk, scene, crew, location, starts_at, ends_at, status, source in rows
    }


def bookings_snapshot(bookings: dict[str, dict]) -> dict[str, list[str]]:
    """Bookings in force as JSON: scene -> [location, starts_at, ends_at, status, source]."""
    return {
        scene: [
            b["location"],
            b["starts_at"].isoformat(),
            b["ends_at"].isoformat(),
            b["status"],
            b["source"],
        ]
        for scene, b in sorted(bookings.items())
    }


def bookings_revision(snapshot: dict[str, list[str]]) -> str:
    """The fingerprint of a snapshot; equal snapshots, equal revisions."""
    text = json.dumps(snapshot, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def demand_high_water() -> int:
    """The highest scene id registered so far (scene ids only grow)."""
    return Scene.objects.aggregate(top=Max("pk"))["top"] or 0


def plan_run_input(*, start: dt.date, days: int, now: dt.datetime) -> tuple[m.Instance, dict]:
    """What a run plans from: the instance, with every booking in the freeze window locked,
    around the places crews hold (``instance_with_holds``), each requested scene inside the
    days its crew asked for (``instance_with_requests``).

    Confirmed bookings are locked already (``instance_export``); manual bookings (an operator
    placed them by hand: never overwritten) and bookings starting before ``now`` plus
    ``PLANNING_FREEZE_HOURS`` are locked too; the other plan bookings stay ``previous``."""
    instance = instance_export(start=start, days=days)
    bookings = bookings_in_force(start=start, days=days)
    frozen_until = now + dt.timedelta(hours=settings.PLANNING_FREEZE_HOURS)
    locked, previous = list(instance.locked), []
    for p in instance.previous:
        booking = bookings.get(p.scene)
        frozen = booking is not None and (
            booking["source"] == Booking.Source.MANUAL or booking["starts_at"] < frozen_until
        )
        if frozen:
            locked.append(m.Locked(p.scene, p.location, p.day, p.start))
        else:
            previous.append(p)
    instance = replace(instance, locked=tuple(locked), previous=tuple(previous))
    return instance_with_requests(instance_with_holds(instance, now=now)), bookings


def instance_with_calls_kept(instance: m.Instance, bookings: dict[str, dict]) -> m.Instance:
    """The bookings no publish touches (confirmed, or placed by hand) with their extras as
    called: each such scene is read with its lines that have calls, each counting its calls,
    and its booking locked with those performers.

    The guild fills these places over days, by hand; a publish never writes their calls. So the
    optimiser must not fill them, must know the performers called there are taken, and must not
    refuse the horizon because a place is still open (the contract wants a locked line either
    open or full: a confirmed booking with some places called, or a booking by hand that nobody
    in the guild can staff that day, failed every run of its horizon; found by the soak).
    A disruption's repair reads calls its own way (``selectors.repair``)."""
    kept = [s for s, b in bookings.items() if not _replaceable(b) and s in instance.scene_by_id]
    if not kept:
        return instance
    called = scene_calls(bookings, kept)
    scenes, performers = [], {}
    for scene in instance.scenes:
        if scene.id not in kept:
            scenes.append(scene)
            continue
        pairs = list(zip(scene.extras, called.get(scene.id, ()), strict=False))
        pairs = [(replace(line, count=len(codes)), codes) for line, codes in pairs if codes]
        scenes.append(replace(scene, extras=tuple(line for line, _ in pairs)))
        performers[scene.id] = tuple(codes for _, codes in pairs)
    locked = tuple(
        replace(k, performers=performers[k.scene]) if k.scene in performers else k
        for k in instance.locked
    )
    return replace(instance, scenes=tuple(scenes), locked=locked)


def plan_run_diff(*, run: PlanRun) -> dict:
    """The run's plan against the bookings in force now: new, moved and dropped scenes per crew.

    Manual and confirmed bookings are never changed by a publish, so they count as kept; a
    disruption's repair changes exactly the scenes it was free to move, whatever their booking."""
    bookings = bookings_in_force(start=run.start, days=run.days)
    replaceable = _replaceable
    if run.trigger == PlanRun.Trigger.DISRUPTION:
        repair = (run.stats or {}).get("repair", {})
        free = set(repair.get("hit", [])) | set(repair.get("neighbours", []))
        replaceable = lambda booking: booking["scene"] in free  # noqa: E731
        bookings = {scene: {**b, "scene": scene} for scene, b in bookings.items()}
    crew_of = {s["id"]: s["crew"] for s in (run.instance or {}).get("scenes", [])}
    crews: dict[str, dict] = defaultdict(lambda: {"new": [], "moved": [], "dropped": [], "kept": 0})
    for a in run.plan["assignments"]:
        booking = bookings.get(a["scene"])
        to = _place(run.start, a["location"], a["day"], a["start"], a["end"])
        crew = crews[crew_of.get(a["scene"], "")]
        if booking is None:
            crew["new"].append({"scene": a["scene"], "to": to})
        elif _same_place(booking, to) or not replaceable(booking):
            crew["kept"] += 1
        else:
            crew["moved"].append({"scene": a["scene"], "from": _booked(booking), "to": to})
    for u in run.plan["unscheduled"]:
        booking = bookings.get(u["scene"])
        if booking is None:
            continue
        crew = crews[crew_of.get(u["scene"], "")]
        if replaceable(booking):
            crew["dropped"].append({"scene": u["scene"], "from": _booked(booking), **_why(u)})
        else:
            crew["kept"] += 1
    per_crew = [{"crew": code, **crews[code]} for code in sorted(crews)]
    totals = {key: sum(len(c[key]) for c in per_crew) for key in ("new", "moved", "dropped")} | {
        "kept": sum(c["kept"] for c in per_crew)
    }
    return {"totals": totals, "crews": per_crew}


def instance_with_kept_over_closures(instance: m.Instance, bookings: dict[str, dict]) -> m.Instance:
    """The locations read open where a booking no publish touches stands inside a closure.

    A closure over a confirmed or hand-made booking queues a repair, which waits for operations
    when it moves a confirmed booking; until then the booking stands where it is. Another run
    of the horizon keeps it too (locked), so it reads the closed set open for that booking's
    time rather than refusing the horizon (rule 4 on a locked booking; found by the soak). A
    publish still checks every closure as it is (``plan_publish.publish_conflicts``)."""
    kept = {s for s, b in bookings.items() if not _replaceable(b)}
    standing: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
    for k in instance.locked:
        if k.scene in kept:
            end = k.start + instance.scene_by_id[k.scene].minutes
            standing[k.location].append((k.day, k.start, end))
    locations = []
    for location in instance.locations:
        cut = [
            piece
            for closure in location.closures
            for piece in _closure_less(closure, standing.get(location.id, []))
        ]
        locations.append(replace(location, closures=tuple(cut)))
    return replace(instance, locations=tuple(locations))


def _closure_less(closure: m.Closure, spans: list[tuple[int, int, int]]) -> list[m.Closure]:
    """What is left of ``closure`` outside the spans (day, start, end) on its day."""
    pieces = [(closure.start, closure.end)]
    for day, start, end in spans:
        if day != closure.day:
            continue
        pieces = [
            part
            for a, b in pieces
            for part in ((a, min(b, start)), (max(a, end), b))
            if part[0] < part[1]
        ]
    return [m.Closure(closure.day, a, b) for a, b in pieces]


def _replaceable(booking: dict) -> bool:
    """Only a planned booking made by a plan may be moved or dropped by the next plan."""
    return booking["source"] == Booking.Source.PLAN and booking["status"] == Booking.Status.PLANNED


def _place(start: dt.date, location: str, day: int, begin: str, end: str) -> dict:
    return {
        "location": location,
        "start": horizon_moment(start=start, day=day, minutes=parse_hhmm(begin)).isoformat(),
        "end": horizon_moment(start=start, day=day, minutes=parse_hhmm(end)).isoformat(),
    }


def _booked(booking: dict) -> dict:
    return {
        "location": booking["location"],
        "start": booking["starts_at"].isoformat(),
        "end": booking["ends_at"].isoformat(),
    }


def _same_place(booking: dict, to: dict) -> bool:
    starts_at = dt.datetime.fromisoformat(to["start"])
    return (booking["location"], booking["starts_at"]) == (to["location"], starts_at)


def _why(unscheduled: dict) -> dict:
    return {"reason": unscheduled["reason"], "detail": unscheduled.get("detail", "")}


def booking_position(*, start: dt.date, booking: dict) -> tuple[int, int, int]:
    """(day, start minute, end minute) of a booking in a horizon from ``start``."""
    day, begin = horizon_position(start=start, moment=booking["starts_at"])
    _, end = horizon_position(start=start, moment=booking["ends_at"], end=True)
    return day, begin, end
