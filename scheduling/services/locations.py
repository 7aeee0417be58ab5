"""Changes to a location that bookings depend on."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from scheduling.models import Booking, Location


class LocationConflict(Exception):
    """The change would leave bookings breaking a hard rule; nothing was written."""

    def __init__(self, message: str, bookings: list[Booking]) -> None:
        super().__init__(message)
        self.bookings = bookings


@transaction.atomic
def location_update(*, location: Location, **fields) -> Location:
    """Update a location; a capacity below what its bookings already use is refused.

    Bookings carry ``exclusive`` (capacity 1) for PostgreSQL's exclusion constraint, so a
    capacity change rewrites that flag on the location's bookings in the same transaction.
    """
    # Lock the row as booking_create does, so no booking slips in between count and update.
    locked = Location.objects.select_for_update().get(pk=location.pk)
    capacity = fields.get("capacity", locked.capacity)
    if capacity < locked.capacity:
        active = list(
            Booking.objects.filter(location=locked)
            .exclude(status=Booking.Status.CANCELLED)
            .select_related("scene")
            .order_by("starts_at")
        )
        peak, at_peak = _busiest_moment(active)
        if peak > capacity:
            raise LocationConflict(
                _(
                    "{code} has {peak} bookings at once ({scenes}); capacity {capacity} is too few."
                ).format(
                    code=locked.code,
                    peak=peak,
                    scenes=", ".join(b.scene.code for b in at_peak),
                    capacity=capacity,
                ),
                at_peak,
            )
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save()
    Booking.objects.filter(location=locked).update(exclusive=locked.capacity == 1)
    return locked


def _busiest_moment(bookings: list[Booking]) -> tuple[int, list[Booking]]:
    """The most bookings in use at one instant, and which they are (back to back: no overlap)."""
    events = sorted(
        [(b.starts_at, 1, i) for i, b in enumerate(bookings)]
        + [(b.ends_at, -1, i) for i, b in enumerate(bookings)],
        key=lambda event: (event[0], event[1]),
    )
    current: set[int] = set()
    best: set[int] = set()
    for _instant, step, index in events:
        if step == 1:
            current.add(index)
            if len(current) > len(best):
                best = set(current)
        else:
            current.discard(index)
    return len(best), [bookings[i] for i in sorted(best)]
