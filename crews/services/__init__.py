"""Writes of a crew's own tools: its breakdown, its change requests, its calendar feed secrets."""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from crews.breakdown import BreakdownInvalid, BreakdownRow, row_read
from crews.models import (
    CalendarFeedToken,
    CalendarStamp,
    CastMember,
    ChangeRequest,
    Crew,
    ExtrasLine,
    Scene,
    SceneBreakdown,
)
from scheduling.models import Booking, Location
from scheduling.services.bookings import booking_cancel, booking_move
from scheduling.services.spikes import demand_spikes_check_on_commit

CAST_CODE = re.compile(r"-A(\d+)$")


@dataclass(frozen=True)
class BreakdownImported:
    scenes: list[Scene]
    cast_created: list[CastMember]


def breakdown_import(
    *, crew: Crew, rows: Sequence[tuple[int, Mapping[str, object]]], user: User | None
) -> BreakdownImported:
    """Add a breakdown's scenes to ``crew``: every row valid and written, or nothing written.

    Raises ``BreakdownInvalid`` naming each bad row and column: an unknown set tag (no location
    on the base has it), a duration off the grid, a scene given twice or already registered, a
    day outside the crew's stay. Cast names the crew does not have yet become its cast members.
    """
    parsed = [row_read(number, cells) for number, cells in rows]
    if not parsed:
        raise BreakdownInvalid([{"row": 0, "column": "", "message": _("No scenes to add.")}])
    _check_against_base(crew, parsed)
    errors = sorted((e for row in parsed for e in row.errors), key=lambda e: e["row"])
    if errors:
        raise BreakdownInvalid(errors)
    with transaction.atomic():
        # One upload at a time per crew: cast codes are numbered from what the crew has.
        crew = Crew.objects.select_for_update().get(pk=crew.pk)
        cast, created = _cast_ensure(crew, parsed)
        scenes = Scene.objects.bulk_create(
            Scene(
                crew=crew,
                code=scene_code(crew, row.number),
                title=row.title,
                minutes=row.minutes,
                location_tags=list(row.set_tags),
                time_of_day=row.time_of_day,
                first_date=row.earliest or crew.first_date,
                last_date=row.latest or crew.last_date,
                priority=row.priority,
            )
            for row in parsed
        )
        _scene_details_create(scenes, parsed, cast, user)
        demand_spikes_check_on_commit()  # a breakdown of new scenes may be a spike (issue 4)
    return BreakdownImported(scenes=scenes, cast_created=created)


def scene_code(crew: Crew, number: str) -> str:
    """The scene's code on the base: ``C0001-S12`` for scene 12 (or S12) of crew C0001."""
    if number.startswith(f"{crew.code}-"):
        return number
    return f"{crew.code}-S{number[1:] if number[:1] in 'Ss' and number[1:2].isdigit() else number}"


def _check_against_base(crew: Crew, parsed: list[BreakdownRow]) -> None:
    known_tags = {tag for tags in Location.objects.values_list("tags", flat=True) for tag in tags}
    codes = {scene_code(crew, row.number): row for row in parsed if row.number}
    existing = set(Scene.objects.filter(code__in=list(codes)).values_list("code", flat=True))
    first_seen: dict[str, int] = {}
    for row in parsed:
        error = _row_error_adder(row)
        for tag in row.set_tags:
            if tag not in known_tags:
                error("set", _("No location on the base has the tag '{tag}'.").format(tag=tag))
        if row.number:
            code = scene_code(crew, row.number)
            if len(code) > 64:
                error("scene", _("The scene's code {code} is too long.").format(code=code))
            elif code in first_seen:
                message = _("Scene {number} is already on row {row}.")
                error("scene", message.format(number=row.number, row=first_seen[code]))
            elif code in existing:
                error("scene", _("Scene {code} is already registered.").format(code=code))
            first_seen.setdefault(code, row.row)
        for column, day in (("earliest", row.earliest), ("latest", row.latest)):
            if day is not None and not crew.first_date <= day <= crew.last_date:
                message = _("{day} is outside the crew's stay ({first} to {last}).")
                error(column, message.format(day=day, first=crew.first_date, last=crew.last_date))
        for line in row.extras:
            if line.min_age > 120 or line.max_age > 120:
                error("extras", _("Ages run from 0 to 120."))


def _row_error_adder(row: BreakdownRow):
    def add(column: str, message: str) -> None:
        row.errors.append({"row": row.row, "column": column, "message": message})

    return add


def _cast_ensure(
    crew: Crew, parsed: list[BreakdownRow]
) -> tuple[dict[str, CastMember], list[CastMember]]:
    """The crew's cast by name and by code, with members created for names it lacks."""
    members = list(crew.cast_members.all())
    by_key = {member.code: member for member in members}
    by_key.update({member.name: member for member in members if member.name})
    numbers = [int(m[1]) for member in members if (m := CAST_CODE.search(member.code))]
    taken = set(
        CastMember.objects.filter(code__startswith=f"{crew.code}-A").values_list("code", flat=True)
    )
    next_number = max(numbers, default=0) + 1
    created = []
    for name in dict.fromkeys(name for row in parsed for name in row.cast):
        if name in by_key:
            continue
        while f"{crew.code}-A{next_number:03d}" in taken:
            next_number += 1
        member = CastMember.objects.create(
            crew=crew, code=f"{crew.code}-A{next_number:03d}", name=name[:200]
        )
        next_number += 1
        by_key[name] = member
        created.append(member)
    return by_key, created


def _scene_details_create(
    scenes: list[Scene], parsed: list[BreakdownRow], cast: dict[str, CastMember], user
) -> None:
    through = Scene.cast.through
    through.objects.bulk_create(
        through(scene_id=scene.pk, castmember_id=cast[name].pk)
        for scene, row in zip(scenes, parsed, strict=True)
        for name in row.cast
    )
    ExtrasLine.objects.bulk_create(
        ExtrasLine(
            scene=scene,
            position=position,
            count=line.count,
            gender=line.gender,
            min_age=line.min_age,
            max_age=line.max_age,
            tags=list(line.tags),
            skills=list(line.skills),
        )
        for scene, row in zip(scenes, parsed, strict=True)
        for position, line in enumerate(row.extras, start=1)
    )
    uploader = user if user is not None and user.is_authenticated else None
    SceneBreakdown.objects.bulk_create(
        SceneBreakdown(
            scene=scene,
            row=row.row,
            setting=row.setting,
            tags=[row.setting] if row.setting else [],
            uploaded_by=uploader,
        )
        for scene, row in zip(scenes, parsed, strict=True)
    )


# --- change requests --------------------------------------------------------------------------


class ChangeRequestClosed(Exception):
    """The request was decided already; a decision is final."""


def change_request_create(
    *,
    booking: Booking,
    kind: str,
    reason: str,
    user: User,
    location: Location | None = None,
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime | None = None,
) -> ChangeRequest:
    """A crew's request to move or cancel a booked scene, waiting for the operations centre."""
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError({"booking": [_("This booking is cancelled already.")]})
    if kind == ChangeRequest.Kind.MOVE and location is starts_at is ends_at is None:
        raise ValidationError(
            {"kind": [_("A move proposes a location, a start or an end (or several).")]}
        )
    if kind == ChangeRequest.Kind.CANCEL:
        location = starts_at = ends_at = None
    try:
        with transaction.atomic():
            return ChangeRequest.objects.create(
                crew_id=booking.scene.crew_id,
                scene_id=booking.scene_id,
                booking=booking,
                kind=kind,
                proposed_location=location,
                proposed_starts_at=starts_at,
                proposed_ends_at=ends_at,
                reason=reason,
                requested_by=user,
            )
    except IntegrityError:
        pending = ChangeRequest.objects.filter(
            booking=booking, status=ChangeRequest.Status.PENDING
        ).first()
        raise ValidationError(
            {
                "booking": [
                    _("Request {id} for this booking is still waiting for a decision.").format(
                        id=pending.pk if pending else "?"
                    )
                ]
            }
        ) from None


def change_request_approve(
    *, change_request: ChangeRequest, user: User, note: str = ""
) -> ChangeRequest:
    """Apply the change to the bookings and mark the request approved, both or neither.

    A move that breaks a hard rule raises the booking service's ``BookingConflict`` and the
    request stays pending. An approved move is confirmed, so the next re-plan keeps it as the
    crew asked (confirmed bookings are locked in the planning instance).
    """
    with transaction.atomic():
        current = _pending_locked(change_request)
        booking = current.booking
        if current.kind == ChangeRequest.Kind.CANCEL:
            booking_cancel(booking=booking)
        else:
            booking_move(
                booking=booking,
                location=current.proposed_location,
                starts_at=current.proposed_starts_at,
                ends_at=current.proposed_ends_at,
                confirm=True,
            )
        return _decide(current, ChangeRequest.Status.APPROVED, user, note)


def change_request_refuse(*, change_request: ChangeRequest, user: User, note: str) -> ChangeRequest:
    """Refuse the request, saying why; the booking stays as it is."""
    with transaction.atomic():
        return _decide(_pending_locked(change_request), ChangeRequest.Status.REFUSED, user, note)


def _pending_locked(change_request: ChangeRequest) -> ChangeRequest:
    current = (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("booking", "proposed_location")
        .get(pk=change_request.pk)
    )
    if current.status != ChangeRequest.Status.PENDING:
        raise ChangeRequestClosed(
            _("Request {id} was {status} already.").format(id=current.pk, status=current.status)
        )
    return current


def _decide(current: ChangeRequest, status: str, user: User, note: str) -> ChangeRequest:
    current.status = status
    current.note = note
    current.decided_by = user
    current.decided_at = timezone.now()
    current.save(update_fields=["status", "note", "decided_by", "decided_at"])
    return current


# --- calendar feeds ---------------------------------------------------------------------------


def feed_token_get(*, user: User) -> CalendarFeedToken:
    """The user's calendar feed secret, made on first use."""
    token, _created = CalendarFeedToken.objects.get_or_create(
        user=user, defaults={"key": secrets.token_urlsafe(32)}
    )
    return token


def feed_token_rotate(*, user: User) -> CalendarFeedToken:
    """A new secret for the user: every URL with the old one stops working."""
    token, _created = CalendarFeedToken.objects.update_or_create(
        user=user, defaults={"key": secrets.token_urlsafe(32)}
    )
    return token


def calendar_stamps_refresh(*, fingerprints: Mapping[str, str]) -> dict[str, CalendarStamp]:
    """The revision of each event (UID -> fingerprint), raised for those that changed."""
    # Apps poll feeds that rarely change: when nothing did, read without taking a write lock.
    current = {s.uid: s for s in CalendarStamp.objects.filter(uid__in=list(fingerprints))}
    if len(current) == len(fingerprints) and all(
        stamp.fingerprint == fingerprints[uid] for uid, stamp in current.items()
    ):
        return current
    now = timezone.now()
    with transaction.atomic():
        stamps = {
            stamp.uid: stamp
            for stamp in CalendarStamp.objects.select_for_update().filter(
                uid__in=list(fingerprints)
            )
        }
        new = [
            CalendarStamp(uid=uid, fingerprint=print_, modified_at=now)
            for uid, print_ in fingerprints.items()
            if uid not in stamps
        ]
        # Two feeds served at once may both add the same event: the second keeps the first's.
        CalendarStamp.objects.bulk_create(new, ignore_conflicts=True)
        changed = []
        for uid, stamp in stamps.items():
            if stamp.fingerprint != fingerprints[uid]:
                stamp.fingerprint = fingerprints[uid]
                stamp.sequence += 1
                stamp.modified_at = now
                changed.append(stamp)
        CalendarStamp.objects.bulk_update(changed, ["fingerprint", "sequence", "modified_at"])
    if new:
        stamps.update(
            (stamp.uid, stamp)
            for stamp in CalendarStamp.objects.filter(uid__in=[stamp.uid for stamp in new])
        )
    return stamps
