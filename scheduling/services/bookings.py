"""Booking a scene at a location: every hard rule checked under database locks.

Racing requests are kept apart by the database, not by a check-then-insert: one transaction
locks the location row(s) and the crew row (``SELECT ... FOR UPDATE``, locations by id first,
then the crew, so two bookings never wait on each other in a cycle), then reads what overlaps
and inserts. On PostgreSQL the exclusion constraint of migration 0002 guards single-crew
locations even against writers that skip this service. On SQLite, transactions are IMMEDIATE
(see settings): one writer at a time holds the whole database, which gives the same guarantee.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Call
from actors.services.calls import calls_changed_notify, calls_withdrawn_notify
from actors.services.locks import performers_lock
from crews.models import Crew, Scene
from scheduling.models import Booking, Hold, Location
from scheduling.services.booking_rules import booking_conflicts

T = TypeVar("T")

# PostgreSQL's deadlock_detected and serialization_failure: safe to run the transaction again.
RETRYABLE_SQLSTATES = {"40P01", "40001"}
EXCLUSION_CONSTRAINT = "booking_no_overlap_exclusive"
ONE_ACTIVE_PER_SCENE = "booking_one_active_per_scene"
# Migration 0006: a live hold overlapping a booking (trigger), two live holds (PostgreSQL's
# exclusion constraint; a trigger on SQLite), a second live hold of one scene.
HOLD_APART = "hold_booking_apart"
HOLD_EXCLUSION = "hold_no_overlap_exclusive"
ONE_LIVE_HOLD = "hold_one_live_per_scene"


class BookingConflict(Exception):
    """A booking would break one or more hard rules; ``conflicts`` says which and with what."""

    def __init__(self, conflicts: list[dict]):
        self.conflicts = conflicts
        super().__init__("; ".join(conflict["message"] for conflict in conflicts))


def booking_create(
    *,
    scene: Scene,
    location: Location,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    status: str = Booking.Status.PLANNED,
    source: str = Booking.Source.MANUAL,
    user: User | None = None,
) -> Booking:
    """Book ``scene`` at ``location``; raises ``BookingConflict`` listing every broken rule."""
    _validate_times(starts_at=starts_at, ends_at=ends_at)
    if status == Booking.Status.CANCELLED:
        raise ValidationError({"status": [_("A new booking cannot be cancelled.")]})

    def write() -> Booking:
        locked = _lock(location_ids=[location.pk], crew_id=scene.crew_id)
        # Booked directly, the scene needs its crew's hold no more: its place is freed.
        Hold.objects.filter(scene=scene, status=Hold.Status.HELD).update(
            status=Hold.Status.RELEASED
        )
        _raise_conflicts(
            scene=scene, location=locked[location.pk], starts_at=starts_at, ends_at=ends_at
        )
        return Booking.objects.create(
            scene=scene,
            location=locked[location.pk],
            starts_at=starts_at,
            ends_at=ends_at,
            status=status,
            source=source,
            exclusive=locked[location.pk].capacity == 1,
            created_by=user if user is not None and user.is_authenticated else None,
        )

    return _run_locked(write)


def booking_move(
    *,
    booking: Booking,
    location: Location | None = None,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
    confirm: bool = False,
) -> Booking:
    """Move a booking to another location and/or time, keeping its length unless ``ends_at``.

    With ``confirm``, the moved booking is confirmed in the same transaction: both or neither.
    """
    target_id = (location or booking.location).pk

    def write() -> Booking:
        current = _locked_booking(booking.pk, extra_location_ids=[target_id])
        _extras_lock(current)
        start = current.starts_at if starts_at is None else starts_at
        end = start + (current.ends_at - current.starts_at) if ends_at is None else ends_at
        _validate_times(starts_at=start, ends_at=end)
        target = Location.objects.select_related("zone").get(pk=target_id)
        _raise_conflicts(
            scene=current.scene, location=target, starts_at=start, ends_at=end, booking=current
        )
        moved = (current.location_id, current.starts_at, current.ends_at) != (target.pk, start, end)
        current.location = target
        current.starts_at, current.ends_at = start, end
        current.exclusive = target.capacity == 1
        if confirm:
            current.status = Booking.Status.CONFIRMED
        current.save(update_fields=["location", "starts_at", "ends_at", "exclusive", "status"])
        if moved:  # the extras called to it hear of the new time and place
            calls_changed_notify(booking=current)
        return current

    return _run_locked(write)


def booking_confirm(*, booking: Booking) -> Booking:
    """Confirm a planned booking, checking again that it still keeps every hard rule."""

    def write() -> Booking:
        current = _locked_booking(booking.pk)
        _raise_conflicts(
            scene=current.scene,
            location=current.location,
            starts_at=current.starts_at,
            ends_at=current.ends_at,
            booking=current,
        )
        current.status = Booking.Status.CONFIRMED
        current.save(update_fields=["status"])
        return current

    return _run_locked(write)


def booking_cancel(*, booking: Booking) -> Booking:
    """Cancel a booking; its place frees at once, and the extras called to it are told they are
    not needed. Cancelling twice changes nothing."""
    with transaction.atomic():
        current = (
            Booking.objects.select_for_update().select_related("scene__crew").get(pk=booking.pk)
        )
        if current.status != Booking.Status.CANCELLED:
            current.status = Booking.Status.CANCELLED
            current.cancelled_at = timezone.now()
            current.save(update_fields=["status", "cancelled_at"])
            calls_withdrawn_notify(Call.objects.filter(booking=current))
    return current


# --- locking and retrying -------------------------------------------------------------------


def _validate_times(*, starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    errors = {}
    for field, value in (("start", starts_at), ("end", ends_at)):
        if value.tzinfo is None or value.utcoffset() is None:
            errors[field] = [
                _("Give a date and time with its UTC offset, like 2026-12-01T08:00+08:00.")
            ]
    if errors:
        raise ValidationError(errors)
    if ends_at <= starts_at:
        raise ValidationError({"end": [_("The end must be after the start.")]})


def _lock(*, location_ids: Iterable[int], crew_id: int) -> dict[int, Location]:
    """Lock the locations (by id) and then the crew, always in that order; then mark the
    lapsed holds there and of the crew's scenes expired, so nothing counts them any more."""
    locations = Location.objects.select_for_update().select_related("zone")
    locked = {loc.pk: loc for loc in locations.filter(pk__in=set(location_ids)).order_by("pk")}
    list(Crew.objects.select_for_update().filter(pk=crew_id))
    holds_expire(location_ids=list(locked), crew_id=crew_id)
    return locked


def holds_expire(*, location_ids: Iterable[int] | None = None, crew_id: int | None = None) -> int:
    """Mark holds past their ``expires_at`` expired (at these locations and/or of this crew's
    scenes; everywhere when neither is given); the caller holds those locks. Returns how many."""
    lapsed = Hold.objects.filter(status=Hold.Status.HELD, expires_at__lte=timezone.now())
    if location_ids is not None or crew_id is not None:
        where = Q(pk__in=[])
        if location_ids is not None:
            where |= Q(location_id__in=list(location_ids))
        if crew_id is not None:
            where |= Q(scene__crew_id=crew_id)
        lapsed = lapsed.filter(where)
    return lapsed.update(status=Hold.Status.EXPIRED)


def _locked_booking(booking_id: int, extra_location_ids: Iterable[int] = ()) -> Booking:
    booking = Booking.objects.select_related("scene__crew", "location__zone").get(pk=booking_id)
    _lock(location_ids=[booking.location_id, *extra_location_ids], crew_id=booking.scene.crew_id)
    # Read again under the locks: another writer may have moved or cancelled it meanwhile.
    booking = Booking.objects.select_related("scene__crew", "location__zone").get(pk=booking_id)
    if booking.status == Booking.Status.CANCELLED:
        raise BookingConflict(
            [
                {
                    "rule": "cancelled",
                    "message": _(
                        "Booking {booking} of {scene} is cancelled; book the scene again instead."
                    ).format(booking=booking.pk, scene=booking.scene.code),
                    "booking": booking.pk,
                }
            ]
        )
    return booking


def _run_locked(write: Callable[[], T]) -> T:
    """Run ``write`` in a transaction; retry a deadlock once, turn constraint hits into 409s."""
    for attempt in (1, 2):
        try:
            with transaction.atomic():
                return write()
        except OperationalError as exc:
            if not _retryable(exc):
                raise
            if attempt == 2:
                raise BookingConflict(
                    [
                        {
                            "rule": "busy",
                            "message": _(
                                "Other bookings of this location or crew were being written "
                                "at the same moment; try again."
                            ),
                        }
                    ]
                ) from exc
        except IntegrityError as exc:
            conflict = _constraint_conflict(exc)
            if conflict is None:
                raise
            raise BookingConflict([conflict]) from exc
    raise AssertionError("unreachable")


def _extras_lock(booking: Booking) -> None:
    """Lock the booking's row, then the performers called to it, before the move is checked:
    the move keeps them, so an assignment of one of them elsewhere at the same moment must
    wait (or be waited for) and be seen (issue 22). Calls of a booking are written only under
    its row's lock, so the set read here holds."""
    list(Booking.objects.select_for_update().filter(pk=booking.pk).values_list("pk", flat=True))
    called = Call.objects.filter(
        booking=booking, state__in=(Call.State.CALLED, Call.State.CONFIRMED)
    )
    performers_lock(called.values_list("performer_id", flat=True))


def _retryable(exc: OperationalError) -> bool:
    state = getattr(exc.__cause__, "sqlstate", None)
    return state in RETRYABLE_SQLSTATES or "database is locked" in str(exc)


def _constraint_conflict(exc: IntegrityError) -> dict | None:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    name = getattr(diag, "constraint_name", None) or str(exc)
    if EXCLUSION_CONSTRAINT in name:
        return {
            "rule": "capacity",
            "message": _("The location was booked for an overlapping time at the same moment."),
        }
    if HOLD_APART in name or HOLD_EXCLUSION in name or HOLD_EXCLUSION in str(exc):
        return {
            "rule": "capacity",
            "message": _(
                "The location was held or booked for an overlapping time at the same moment."
            ),
        }
    if ONE_LIVE_HOLD in name or "scheduling_hold.scene_id" in name:
        return {"rule": "scene_held", "message": _("The scene was held at the same moment.")}
    if ONE_ACTIVE_PER_SCENE in name or "scheduling_booking.scene_id" in name:
        return {"rule": "scene_booked", "message": _("The scene was booked at the same moment.")}
    return None


def _raise_conflicts(**booking) -> None:
    conflicts = booking_conflicts(**booking)
    if conflicts:
        raise BookingConflict(conflicts)
