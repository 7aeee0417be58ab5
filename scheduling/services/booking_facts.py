"""What the booking rules read about the base: by a query per question, or from rows read once.

``booking_rules`` asks its questions (is the scene booked? what overlaps at this location, or
for this crew? which closures? how long is a move?) through a ``RuleFacts``. ``QueryFacts``
answers from the database, as a single booking needs; ``PreloadedFacts`` from rows a caller
read once, so reception can check many candidate times of one scene by the very same rules
without a query per candidate.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.shooting_day import booking_date, shooting_days_bounds
from crews.models import Crew, Scene
from scheduling.models import Booking, Closure, Hold, HotSet, Location
from scheduling.selectors.bookings import ACTIVE, move_minutes


class RuleFacts:
    """What the hard rules read about the base: answered by queries or from rows read once."""

    def scene_booking(self, scene: Scene) -> Booking | None:
        raise NotImplementedError

    def allowed_codes(self, scene: Scene) -> list[str]:
        raise NotImplementedError

    def closures(
        self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime
    ) -> list[Closure]:
        raise NotImplementedError

    def at_location(
        self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime
    ) -> list[Booking]:
        raise NotImplementedError

    def of_crew(self, crew: Crew, starts_at: dt.datetime, ends_at: dt.datetime) -> list[Booking]:
        raise NotImplementedError

    def holds_at(
        self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime, *, scene: Scene
    ) -> list[Hold]:
        """Live holds of other scenes overlapping there and then: they take capacity too."""
        raise NotImplementedError

    def move_minutes(self, origin: Location, target: Location) -> int:
        return move_minutes(from_location=origin, to_location=target)

    def hot_set(self, location: Location) -> HotSet | None:
        raise NotImplementedError

    def crew_minutes_at(
        self, crew: Crew, location: Location, first: dt.date, last: dt.date, *, scene: Scene
    ) -> int:
        """Minutes the crew has at ``location`` on shooting days ``first..last``: bookings in
        force and live holds, those of ``scene`` itself left out (it is being placed)."""
        raise NotImplementedError


class QueryFacts(RuleFacts):
    """The database now, the bookings in force but ``exclude`` (the booking being moved)."""

    def __init__(self, *, exclude: Booking | None = None) -> None:
        others = Booking.objects.filter(ACTIVE).select_related("scene__crew", "location__zone")
        self.others = others if exclude is None else others.exclude(pk=exclude.pk)

    def scene_booking(self, scene: Scene) -> Booking | None:
        return self.others.filter(scene=scene).first()

    def allowed_codes(self, scene: Scene) -> list[str]:
        return [loc.code for loc in scene.locations.all()]

    def closures(self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime) -> list:
        return list(
            Closure.objects.filter(location=location, starts_at__lt=ends_at, ends_at__gt=starts_at)
        )

    def at_location(self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime) -> list:
        return list(
            self.others.filter(location=location, starts_at__lt=ends_at, ends_at__gt=starts_at)
        )

    def of_crew(self, crew: Crew, starts_at: dt.datetime, ends_at: dt.datetime) -> list:
        return list(
            self.others.filter(scene__crew=crew, starts_at__lt=ends_at, ends_at__gt=starts_at)
        )

    def holds_at(
        self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime, *, scene: Scene
    ) -> list[Hold]:
        live = Hold.objects.filter(status=Hold.Status.HELD, expires_at__gt=timezone.now())
        return list(
            live.filter(location=location, starts_at__lt=ends_at, ends_at__gt=starts_at)
            .exclude(scene=scene)
            .select_related("scene__crew")
        )

    def hot_set(self, location: Location) -> HotSet | None:
        return HotSet.objects.filter(location=location).first()

    def crew_minutes_at(
        self, crew: Crew, location: Location, first: dt.date, last: dt.date, *, scene: Scene
    ) -> int:
        opens, closes = shooting_days_bounds(first, last)
        where = {"location": location, "starts_at__gte": opens, "starts_at__lt": closes}
        rows = list(
            self.others.filter(scene__crew=crew, **where)
            .exclude(scene=scene)
            .values_list("starts_at", "ends_at")
        )
        rows += (
            Hold.objects.filter(
                status=Hold.Status.HELD, expires_at__gt=timezone.now(), scene__crew=crew, **where
            )
            .exclude(scene=scene)
            .values_list("starts_at", "ends_at")
        )
        return sum(int((end - start).total_seconds() // 60) for start, end in rows)


class PreloadedFacts(RuleFacts):
    """Rows read once for many checks of one scene: the bookings in force at its candidate
    locations and of its crew over a window (the caller reads them wide enough: the crew's
    two days either side of any candidate), those locations' closures, and the travel times."""

    def __init__(
        self,
        *,
        scene_booking: Booking | None,
        allowed_codes: list[str],
        bookings: list[Booking],
        closures: list[Closure],
        travel: dict[tuple[int, int], int],
        holds: list[Hold] = (),
        hot_sets: dict[int, HotSet] | None = None,
        crew_rows: list[Booking | Hold] = (),
    ) -> None:
        self._scene_booking = scene_booking
        self._allowed = allowed_codes
        self._bookings = sorted(bookings, key=lambda b: (b.starts_at, b.pk))
        self._closures = closures
        self._travel = travel
        self._holds = list(holds)
        self._hot = hot_sets or {}
        # The crew's bookings and live holds over every week a candidate may count in.
        self._crew_rows = list(crew_rows)

    def scene_booking(self, scene: Scene) -> Booking | None:
        return self._scene_booking

    def allowed_codes(self, scene: Scene) -> list[str]:
        return self._allowed

    def closures(self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime) -> list:
        return [
            c
            for c in self._closures
            if c.location_id == location.pk and c.starts_at < ends_at and c.ends_at > starts_at
        ]

    def at_location(self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime) -> list:
        return [
            b
            for b in self._bookings
            if b.location_id == location.pk and b.starts_at < ends_at and b.ends_at > starts_at
        ]

    def of_crew(self, crew: Crew, starts_at: dt.datetime, ends_at: dt.datetime) -> list:
        return [
            b
            for b in self._bookings
            if b.scene.crew_id == crew.pk and b.starts_at < ends_at and b.ends_at > starts_at
        ]

    def move_minutes(self, origin: Location, target: Location) -> int:
        return move_minutes(from_location=origin, to_location=target, travel=self._travel)

    def holds_at(
        self, location: Location, starts_at: dt.datetime, ends_at: dt.datetime, *, scene: Scene
    ) -> list[Hold]:
        return [
            h
            for h in self._holds
            if h.location_id == location.pk
            and h.scene_id != scene.pk
            and h.starts_at < ends_at
            and h.ends_at > starts_at
        ]

    def hot_set(self, location: Location) -> HotSet | None:
        return self._hot.get(location.pk)

    def crew_minutes_at(
        self, crew: Crew, location: Location, first: dt.date, last: dt.date, *, scene: Scene
    ) -> int:
        return sum(
            int((row.ends_at - row.starts_at).total_seconds() // 60)
            for row in self._crew_rows
            if row.location_id == location.pk
            and row.scene_id != scene.pk
            and first <= booking_date(row.starts_at) <= last
        )
