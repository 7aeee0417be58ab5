"""Holds: a crew takes one of its options for a while; operations (or the crew itself, where
the base allows it) turns it into a booking.

Every write here runs as a booking does (``services.bookings``): in one transaction that locks
the location and then the crew, marks the holds that have lapsed ``expired``, checks the
booking rules (``booking_conflicts``: what may be held is exactly what may be booked now) and
writes. The database refuses a live hold overlapping another or a booking at a single-crew
location whoever writes (migration 0006), so racing holds give exactly one winner.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crews.models import Scene
from scheduling.models import Booking, Hold, Location
from scheduling.services.bookings import (
    BookingConflict,
    _lock,
    _raise_conflicts,
    _run_locked,
    _validate_times,
    holds_expire,
)


def self_confirming(location: Location) -> bool:
    """Whether crews confirm their own holds at this location (a family the base names in
    ``RECEPTION_SELF_CONFIRM_TAGS``), with no one at the operations centre in between."""
    return bool(set(location.tags) & set(settings.RECEPTION_SELF_CONFIRM_TAGS))


def hold_create(
    *,
    scene: Scene,
    location: Location,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    user: User | None = None,
) -> Hold:
    """Hold a place and time for ``scene`` until ``RECEPTION_HOLD_MINUTES`` from now; at a
    self-confirming location, book it at once (the hold comes back ``booked``)."""
    _validate_times(starts_at=starts_at, ends_at=ends_at)
    author = user if user is not None and user.is_authenticated else None

    def write() -> Hold:
        locked = _lock(location_ids=[location.pk], crew_id=scene.crew_id)[location.pk]
        now = timezone.now()
        mine = Hold.objects.filter(scene=scene, status=Hold.Status.HELD)
        if mine.exists():  # a crew holds one place per scene: the new one replaces the old
            mine.update(status=Hold.Status.RELEASED, decided_by=author)
        _raise_conflicts(scene=scene, location=locked, starts_at=starts_at, ends_at=ends_at)
        hold = Hold.objects.create(
            scene=scene,
            location=locked,
            starts_at=starts_at,
            ends_at=ends_at,
            expires_at=now + dt.timedelta(minutes=settings.RECEPTION_HOLD_MINUTES),
            exclusive=locked.capacity == 1,
            created_by=author,
        )
        if self_confirming(locked):
            _book(hold, author)
        return hold

    return _run_locked(write)


def hold_confirm(*, hold: Hold, user: User | None = None) -> Hold:
    """Turn a live hold into a booking, checking every rule again; the hold comes back
    ``booked`` with its booking."""
    author = user if user is not None and user.is_authenticated else None

    def write() -> Hold:
        _lock(location_ids=[hold.location_id], crew_id=hold.scene.crew_id)
        current = Hold.objects.select_related("scene__crew", "location__zone").get(pk=hold.pk)
        if current.status != Hold.Status.HELD:
            raise BookingConflict([_not_live(current)])
        _book(current, author)
        return current

    return _run_locked(write)


def hold_release(*, hold: Hold, user: User | None = None) -> Hold:
    """Give a hold back: its place is free for others at once. Releasing twice changes nothing."""
    with transaction.atomic():
        current = Hold.objects.select_for_update().get(pk=hold.pk)
        if current.status == Hold.Status.HELD:
            current.status = Hold.Status.RELEASED
            current.decided_by = user if user is not None and user.is_authenticated else None
            current.save(update_fields=["status", "decided_by"])
    return current


def _book(hold: Hold, author: User | None) -> None:
    """Book what ``hold`` keeps (the caller holds the locks). The hold stops being live first,
    so neither the rules nor the database count it against its own booking."""
    hold.status = Hold.Status.BOOKED
    hold.decided_by = author
    hold.save(update_fields=["status", "decided_by"])
    location = Location.objects.select_related("zone").get(pk=hold.location_id)
    _raise_conflicts(
        scene=hold.scene, location=location, starts_at=hold.starts_at, ends_at=hold.ends_at
    )
    hold.booking = Booking.objects.create(
        scene=hold.scene,
        location=location,
        starts_at=hold.starts_at,
        ends_at=hold.ends_at,
        status=Booking.Status.PLANNED,
        source=Booking.Source.MANUAL,
        exclusive=location.capacity == 1,
        created_by=author,
    )
    hold.save(update_fields=["booking"])


def _not_live(hold: Hold) -> dict:
    if hold.status == Hold.Status.EXPIRED:
        message = _("Hold {hold} of {scene} expired at {at}; take a new option.").format(
            hold=hold.pk, scene=hold.scene.code, at=timezone.localtime(hold.expires_at)
        )
    else:
        message = _("Hold {hold} of {scene} is {status}, not held.").format(
            hold=hold.pk, scene=hold.scene.code, status=hold.get_status_display()
        )
    return {"rule": "hold", "message": message, "hold": hold.pk, "status": hold.status}


__all__ = ["hold_confirm", "hold_create", "hold_release", "holds_expire", "self_confirming"]
