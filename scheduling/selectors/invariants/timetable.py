"""The bookings in force and the calls holding performers, swept for clashes.

The database's bookings become the plan checker's assignments (one per booking, keyed by the
booking's id, days counted from the first shooting day any of them lies in, minutes in each
shooting day's frame), so the sweeps that check every plan the optimiser makes
(``capacity_clashes``, ``sequence_clashes``, ``day_boundary_clashes``) check the base as it is.
A clash is named by bookings and calls, not by the checker's words.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import QuerySet

from actors.models import Call
from actors.selectors import active_calls
from core.shooting_day import booking_date
from scheduling.models import Booking, Closure, Location, TravelTime, Zone
from scheduling.selectors.bookings import ACTIVE
from scheduling.selectors.instances import base_horizon, horizon_moment, horizon_position
from scheduling.selectors.invariants.violation import Violation, ids, instant
from scheduling.solver import model as m
from scheduling.solver.checker import (
    capacity_clashes,
    day_boundary_clashes,
    sequence_clashes,
)


def timetable_violations() -> list[Violation]:
    """Capacity, closures, crews' and performers' clashes, and performers' daily limits."""
    bookings = {
        b.pk: b
        for b in Booking.objects.filter(ACTIVE)
        .select_related("scene__crew", "location")
        .order_by("pk")
    }
    if not bookings:
        return []
    sheet = _Sheet(bookings)
    return [
        *sheet.capacity(),
        *_closures(bookings),
        *sheet.crews(),
        *sheet.performers(),
    ]


class _Sheet:
    """The bookings as the checker's assignments over a horizon that holds them all."""

    def __init__(self, bookings: dict[int, Booking]) -> None:
        self.bookings = bookings
        days = [booking_date(b.starts_at) for b in bookings.values()]
        self.origin = min(days)
        horizon = base_horizon(start=self.origin, days=(max(days) - self.origin).days + 1)
        self.instance = m.Instance(
            horizon=horizon,
            zones=tuple(m.Zone(code, code) for code in Zone.objects.values_list("code", flat=True)),
            travel_minutes=tuple(
                m.TravelTime(a, b, minutes)
                for a, b, minutes in TravelTime.objects.values_list(
                    "from_zone__code", "to_zone__code", "minutes"
                )
            ),
            locations=tuple(
                m.Location(id=code, name=code, zone=zone, capacity=capacity)
                for code, zone, capacity in Location.objects.values_list(
                    "code", "zone__code", "capacity"
                )
            ),
        )
        self.placed = {pk: self._assignment(b) for pk, b in bookings.items()}

    def _assignment(self, booking: Booking) -> m.Assignment:
        day, start = horizon_position(start=self.origin, moment=booking.starts_at)
        minutes = int((booking.ends_at - booking.starts_at).total_seconds() // 60)
        return m.Assignment(str(booking.pk), booking.location.code, day, start, start + minutes)

    def booking(self, key: str) -> Booking:
        return self.bookings[int(key)]

    def capacity(self) -> list[Violation]:
        out = []
        for code, day, start, active in capacity_clashes(self.instance, list(self.placed.values())):
            capacity = self.instance.location_by_id[code].capacity
            out.append(
                Violation(
                    "capacity",
                    f"location={code} bookings={ids(int(a.scene) for a in active)}",
                    instant(horizon_moment(start=self.origin, day=day, minutes=start)),
                    f"{len(active)} bookings at once, capacity {capacity}",
                )
            )
        return out

    def crews(self) -> list[Violation]:
        by_key: dict[tuple[str, int], list[m.Assignment]] = defaultdict(list)
        for pk, a in self.placed.items():
            by_key[(self.bookings[pk].scene.crew.code, a.day)].append(a)
        return self._clashes("crew", by_key, lambda crew, pair: f"crew={crew} bookings={pair}")

    def performers(self, calls: QuerySet[Call] | None = None) -> list[Violation]:
        """Clashes and daily limits of the performers of ``calls`` (every call holding a
        performer's time by default)."""
        by_key: dict[tuple[str, int], list[m.Assignment]] = defaultdict(list)
        call_of: dict[tuple[str, int], int] = {}
        limits: dict[str, int] = {}
        rows = (active_calls() if calls is None else calls).values_list(
            "pk", "booking_id", "performer__code", "performer__max_minutes_per_day"
        )
        for call, booking, code, limit in rows.order_by("pk"):
            a = self.placed.get(booking)
            if a is None:  # its booking is cancelled: the call holds no one
                continue
            by_key[(code, a.day)].append(a)
            call_of[(code, booking)] = call
            limits[code] = limit

        def named(code: str, pair: str) -> str:
            calls = ids(call_of[(code, int(key))] for key in pair.split(","))
            return f"performer={code} calls={calls} bookings={pair}"

        out = self._clashes("performer", by_key, named)
        for (code, day), items in sorted(by_key.items()):
            worked = sum(a.end - a.start for a in items)
            if worked > limits[code]:
                date = self.origin + dt.timedelta(days=day)
                calls = ids(call_of[(code, int(a.scene))] for a in items)
                out.append(
                    Violation(
                        "performer_daily_limit",
                        f"performer={code} calls={calls}",
                        instant(date),
                        f"{worked} min on shooting day {date}, limit {limits[code]}",
                    )
                )
        return out

    def _clashes(self, who: str, by_key: dict, named) -> list[Violation]:
        """Overlaps and short moves within each shooting day, then across consecutive ones
        (the rest between days is not an invariant here: a rest of 0 leaves the moves)."""
        pairs = []
        for (person, _day), items in sorted(by_key.items()):
            pairs += [(person, a, b) for a, b, _what in sequence_clashes(self.instance, items)]
        pairs += [
            (person, a, b)
            for person, a, b, _what in day_boundary_clashes(
                self.instance, by_key, lambda _person: 0, who
            )
        ]
        out = []
        for person, first, second in pairs:
            a, b = sorted((self.booking(first), self.booking(second)), key=_by_start)
            pair = ids((a.pk, b.pk))
            if a.ends_at > b.starts_at:
                kind, detail = "overlap", f"{a.scene.code} and {b.scene.code} overlap"
            else:
                gap = int((b.starts_at - a.ends_at).total_seconds() // 60)
                move = self.instance.move_minutes(a.location.code, b.location.code)
                kind = "move"
                detail = (
                    f"{gap} min from {a.location.code} ({a.scene.code}) to {b.location.code} "
                    f"({b.scene.code}), the move takes {move}"
                )
            at = instant(b.starts_at)
            out.append(Violation(f"{who}_{kind}", named(person, pair), at, detail))
        return out


def performer_clashes(*, performer_ids: Iterable[int], newer_than: int = 0) -> list[Violation]:
    """The performer invariants (overlap, move time, daily limit) of these performers alone,
    those that involve a call with an id above ``newer_than``: a publication checks the calls
    it has just written against every other call of their performers, with the same sweeps."""
    calls = active_calls().filter(performer_id__in=sorted(set(performer_ids)))
    bookings = {
        b.pk: b
        for b in Booking.objects.filter(ACTIVE, pk__in=calls.values("booking_id"))
        .select_related("scene__crew", "location")
        .order_by("pk")
    }
    if not bookings:
        return []
    found = _Sheet(bookings).performers(calls)
    return [v for v in found if max(_call_ids(v), default=0) > newer_than]


def _call_ids(violation: Violation) -> list[int]:
    match = re.search(r"\bcalls=([\d,]+)", violation.objects)
    return [int(pk) for pk in match.group(1).split(",")] if match else []


def _by_start(booking: Booking) -> tuple:
    return (booking.starts_at, booking.ends_at, booking.pk)


def _closures(bookings: dict[int, Booking]) -> list[Violation]:
    """Bookings in force overlapping a closure of their location."""
    by_location: dict[int, list[Booking]] = defaultdict(list)
    for b in bookings.values():
        by_location[b.location_id].append(b)
    out = []
    closures = Closure.objects.filter(location_id__in=list(by_location)).order_by("pk")
    for closure in closures:
        for b in by_location[closure.location_id]:
            if b.starts_at < closure.ends_at and closure.starts_at < b.ends_at:
                out.append(
                    Violation(
                        "closure",
                        f"booking={b.pk} location={b.location.code} closure={closure.pk}",
                        instant(max(b.starts_at, closure.starts_at)),
                        f"{b.scene.code} is booked {instant(b.starts_at)} to "
                        f"{instant(b.ends_at)}, the location is closed {instant(closure.starts_at)}"
                        f" to {instant(closure.ends_at)}",
                    )
                )
    return out
