"""Writing the demand side of an instance: scenes with their needs, performers, bookings.

Part of ``instances.instance_import``; runs inside its transaction, after the checks.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.contrib.auth.models import User
from django.db.models import Q
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from actors.models import Availability, Call, Performer
from crews.models import CastMember, ExtrasLine, Scene
from scheduling.models import Booking
from scheduling.selectors.instances import horizon_moment
from scheduling.solver.model import Instance

from .instance_rows import by_code, chunks, load_children, replace_children, stay_dates, upsert

_LINE_FIELDS = ("position", "count", "gender", "min_age", "max_age", "tags", "skills")


def scenes_write(
    instance: Instance, *, crews: dict, locations: dict, counts: dict[str, Counter]
) -> dict[str, Scene]:
    """Cast members, scenes, and each scene's extras lines, cast and "only at" locations."""
    h = instance.horizon
    cast_crew = {code: s.crew for s in instance.scenes for code in s.cast}
    cast = upsert(
        CastMember,
        {code: {"crew_id": crews[crew].pk} for code, crew in cast_crew.items()},
        by_code(CastMember, cast_crew),
        counts["cast_members"],
    )
    existing = by_code(Scene, (s.id for s in instance.scenes))
    rows = {}
    for s in instance.scenes:
        first, last = stay_dates(h.start, h.days, s.first_day, s.last_day, existing.get(s.id))
        rows[s.id] = {
            "crew_id": crews[s.crew].pk,
            "minutes": s.minutes,
            "location_tags": list(s.location_tags),
            "time_of_day": s.time_of_day,
            "first_date": first,
            "last_date": last,
            "priority": s.priority,
        }
    scenes = upsert(Scene, rows, existing, counts["scenes"])
    pks = {s.id: scenes[s.id].pk for s in instance.scenes}
    _lines_write(instance, pks, counts["extras_lines"])
    _links(
        Scene.cast.through,
        "castmember_id",
        {pks[s.id]: [(cast[code].pk,) for code in s.cast] for s in instance.scenes},
    )
    _links(
        Scene.locations.through,
        "location_id",
        {pks[s.id]: [(locations[code].pk,) for code in s.locations or ()] for s in instance.scenes},
    )
    return scenes


def _lines_write(instance: Instance, pks: dict[str, int], counts: Counter) -> None:
    """Each scene's extras lines, numbered from 1 in the file's order."""
    lines = {
        pks[s.id]: [
            (n, e.count, e.gender, e.min_age, e.max_age, list(e.tags), list(e.skills))
            for n, e in enumerate(s.extras, start=1)
        ]
        for s in instance.scenes
    }
    replace_children(
        ExtrasLine,
        "scene_id",
        lines,
        load_children(ExtrasLine, "scene_id", lines, _LINE_FIELDS, order=("position",)),
        lambda pk, row: ExtrasLine(scene_id=pk, **dict(zip(_LINE_FIELDS, row, strict=True))),
        counts,
    )


def _links(through, target: str, desired: dict[int, list[tuple]]) -> None:
    """A scene many-to-many set to exactly ``desired``, links made in the file's order."""
    replace_children(
        through,
        "scene_id",
        desired,
        load_children(through, "scene_id", desired, (target,)),
        lambda pk, row: through(scene_id=pk, **{target: row[0]}),
        Counter(),
    )


def performers_write(instance: Instance, *, counts: dict[str, Counter]) -> dict[str, Performer]:
    """Performers, and their availability inside the horizon (outside it is kept)."""
    h = instance.horizon
    rows = {
        p.id: {
            "gender": p.gender,
            "age": p.age,
            "tags": list(p.tags),
            "skills": list(p.skills),
            "max_minutes_per_day": p.max_minutes_per_day,
            "min_rest_minutes": p.min_rest_minutes,
            "reliability": p.reliability,
        }
        for p in instance.performers
    }
    existing = by_code(Performer, rows)
    performers = upsert(Performer, rows, existing, counts["performers"])
    last = h.start + dt.timedelta(days=h.days - 1)
    desired = {
        performers[p.id].pk: [(h.start + dt.timedelta(days=d),) for d in sorted(p.available_days)]
        for p in instance.performers
    }
    inside = Q(date__range=(h.start, last))
    replace_children(
        Availability,
        "performer_id",
        desired,
        load_children(
            Availability, "performer_id", desired, ("date",), where=inside, order=("date",)
        ),
        lambda pk, row: Availability(performer_id=pk, date=row[0]),
        counts["availability"],
        where=inside,
    )
    return performers


def bookings_write(
    instance: Instance,
    *,
    scenes: dict,
    locations: dict,
    performers: dict,
    author: User | None,
    counts: dict[str, Counter],
) -> None:
    """Each scene of the instance gets exactly the booking the instance states, or none:
    ``locked`` ones confirmed (by hand), ``previous`` ones planned (by a plan). An active
    booking that already matches is kept with its calls; one that differs is cancelled."""
    wanted, calls = _wanted(instance, scenes, locations, author)
    current: dict[int, Booking] = {}
    for chunk in chunks(scenes[s.id].pk for s in instance.scenes):
        rows = Booking.objects.filter(scene_id__in=chunk).exclude(status=Booking.Status.CANCELLED)
        current.update({b.scene_id: b for b in rows})
    kept, stale, new = [], [], []
    unbooked = [scenes[s.id].pk for s in instance.scenes if scenes[s.id].pk not in wanted]
    for scene_pk in [*wanted, *unbooked]:
        booking, want = current.get(scene_pk), wanted.get(scene_pk)
        if booking is not None and want is not None and _same(booking, want):
            kept.append(booking)
            continue
        if booking is not None:
            stale.append(booking.pk)
        if want is not None:
            new.append(want)
    # Cancel first: the one-active-booking-per-scene and overlap constraints are immediate.
    # Both with their lines in the audit trail: every booking change is on record (issue 22).
    for chunk in chunks(stale):
        cancelled = list(Booking.objects.filter(pk__in=chunk))
        for booking in cancelled:
            booking.status = Booking.Status.CANCELLED
        bulk_update_with_history(
            cancelled, Booking, ["status"], batch_size=500, default_user=author
        )
    bulk_create_with_history(new, Booking, batch_size=500, default_user=author)
    counts["bookings"].update(created=len(new), cancelled=len(stale), unchanged=len(kept))
    _calls_write(kept + new, calls, performers, counts["calls"])


def _wanted(instance: Instance, scenes: dict, locations: dict, author: User | None):
    """The booking each booked scene should have (unsaved), and locked ones' calls as
    (line position, performer code), by scene pk."""
    h = instance.horizon
    wanted: dict[int, Booking] = {}
    calls: dict[int, list[tuple[int, str]]] = {}
    # Locked first, then previous, each in file order: bookings are made in that order, and the
    # export lists them by creation, so a file exports in its own order. Locked wins a tie.
    for kind, status, source in (
        ("locked", Booking.Status.CONFIRMED, Booking.Source.MANUAL),
        ("previous", Booking.Status.PLANNED, Booking.Source.PLAN),
    ):
        for b in getattr(instance, kind):
            scene, location = scenes[b.scene], locations[b.location]
            if scene.pk in wanted:
                continue
            starts_at = horizon_moment(start=h.start, day=b.day, minutes=b.start)
            wanted[scene.pk] = Booking(
                scene_id=scene.pk,
                location_id=location.pk,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(minutes=scene.minutes),
                status=status,
                source=source,
                exclusive=location.capacity == 1,
                created_by=author,
            )
            if kind == "locked":
                calls[scene.pk] = [
                    (n, code) for n, line in enumerate(b.performers or (), start=1) for code in line
                ]
    return wanted, calls


def _same(booking: Booking, want: Booking) -> bool:
    fields = ("location_id", "starts_at", "ends_at", "status")
    return all(getattr(booking, f) == getattr(want, f) for f in fields)


def _calls_write(bookings: list[Booking], calls: dict, performers: dict, counts: Counter) -> None:
    """Locked bookings' calls are exactly the instance's (none when it names no performers)."""
    locked = {b.pk: b.scene_id for b in bookings if b.scene_id in calls}
    line_pk = {}
    for chunk in chunks(set(locked.values())):
        rows = ExtrasLine.objects.filter(scene_id__in=chunk)
        line_pk.update({(s, n): pk for pk, s, n in rows.values_list("pk", "scene_id", "position")})
    desired = {
        pk: [(line_pk[(scene_pk, n)], performers[code].pk) for n, code in calls[scene_pk]]
        for pk, scene_pk in locked.items()
    }
    replace_children(
        Call,
        "booking_id",
        desired,
        load_children(Call, "booking_id", desired, ("extras_line_id", "performer_id")),
        lambda pk, row: Call(booking_id=pk, extras_line_id=row[0], performer_id=row[1]),
        counts,
    )
