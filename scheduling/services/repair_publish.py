"""Publishing a repair run: only the scenes it was free to move change; everything else stays.

A repair's plan holds every booked scene of its horizon, the locked ones where they are; a
publish touches only the scenes the run was free to move (on a closed place, or their crews'
other scenes that day), whatever their booking's source or status: a closure is a hard rule,
so a confirmed or manual booking on a closed set must move too. That is why a repair that moves
a confirmed booking waits for operations' approval (the ordinary publish endpoint), and one that
does not is published by the worker as soon as it is solved.

As for any run: the horizon is locked, the bookings are read again, a scene to move whose
booking changed since the run read it is a conflict, and the new places are checked against
the database as it now is (a closure reported meanwhile included). A moved booking is
cancelled and booked again at its new place with the same status and source; the calls of
performers the plan keeps follow it, the others are withdrawn. Crews and performers of every
moved or cancelled booking get one notice each (``repair_notices``).
"""

from __future__ import annotations

import logging
from dataclasses import replace

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actors.models import Call, Performer
from actors.services.calls import outbox_wake
from crews.models import ExtrasLine
from scheduling.models import Booking, Location, PlanRun
from scheduling.selectors.instances import horizon_moment, instance_export
from scheduling.selectors.plan_runs import (
    booking_position,
    bookings_in_force,
    bookings_snapshot,
)
from scheduling.services.repair_notices import Change, repair_notices_write
from scheduling.solver.checker import check_plan
from scheduling.solver.instance import parse_instance
from scheduling.solver.model import Assignment, Plan, Unscheduled
from scheduling.solver.plan import parse_plan

logger = logging.getLogger(__name__)
TOLD = (Call.State.CALLED, Call.State.CONFIRMED)


def repair_scope(run: PlanRun) -> tuple[set[str], set[str]]:
    """(scenes the run may move, scenes whose days are over) of a repair run."""
    repair = (run.stats or {}).get("repair", {})
    return set(repair.get("hit", [])) | set(repair.get("neighbours", [])), set(
        repair.get("out_of_time", [])
    )


def repair_moves(*, run: PlanRun, bookings: dict[str, dict]) -> dict[str, list[str]]:
    """The scenes a repair's plan moves and cancels, and the confirmed bookings among them."""
    free, over = repair_scope(run)
    placed = {a["scene"]: a for a in run.plan["assignments"]}
    moved, cancelled = [], sorted(s for s in over if s in bookings)
    for scene in sorted(free):
        booking = bookings.get(scene)
        if booking is None:
            continue
        a = placed.get(scene)
        if a is None:
            cancelled.append(scene)
        elif (booking["location"], booking["starts_at"]) != (
            a["location"],
            _at(run, a["day"], a["start"]),
        ):
            moved.append(scene)
    confirmed = [s for s in moved + cancelled if bookings[s]["status"] == Booking.Status.CONFIRMED]
    return {"moved": moved, "cancelled": sorted(cancelled), "confirmed": sorted(confirmed)}


def repair_run_finish(*, run_id: int) -> None:
    """After a repair run is solved: publish it unless it moves a confirmed booking."""
    run = PlanRun.objects.get(pk=run_id)
    if run.status != PlanRun.Status.SUCCEEDED or run.published_at is not None:
        return
    moves = repair_moves(run=run, bookings=bookings_in_force(start=run.start, days=run.days))
    if moves["confirmed"]:
        # Notes for the run's stats, in English like its ``error``.
        note = "waiting for approval: it moves or cancels confirmed bookings of " + ", ".join(
            moves["confirmed"]
        )
    else:
        # Late import: plan_publish hands disruption runs to this module.
        from scheduling.services.plan_publish import PlanRunConflict

        try:
            counts = repair_publish(run_id=run.pk)
        except PlanRunConflict as exc:
            note = f"not published: {exc}"
        else:
            note = _("published by itself: {moved} moved, {cancelled} cancelled").format(**counts)
    logger.info("repair run %s: %s", run.pk, note)
    stats = {**PlanRun.objects.get(pk=run.pk).stats, "publish": note}
    PlanRun.objects.filter(pk=run.pk).update(stats=stats)


def repair_publish(*, run_id: int, user: User | None = None) -> dict[str, int]:
    """Make a succeeded repair run's moves the bookings in force; counts of what changed."""
    from scheduling.services.plan_publish import (
        PlanRunConflict,
        PlanRunNotPublishable,
        extras_lock,
        lock_horizon,
    )

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
        bookings = bookings_in_force(start=run.start, days=run.days)
        extras_lock(bookings, plan)
        free, over = repair_scope(run)
        now, read = bookings_snapshot(bookings), run.bookings_read
        changed = sorted(s for s in free | over if now.get(s) != read.get(s))
        if changed:
            conflicts = [
                {
                    "rule": 0,
                    "message": f"the booking of {s} changed since the run read it",
                    "scenes": [s],
                }
                for s in changed
            ]
            raise PlanRunConflict(conflicts, changed)
        conflicts = _conflicts(run, plan, bookings, free)
        if conflicts:
            raise PlanRunConflict(conflicts, [])
        moves = repair_moves(run=run, bookings=bookings)
        try:
            with transaction.atomic():
                changes = _apply(run, plan, bookings, moves, user)
        except IntegrityError as exc:
            raise PlanRunConflict([{"rule": 0, "message": str(exc), "scenes": []}], []) from exc
        repair_notices_write(run=run, changes=changes)
        run.published_at = timezone.now()
        run.published_by = user if user is not None and user.is_authenticated else None
        run._history_user = run.published_by
        run.save(update_fields=["published_at", "published_by"])
        transaction.on_commit(outbox_wake)
    return {"moved": len(moves["moved"]), "cancelled": len(moves["cancelled"])}


def _conflicts(run: PlanRun, plan: Plan, bookings: dict[str, dict], free: set[str]) -> list[dict]:
    """Hard rules the moved scenes would break with the database as it now is."""
    now = instance_export(start=run.start, days=run.days)
    scenes = now.scene_by_id
    conflicts, assignments = [], []
    for a in plan.assignments:
        if a.scene not in free:
            continue
        if a.scene not in scenes:
            message = f"scene {a.scene} is no longer to be planned in this horizon"
            conflicts.append({"rule": 1, "message": message, "scenes": [a.scene]})
            continue
        assignments.append(a)
    moving = {a.scene for a in assignments}
    for scene, booking in bookings.items():
        if scene not in free and scene in scenes:
            day, begin, end = booking_position(start=run.start, booking=booking)
            assignments.append(Assignment(scene, booking["location"], day, begin, end, ()))
    placed = {a.scene for a in assignments}
    check = replace(
        now,
        scenes=tuple(s if s.id in moving else replace(s, extras=()) for s in now.scenes),
        locked=tuple(replace(k, performers=None) for k in now.locked if k.scene not in free),
    )
    unscheduled = tuple(Unscheduled(s.id, "not_worth") for s in now.scenes if s.id not in placed)
    for v in check_plan(check, Plan(assignments=tuple(assignments), unscheduled=unscheduled)):
        if moving & set(v.objects):
            scenes_involved = sorted(set(v.objects) & placed)
            conflicts.append({"rule": v.rule, "message": v.message, "scenes": scenes_involved})
    return conflicts[:50]


def _at(run: PlanRun, day: int, hhmm_or_minutes) -> object:
    from scheduling.solver.fields import parse_hhmm

    minutes = parse_hhmm(hhmm_or_minutes) if isinstance(hhmm_or_minutes, str) else hhmm_or_minutes
    return horizon_moment(start=run.start, day=day, minutes=minutes)


def _apply(run: PlanRun, plan: Plan, bookings: dict, moves: dict, user) -> list[Change]:
    placed = {a.scene: a for a in plan.assignments}
    why = {u.scene: (u.reason, u.detail) for u in plan.unscheduled}
    author = user if user is not None and user.is_authenticated else None
    old = {
        b.scene.code: b
        for b in Booking.objects.select_related("scene__crew", "location__zone").filter(
            pk__in=[bookings[s]["pk"] for s in moves["moved"] + moves["cancelled"]]
        )
    }
    for booking in old.values():
        booking.status_before = booking.status
        booking.status = Booking.Status.CANCELLED
    bulk_update_with_history(
        list(old.values()), Booking, ["status"], batch_size=500, default_user=author
    )
    new = _book(run, [placed[s] for s in moves["moved"]], old, author)
    changes = []
    for scene in moves["moved"]:
        told = _follow_calls(old[scene], new[scene], placed[scene])
        changes.append(Change(scene=scene, before=old[scene], after=new[scene], told=told))
    for scene in moves["cancelled"]:
        reason, detail = why.get(scene, ("no_time", _("its days in this horizon are over")))
        told = _withdraw_calls(old[scene])
        changes.append(
            Change(scene=scene, before=old[scene], after=None, told=told, why=detail or reason)
        )
    return changes


def _book(run: PlanRun, moved: list[Assignment], old: dict, author) -> dict[str, Booking]:
    locations = {loc.code: loc for loc in Location.objects.select_related("zone")}
    rows = [
        Booking(
            scene=old[a.scene].scene,
            location=locations[a.location],
            starts_at=_at(run, a.day, a.start),
            ends_at=_at(run, a.day, a.end),
            status=old[a.scene].status_before,
            source=old[a.scene].source,
            exclusive=locations[a.location].capacity == 1,
            created_by=author,
        )
        for a in moved
    ]
    made = bulk_create_with_history(rows, Booking, batch_size=500, default_user=author)
    return {a.scene: booking for a, booking in zip(moved, made, strict=True)}


def _follow_calls(before: Booking, after: Booking, a: Assignment) -> dict[int, bool]:
    """Calls of performers the plan keeps move to the new booking; the others are withdrawn,
    and the plan's new performers are called. Returns performer id -> kept, for those told."""
    lines = list(
        ExtrasLine.objects.filter(scene_id=before.scene_id)
        .order_by("position")
        .values_list("pk", flat=True)
    )
    wanted = {
        (lines[i], code) for i, names in enumerate(a.performers) if i < len(lines) for code in names
    }
    calls = list(Call.objects.filter(booking=before).select_related("performer"))
    keep = [c for c in calls if (c.extras_line_id, c.performer.code) in wanted]
    drop = [c for c in calls if c not in keep]
    told = {c.performer_id: False for c in drop if c.state in TOLD}
    told.update({c.performer_id: True for c in keep if c.state in TOLD})
    for call in keep:
        call.booking = after
    bulk_update_with_history(keep, Call, ["booking"], batch_size=500)
    Call.objects.filter(pk__in=[c.pk for c in drop]).delete()
    have = {(c.extras_line_id, c.performer.code) for c in keep}
    missing = sorted(wanted - have)
    performers = dict(
        Performer.objects.filter(code__in={code for _, code in missing}).values_list("code", "pk")
    )
    bulk_create_with_history(
        [
            Call(booking=after, extras_line_id=line, performer_id=performers[code])
            for line, code in missing
        ],
        Call,
        batch_size=1000,
    )
    return told


def _withdraw_calls(before: Booking) -> dict[int, bool]:
    calls = Call.objects.filter(booking=before)
    told = dict.fromkeys(calls.filter(state__in=TOLD).values_list("performer_id", flat=True), False)
    calls.delete()
    return told
