"""Each scene's booking against the last published plan that named it and the changes since.

What is checked, for each scene named (assigned or left out) by a published run's plan, the
run being the latest such publication (a disruption's repair is not one: it moves only what it
may, and its moves are later changes like any other):

1. At the instant of publication, the scene's booking in force (rebuilt from the audit trail)
   is the plan's assignment (location, start, end), or no booking when the plan leaves the
   scene out, unless publishing keeps it by rule: a manual or confirmed booking, a scene
   whose bookings changed between the run's start (when it read them) and its publication
   (any record in the trail then but the creation of the booking found in force, which may
   be the publication's own), or, for a scene left out, a booking outside the run's horizon.
   The publication's own writes cannot be told from hand changes made in that window, so a
   scene the plan moved whose new booking is missing while the old one was cancelled is not
   caught; one whose booking stands elsewhere than the plan says is.
2. Now, the scene's booking in force is what the trail's last records say: the publication's
   outcome with every later change on record applied (a write that bypassed the trail shows
   here as well as in ``audit_stale``).

A run whose plan was pruned (``prune_plan_runs``) can no longer be read: scenes of the
horizons such a run published later than the run that named them are not checked.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from crews.models import Scene
from scheduling.models import Booking, Location, PlanRun
from scheduling.selectors.instances import horizon_bounds, horizon_moment
from scheduling.selectors.invariants.violation import Violation, instant
from scheduling.solver.fields import parse_hhmm

_State = tuple[str, dt.datetime, dt.datetime] | None  # (location code, start, end) or none


def plan_violations() -> list[Violation]:
    """Scenes whose booking is not what their last publication and later changes say."""
    runs = list(
        PlanRun.objects.filter(published_at__isnull=False)
        .exclude(trigger=PlanRun.Trigger.DISRUPTION)
        .order_by("-published_at", "-pk")
        .only("pk", "start", "days", "plan", "created_at", "started_at", "published_at")
    )
    if not runs:
        return []
    trail = _Trail()
    governed: set[str] = set()
    pruned: list[PlanRun] = []
    out = []
    for run in runs:
        if run.plan is None:
            pruned.append(run)
            continue
        hidden = any(_overlap(run, later) for later in pruned)
        named = [(a["scene"], a) for a in run.plan.get("assignments", [])]
        named += [(u["scene"], None) for u in run.plan.get("unscheduled", [])]
        for scene, assignment in named:
            if scene in governed:
                continue
            governed.add(scene)
            if not hidden and scene in trail.scene_pk:
                out += _scene_check(run, scene, assignment, trail)
    return sorted(out, key=lambda v: (v.objects, v.at))


def _overlap(run: PlanRun, other: PlanRun) -> bool:
    return run.start < other.start + dt.timedelta(days=other.days) and other.start < (
        run.start + dt.timedelta(days=run.days)
    )


class _Trail:
    """Every booking's audit records, by scene, with the codes to compare them by."""

    def __init__(self) -> None:
        self.scene_pk = dict(Scene.objects.values_list("code", "pk"))
        self.crew_of = dict(Scene.objects.values_list("pk", "crew__code"))
        self.location_code = dict(Location.objects.values_list("pk", "code"))
        self.records: dict[int, list[tuple]] = defaultdict(list)
        rows = Booking.history.order_by("history_date", "history_id").values_list(
            "scene_id",
            "id",
            "history_type",
            "history_date",
            "location_id",
            "starts_at",
            "ends_at",
            "status",
            "source",
        )
        for scene_id, *record in rows.iterator(chunk_size=5000):
            self.records[scene_id].append(tuple(record))

    def booking_at(self, scene_pk: int, moment: dt.datetime | None) -> tuple | None:
        """The scene's booking in force at ``moment`` (now: None) as the trail has it:
        (id, location code, start, end, status, source), or None."""
        last: dict[int, tuple] = {}
        for pk, kind, at, *values in self.records[scene_pk]:
            if moment is not None and at > moment:
                break
            last[pk] = (kind, *values)
        for pk, (kind, location, start, end, status, source) in sorted(last.items()):
            if kind != "-" and status != Booking.Status.CANCELLED:
                return (pk, self.location_code.get(location), start, end, status, source)
        return None

    def changed(self, scene_pk: int, run: PlanRun, published: tuple | None) -> bool:
        """Whether the scene's bookings changed between the run's read and its publication
        (publishing keeps such a scene as it is), the creation of the booking in force at
        publication left out: that may be the publication's own."""
        read = run.started_at or run.created_at
        own = None if published is None else published[0]
        return any(
            read < at <= run.published_at and not (pk == own and kind == "+")
            for pk, kind, at, *_values in self.records[scene_pk]
        )


def _place(booking: tuple | None) -> _State:
    return None if booking is None else (booking[1], booking[2], booking[3])


def _words(state: _State) -> str:
    if state is None:
        return "no booking"
    return f"{state[0]} {instant(state[1])}-{instant(state[2])}"


def _scene_check(run: PlanRun, scene: str, assignment: dict | None, trail: _Trail) -> list:
    scene_pk = trail.scene_pk[scene]
    wanted: _State = None
    if assignment is not None:
        day, start, end = assignment["day"], assignment["start"], assignment["end"]
        wanted = (
            assignment["location"],
            horizon_moment(start=run.start, day=day, minutes=parse_hhmm(start)),
            horizon_moment(start=run.start, day=day, minutes=parse_hhmm(end)),
        )
    objects = f"crew={trail.crew_of[scene_pk]} scene={scene} plan_run={run.pk}"
    at = instant(wanted[1] if wanted else run.published_at)
    out = []
    published = trail.booking_at(scene_pk, run.published_at)
    changed = trail.changed(scene_pk, run, published)
    kept = _kept(run, published, changed, planned=wanted is not None)
    if _place(published) != wanted and not kept:
        out.append(
            Violation(
                "plan_drift",
                objects,
                at,
                f"published as {_words(_place(published))}, the plan says {_words(wanted)}",
            )
        )
    recorded = _place(trail.booking_at(scene_pk, None))
    row = (
        Booking.objects.filter(scene_id=scene_pk)
        .exclude(status=Booking.Status.CANCELLED)
        .values_list("location__code", "starts_at", "ends_at")
        .first()
    )
    if recorded != row:
        out.append(
            Violation(
                "plan_drift",
                objects,
                at,
                f"booked {_words(row)}, the publication and the changes on record since say "
                f"{_words(recorded)}",
            )
        )
    return out


def _kept(run: PlanRun, booking: tuple | None, changed: bool, *, planned: bool) -> bool:
    """Whether publishing keeps the scene's booking as it was rather than the plan's place."""
    if changed:
        return True
    if booking is None:
        return False
    _pk, _location, start, _end, status, source = booking
    if source != Booking.Source.PLAN or status != Booking.Status.PLANNED:
        return True
    begin, close = horizon_bounds(start=run.start, days=run.days)
    # A plan's booking outside the horizon is replaced only when the plan books the scene.
    return not planned and not begin <= start < close
