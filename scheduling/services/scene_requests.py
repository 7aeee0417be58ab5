"""Requests the planner meets later: a crew asks for a scene's place on some days without taking
an option; the next planning runs plan the scene inside those days, and publishing a run that
covers them settles the request (met with its booking, or unmet with the planner's reason).
The crew reads the outcome on ``GET /api/v1/scene-requests/``.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from actors.models import Notification
from core.shooting_day import booking_date
from crews.models import Scene
from scheduling.models import Booking, PlanRun, SceneRequest
from scheduling.selectors.bookings import ACTIVE, local_iso
from scheduling.services.bookings import BookingConflict


@transaction.atomic
def scene_request_create(
    *, scene: Scene, first_date: dt.date, last_date: dt.date, user: User | None = None
) -> SceneRequest:
    """Ask for ``scene``'s place on ``first_date..last_date``; replaces the scene's open one."""
    if last_date < first_date:
        raise ValidationError({"last_date": [_("Must be on or after first_date.")]})
    first = max(scene.first_date, scene.crew.first_date)
    last = min(scene.last_date, scene.crew.last_date)
    if first_date < first or last_date > last:
        raise ValidationError(
            {
                "first_date": [
                    _("Scene {scene} can be shot {first}..{last} only.").format(
                        scene=scene.code, first=first, last=last
                    )
                ]
            }
        )
    booked = Booking.objects.filter(ACTIVE, scene=scene).first()
    if booked is not None:
        message = _("Scene {scene} is already booked at {place} {start}.").format(
            scene=scene.code, place=booked.location.code, start=local_iso(booked.starts_at)
        )
        raise BookingConflict([{"rule": "scene_booked", "message": message}])
    SceneRequest.objects.select_for_update().filter(
        scene=scene, status=SceneRequest.Status.OPEN
    ).update(status=SceneRequest.Status.WITHDRAWN, settled_at=timezone.now())
    return SceneRequest.objects.create(
        scene=scene,
        first_date=first_date,
        last_date=last_date,
        created_by=user if user is not None and user.is_authenticated else None,
    )


def scene_request_withdraw(*, request: SceneRequest) -> SceneRequest:
    """Withdraw an open request; withdrawing twice, or a settled one, changes nothing."""
    with transaction.atomic():
        current = SceneRequest.objects.select_for_update().get(pk=request.pk)
        if current.status == SceneRequest.Status.OPEN:
            current.status = SceneRequest.Status.WITHDRAWN
            current.settled_at = timezone.now()
            current.save(update_fields=["status", "settled_at"])
    return current


def scene_requests_settle(*, run: PlanRun, unscheduled: dict[str, str]) -> int:
    """Settle the open requests a published run answers (inside the publish's transaction):
    met when the scene is booked now; unmet when it is not and the run covered every day asked
    for (``unscheduled``: scene code -> the planner's reason). Returns how many settled."""
    last_day = run.start + dt.timedelta(days=run.days - 1)
    now = timezone.now()
    settled, notices = 0, []
    requests = SceneRequest.objects.select_for_update().select_related("scene")
    for request in requests.filter(status=SceneRequest.Status.OPEN):
        booking = (
            Booking.objects.filter(ACTIVE, scene=request.scene).select_related("location").first()
        )
        if booking is not None:
            request.status, request.booking = SceneRequest.Status.MET, booking
            request.outcome = _("Booked at {place} on {day}, {start} to {end}.").format(
                place=f"{booking.location.name} ({booking.location.code})",
                day=booking_date(booking.starts_at),
                start=local_iso(booking.starts_at),
                end=local_iso(booking.ends_at),
            )
        elif run.start <= request.first_date and request.last_date <= last_day:
            request.status = SceneRequest.Status.UNMET
            request.outcome = unscheduled.get(request.scene.code) or _(
                "Plan run {run} could not place it on those days."
            ).format(run=run.pk)
        else:
            continue
        request.settled_at = now
        request.save(update_fields=["status", "booking", "outcome", "settled_at"])
        notices.append(_request_notice(request))
        settled += 1
    # The crew hears of it (the outbox; the publish wakes it after commit), as the API says.
    Notification.objects.bulk_create(notices)
    return settled


def _request_notice(request: SceneRequest) -> Notification:
    if request.status == SceneRequest.Status.MET:
        head = _("[Hengdian operations] Your request for scene {scene} is met")
    else:
        head = _("[Hengdian operations] Your request for scene {scene} could not be met")
    return Notification(
        crew_id=request.scene.crew_id,
        kind=Notification.Kind.REQUEST,
        text=head.format(scene=request.scene.code) + f": {request.outcome}",
        payload={
            "scene_request": request.pk,
            "scene": request.scene.code,
            "status": request.status,
            "booking": request.booking_id,
        },
    )
