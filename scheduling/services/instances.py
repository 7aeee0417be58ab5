"""Importing a planning instance into the database: all of it, or nothing.

The file is read by the optimiser's own parser (``parse_instance``), then checked against what
only the database knows (``instance_checks``); any problem stops the import before a row is
written, and the caller gets every problem with its JSON path. Objects are matched by code (the
instance's ``id``): new ones are created, existing ones updated, and what hangs off them inside
the horizon (closures, availability, extras lines, cast, bookings) replaced when it differs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction
from django.db.models import Q

from crews.models import Crew
from scheduling.models import Booking, Closure, Location, TravelTime, Zone
from scheduling.selectors.instances import horizon_bounds, horizon_moment
from scheduling.solver.fields import InstanceError, Problem
from scheduling.solver.instance import parse_instance
from scheduling.solver.model import Instance

from .instance_checks import instance_db_problems
from .instance_demand import bookings_write, performers_write, scenes_write
from .instance_rows import by_code, load_children, replace_children, stay_dates, upsert
from .spikes import demand_spikes_check_on_commit

KINDS = (
    "zones",
    "travel_minutes",
    "locations",
    "closures",
    "crews",
    "cast_members",
    "scenes",
    "extras_lines",
    "performers",
    "availability",
    "bookings",
    "calls",
)


class InstanceImportError(Exception):
    """An instance the base cannot take; ``problems`` lists each one with its JSON path."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass
class ImportResult:
    """How many objects of each kind the import created, updated, left unchanged, deleted."""

    counts: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {kind: dict(sorted(counter.items())) for kind, counter in self.counts.items()}


def instance_import(*, data: object, user: User | AnonymousUser | None = None) -> ImportResult:
    """Upsert a decoded instance document; raises ``InstanceImportError`` and writes nothing
    if the document or the database has any problem with it."""
    try:
        instance = parse_instance(data)
    except InstanceError as exc:
        raise InstanceImportError(exc.problems) from None
    author = user if user is not None and user.is_authenticated else None
    result = ImportResult()
    try:
        with transaction.atomic():
            problems = instance_db_problems(instance)
            if problems:
                raise InstanceImportError(problems)
            _write(instance, author, result.counts)
    except IntegrityError as exc:
        # The checks above mirror the database's constraints; this is the last line behind them.
        problem = Problem("$", f"the database refused the import: {exc}")
        raise InstanceImportError([problem]) from exc
    demand_spikes_check_on_commit()  # new crews and scenes may be a spike: re-plan (issue 4)
    return result


def _write(instance: Instance, author: User | None, counts: dict[str, Counter]) -> None:
    zones = upsert(
        Zone,
        {z.id: {"name": z.name} for z in instance.zones},
        by_code(Zone, (z.id for z in instance.zones)),
        counts["zones"],
    )
    _travel_write(instance, zones, counts["travel_minutes"])
    locations = _locations_write(instance, zones, counts)
    crews = _crews_write(instance, counts["crews"])
    scenes = scenes_write(instance, crews=crews, locations=locations, counts=counts)
    performers = performers_write(instance, counts=counts)
    bookings_write(
        instance,
        scenes=scenes,
        locations=locations,
        performers=performers,
        author=author,
        counts=counts,
    )


def _travel_write(instance: Instance, zones: dict, counts: Counter) -> None:
    """Travel times are stored once per unordered pair of zones."""
    existing = {
        frozenset((t.from_zone_id, t.to_zone_id)): t
        for t in TravelTime.objects.filter(from_zone__in=zones.values())
    }
    new, changed = [], []
    for travel in instance.travel_minutes:
        a, b = zones[travel.from_zone].pk, zones[travel.to_zone].pk
        row = existing.get(frozenset((a, b)))
        if row is None:
            new.append(TravelTime(from_zone_id=a, to_zone_id=b, minutes=travel.minutes))
        elif row.minutes != travel.minutes:
            row.minutes = travel.minutes
            changed.append(row)
    TravelTime.objects.bulk_create(new)
    TravelTime.objects.bulk_update(changed, ["minutes"])
    counts.update(
        created=len(new),
        updated=len(changed),
        unchanged=len(instance.travel_minutes) - len(new) - len(changed),
    )


def _locations_write(instance: Instance, zones: dict, counts: dict[str, Counter]) -> dict:
    existing = by_code(Location, (loc.id for loc in instance.locations))
    old_capacity = {code: loc.capacity for code, loc in existing.items()}
    rows = {
        loc.id: {
            "name": loc.name,
            "zone_id": zones[loc.zone].pk,
            "tags": list(loc.tags),
            "capacity": loc.capacity,
            "cost_per_hour": loc.cost_per_hour,
        }
        for loc in instance.locations
    }
    locations = upsert(Location, rows, existing, counts["locations"])
    # Bookings copy "one crew at a time" from their location for PostgreSQL's constraint.
    for exclusive in (True, False):
        resized = [
            locations[code].pk
            for code, capacity in old_capacity.items()
            if capacity != rows[code]["capacity"] and (rows[code]["capacity"] == 1) == exclusive
        ]
        if resized:
            Booking.objects.filter(location_id__in=resized).update(exclusive=exclusive)
    _closures_write(instance, locations, counts["closures"])
    return locations


def _closures_write(instance: Instance, locations: dict, counts: Counter) -> None:
    """A location's closures inside the horizon are the instance's; others are kept."""
    h = instance.horizon
    begin, end = horizon_bounds(start=h.start, days=h.days)
    inside = Q(starts_at__lt=end) & Q(ends_at__gt=begin)
    desired = {
        locations[loc.id].pk: sorted(
            (
                horizon_moment(start=h.start, day=c.day, minutes=c.start),
                horizon_moment(start=h.start, day=c.day, minutes=c.end),
            )
            for c in loc.closures
        )
        for loc in instance.locations
    }
    existing = load_children(
        Closure,
        "location_id",
        desired,
        ("starts_at", "ends_at"),
        where=inside,
        order=("starts_at", "ends_at"),
    )
    replace_children(
        Closure,
        "location_id",
        desired,
        existing,
        lambda pk, row: Closure(location_id=pk, starts_at=row[0], ends_at=row[1]),
        counts,
        where=inside,
    )


def _crews_write(instance: Instance, counts: Counter) -> dict:
    h = instance.horizon
    existing = by_code(Crew, (c.id for c in instance.crews))
    rows = {}
    for crew in instance.crews:
        first, last = stay_dates(
            h.start, h.days, crew.first_day, crew.last_day, existing.get(crew.id)
        )
        rows[crew.id] = {
            "name": crew.name,
            "priority": crew.priority,
            "first_date": first,
            "last_date": last,
            "max_span_minutes": crew.max_span_minutes,
            "min_rest_minutes": crew.min_rest_minutes,
        }
    return upsert(Crew, rows, existing, counts)
