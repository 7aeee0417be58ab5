"""Publishing a run: its plan becomes the bookings in force, in one transaction, or nothing does.

Optimistic concurrency: the run stored the bookings it read and their revision (a fingerprint,
``scheduling.selectors.plan_runs``). At publish, the locations and crews of the horizon are
locked (in the booking service's order: locations by id, then crews, so the two never wait on
each other in a cycle), the bookings are read again, and every booking that changed since is
kept exactly as it now is. The plan with those bookings is checked against the database as it
now is; any hard rule it would break is a conflict (409) and nothing is written.

What a publish changes: planned bookings made by a plan are replaced by the new plan's (moved,
or cancelled when the plan leaves their scene out); new scenes are booked. Manual bookings and
confirmed bookings are never touched. Calls are written for the performers the plan assigns.
"""

from __future__ import annotations

from dataclasses import replace

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actors.models import Call, Performer
from actors.services.calls import calls_withdrawn_notify, outbox_wake
from actors.services.locks import performers_lock
from crews.models import Crew, ExtrasLine, Scene
from scheduling.models import Booking, Location, PlanRun
from scheduling.selectors.instances import horizon_moment, instance_export
from scheduling.selectors.invariants.timetable import performer_clashes
from scheduling.selectors.plan_runs import (
    booking_position,
    bookings_in_force,
    bookings_revision,
    bookings_snapshot,
    instance_with_calls_kept,
)
from scheduling.services.bookings import holds_expire
from scheduling.services.scene_requests import scene_requests_settle
from scheduling.solver.checker import check_plan
from scheduling.solver.instance import parse_instance
from scheduling.solver.model import Assignment, Instance, Plan, Unscheduled
from scheduling.solver.plan import parse_plan

MAX_CONFLICTS = 50


class PlanRunNotPublishable(Exception):
    """The run cannot be published in its state (not succeeded, or published already)."""


class PlanRunConflict(Exception):
    """Bookings or other inputs changed since the run read them, in a way the plan breaks."""

    def __init__(self, conflicts: list[dict], changed: list[str]):
        self.conflicts = conflicts
        self.changed = changed
        super().__init__("; ".join(c["message"] for c in conflicts[:5]))


def plan_run_publish(*, run_id: int, user: User | None = None) -> dict[str, int]:
    """Make a succeeded run's plan the bookings in force; counts of what changed.

    A disruption's repair run publishes only the scenes it was free to move
    (``repair_publish``)."""
    trigger = PlanRun.objects.filter(pk=run_id).values_list("trigger", flat=True).first()
    if trigger == PlanRun.Trigger.DISRUPTION:
        from scheduling.services.repair_publish import repair_publish  # it imports this module

        return repair_publish(run_id=run_id, user=user)
    with transaction.atomic():
        run = PlanRun.objects.select_for_update().get(pk=run_id)
        if run.payload_pruned_at is not None:
            raise PlanRunNotPublishable(
                _("Run {run}'s plan was pruned; it can no longer be published.").format(run=run.pk)
            )
        if run.status != PlanRun.Status.SUCCEEDED or run.published_at is not None:
            state = _("published already") if run.published_at else run.status
            raise PlanRunNotPublishable(
                _(
                    "Only a succeeded, unpublished run can be published; run {run} is {state}."
                ).format(run=run.pk, state=state)
            )
        instance = parse_instance(run.instance)
        plan = parse_plan(run.plan, instance)
        lock_horizon(instance)
        holds_expire()  # lapsed holds stop counting (migration 0006's triggers); live ones do
        bookings = bookings_in_force(start=run.start, days=run.days)
        performers = extras_lock(bookings, plan)
        snapshot = bookings_snapshot(bookings)
        changed: set[str] = set()
        if bookings_revision(snapshot) != run.bookings_revision:
            read = run.bookings_read
            changed = {s for s in set(snapshot) | set(read) if snapshot.get(s) != read.get(s)}
        conflicts = publish_conflicts(run=run, plan=plan, bookings=bookings, changed=changed)
        if conflicts:
            raise PlanRunConflict(conflicts, sorted(changed))
        newer_than = Call.objects.aggregate(top=Max("pk"))["top"] or 0
        try:
            with transaction.atomic():
                counts = _apply(run, plan, bookings, changed, user)
                _calls_check(performers, newer_than)
        except IntegrityError as exc:  # the database's own guards, behind the check above
            raise PlanRunConflict([{"rule": 0, "message": str(exc), "scenes": []}], []) from exc
        counts["kept_changed"] = len(changed)
        # The crews' requests this publication answers (issue 16): met, or unmet and why.
        reasons = {u.scene: u.detail or u.reason for u in plan.unscheduled}
        scene_requests_settle(run=run, unscheduled=reasons)
        run.published_at = timezone.now()
        run.published_by = user if user is not None and user.is_authenticated else None
        run._history_user = run.published_by  # the publisher, in a worker as in a request
        run.save(update_fields=["published_at", "published_by"])
        PlanRun.objects.filter(
            start=run.start, days=run.days, status=PlanRun.Status.SUCCEEDED, pk__lt=run.pk
        ).update(status=PlanRun.Status.SUPERSEDED)
        # The performers newly called hear of it now, not at the outbox's next sweep.
        transaction.on_commit(outbox_wake)
    return counts


def lock_horizon(instance: Instance) -> None:
    """Hold every location, then the horizon's crews, so no booking lands while we write."""
    list(Location.objects.select_for_update().order_by("pk").values_list("pk", flat=True))
    crews = [c.id for c in instance.crews]
    list(
        Crew.objects.select_for_update()
        .filter(code__in=crews)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def extras_lock(bookings: dict[str, dict], plan: Plan) -> list[int]:
    """Lock the bookings in force (by id), then every performer the plan calls (by id, the
    one order of ``performers_lock``), before the plan is checked and its calls written: a
    guild's assignment of one of them at the same moment waits, or is waited for and seen."""
    pks = sorted(b["pk"] for b in bookings.values())
    for i in range(0, len(pks), 900):
        rows = Booking.objects.select_for_update().filter(pk__in=pks[i : i + 900])
        list(rows.order_by("pk").values_list("pk", flat=True))
    codes = sorted({code for a in plan.assignments for line in a.performers for code in line})
    ids: list[int] = []
    for i in range(0, len(codes), 900):
        ids += Performer.objects.filter(code__in=codes[i : i + 900]).values_list("pk", flat=True)
    return performers_lock(ids)


def _calls_check(performer_ids: list[int], newer_than: int) -> None:
    """The calls just written against every other call of their performers: the run did not
    see calls the guild made since it read the base (a partly staffed booking is not locked
    with its calls), so a performer it calls may be busy elsewhere by now. Such a clash is a
    conflict and the publication is undone."""
    clashes = performer_clashes(performer_ids=performer_ids, newer_than=newer_than)
    if clashes:
        conflicts = [{"rule": 8, "message": str(v), "scenes": []} for v in clashes]
        raise PlanRunConflict(conflicts[:MAX_CONFLICTS], [])


def publish_conflicts(
    *, run: PlanRun, plan: Plan, bookings: dict[str, dict], changed: set[str]
) -> list[dict]:
    """Hard rules the plan would break with the database as it now is and every booking that
    changed since the run read them kept as it is; rules broken among changed bookings alone
    are not the plan's doing and are left out, nor are those among bookings it never writes."""
    # Read as the run read them: confirmed and hand-made bookings with their extras as called.
    now = instance_with_calls_kept(instance_export(start=run.start, days=run.days), bookings)
    scenes = now.scene_by_id
    conflicts, assignments = [], []
    for a in plan.assignments:
        if a.scene in changed:
            continue
        if a.scene not in scenes:
            message = f"scene {a.scene} is no longer to be planned in this horizon"
            conflicts.append({"rule": 1, "message": message, "scenes": [a.scene]})
            continue
        assignments.append(a)
    for scene in sorted(changed):
        booking = bookings.get(scene)
        if booking is not None and scene in scenes:
            day, begin, end = booking_position(start=run.start, booking=booking)
            assignments.append(Assignment(scene, booking["location"], day, begin, end, ()))
    placed = {a.scene for a in assignments}
    check = replace(
        now,
        scenes=tuple(replace(s, extras=()) if s.id in changed else s for s in now.scenes),
        locked=tuple(k for k in now.locked if k.scene not in changed),
    )
    unscheduled = tuple(Unscheduled(s.id, "not_worth") for s in now.scenes if s.id not in placed)
    # What the publish writes: neither a booking changed since the run read it nor one it
    # never touches (confirmed or by hand: a closure over one is its repair's business).
    kept = {scene for scene, booking in bookings.items() if not _replaceable(booking)}
    written = placed - changed - kept
    for v in check_plan(check, Plan(assignments=tuple(assignments), unscheduled=unscheduled)):
        if not written & set(v.objects):
            continue
        involved = sorted(set(v.objects) & (placed | changed))
        conflicts.append({"rule": v.rule, "message": v.message, "scenes": involved})
    for c in conflicts:
        c["changed_bookings"] = [s for s in c["scenes"] if s in changed]
    return conflicts[:MAX_CONFLICTS]


def _replaceable(booking: dict) -> bool:
    return booking["source"] == Booking.Source.PLAN and booking["status"] == Booking.Status.PLANNED


def _apply(run, plan: Plan, bookings: dict, changed: set[str], user) -> dict[str, int]:
    cancel, create, restaff = [], [], []
    counts = {"created": 0, "moved": 0, "dropped": 0, "kept": 0, "skipped": 0}
    for a in plan.assignments:
        booking = bookings.get(a.scene)
        if a.scene in changed or (booking is not None and not _replaceable(booking)):
            counts["kept"] += 1
        elif booking is None:
            create.append(a)
        elif (booking["location"], booking["starts_at"]) == (a.location, _at(run, a.day, a.start)):
            restaff.append((booking["pk"], a))
            counts["kept"] += 1
        else:
            cancel.append(booking["pk"])
            create.append(a)
            counts["moved"] += 1
    for u in plan.unscheduled:
        booking = bookings.get(u.scene)
        if u.scene not in changed and booking is not None and _replaceable(booking):
            cancel.append(booking["pk"])
            counts["dropped"] += 1
    create = _outside_horizon(create, bookings, cancel, counts)
    counts["created"] = len(create) - counts["moved"]
    calls_withdrawn_notify(Call.objects.filter(booking_id__in=cancel))
    Call.objects.filter(booking_id__in=cancel).delete()
    _cancel(cancel, user)
    made = _book(run, create, user)
    counts["calls"] = _call(made) + _restaff(restaff)
    return counts


def _outside_horizon(create: list, bookings: dict, cancel: list, counts: dict) -> list:
    """A scene to book may hold an active booking outside the horizon: a plan's planned one is
    replaced; a manual or confirmed one wins, and the plan's assignment is skipped."""
    inside = [b["pk"] for b in bookings.values()]
    rows = (
        Booking.objects.filter(scene__code__in=[a.scene for a in create])
        .exclude(status=Booking.Status.CANCELLED)
        .exclude(pk__in=inside)
        .values_list("pk", "scene__code", "source", "status")
    )
    skip = set()
    for pk, scene, source, status in rows:
        if _replaceable({"source": source, "status": status}):
            cancel.append(pk)
        else:
            skip.add(scene)
    counts["skipped"] = len(skip)
    return [a for a in create if a.scene not in skip]


def _at(run: PlanRun, day: int, minutes: int):
    return horizon_moment(start=run.start, day=day, minutes=minutes)


def _book(run: PlanRun, create: list[Assignment], user) -> list[tuple[int, Assignment]]:
    scenes = dict(
        Scene.objects.filter(code__in=[a.scene for a in create]).values_list("code", "pk")
    )
    locations = {
        code: (pk, capacity)
        for code, pk, capacity in Location.objects.values_list("code", "pk", "capacity")
    }
    author = user if user is not None and user.is_authenticated else None
    rows = [
        Booking(
            scene_id=scenes[a.scene],
            location_id=locations[a.location][0],
            starts_at=_at(run, a.day, a.start),
            ends_at=_at(run, a.day, a.end),
            status=Booking.Status.PLANNED,
            source=Booking.Source.PLAN,
            exclusive=locations[a.location][1] == 1,
            created_by=author,
        )
        for a in create
    ]
    # With history: the audit trail shows each booking a publication made, and by whom.
    made = bulk_create_with_history(rows, Booking, batch_size=500, default_user=author)
    return [(booking.pk, a) for booking, a in zip(made, create, strict=True)]


def _cancel(pks: list[int], user) -> None:
    """Cancel the bookings a publication replaces, each with its line in the audit trail."""
    cancelled = list(Booking.objects.filter(pk__in=pks))
    for booking in cancelled:
        booking.status = Booking.Status.CANCELLED
    author = user if user is not None and user.is_authenticated else None
    bulk_update_with_history(cancelled, Booking, ["status"], batch_size=500, default_user=author)


def _restaff(kept: list[tuple[int, Assignment]]) -> int:
    """Bring the calls of bookings that stay in place in line with the plan's performers.

    A call the plan keeps stays as it is (its state, check-in code and history); only places
    given to someone else are withdrawn and newly called. A booking the guild staffed by hand
    (pinned calls) was locked for the optimiser and keeps its calls untouched.
    """
    pinned = set(
        Call.objects.filter(booking_id__in=[pk for pk, _ in kept], pinned=True).values_list(
            "booking_id", flat=True
        )
    )
    kept = [(pk, a) for pk, a in kept if pk not in pinned]
    lines = _line_ids({a.scene for _, a in kept})
    wanted = {
        (pk, lines[a.scene][i], code)
        for pk, a in kept
        for i, line in enumerate(a.performers)
        for code in line
    }
    have = list(
        Call.objects.filter(booking_id__in=[pk for pk, _ in kept]).values_list(
            "pk", "booking_id", "extras_line_id", "performer__code"
        )
    )
    stale = [call for call, *key in have if tuple(key) not in wanted]
    present = {tuple(key) for _pk, *key in have}
    calls_withdrawn_notify(Call.objects.filter(pk__in=stale))
    Call.objects.filter(pk__in=stale).delete()
    missing = sorted(wanted - present)
    codes = {code for _, _, code in missing}
    performers = dict(Performer.objects.filter(code__in=codes).values_list("code", "pk"))
    bulk_create_with_history(
        [
            Call(booking_id=pk, extras_line_id=line, performer_id=performers[code])
            for pk, line, code in missing
        ],
        Call,
        batch_size=1000,
    )
    return len(wanted)


def _line_ids(scene_codes: set[str]) -> dict[str, list[int]]:
    """Each scene's extras line ids, in the order of its lines."""
    lines: dict[str, list[int]] = {}
    rows = ExtrasLine.objects.filter(scene__code__in=scene_codes).order_by("scene_id", "position")
    for code, pk in rows.values_list("scene__code", "pk"):
        lines.setdefault(code, []).append(pk)
    return lines


def _call(staffed: list[tuple[int, Assignment]]) -> int:
    """Calls for each booking's performers, one per place, lines in the scene's order."""
    staffed = [(pk, a) for pk, a in staffed if any(a.performers)]
    lines = _line_ids({a.scene for _, a in staffed})
    wanted = {p for _, a in staffed for line in a.performers for p in line}
    performers = dict(Performer.objects.filter(code__in=wanted).values_list("code", "pk"))
    calls = [
        Call(booking_id=pk, extras_line_id=lines[a.scene][i], performer_id=performers[code])
        for pk, a in staffed
        for i, line in enumerate(a.performers)
        for code in line
    ]
    bulk_create_with_history(calls, Call, batch_size=1000)
    return len(calls)
