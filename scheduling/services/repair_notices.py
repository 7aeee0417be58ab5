"""The notices of a published repair: one to each crew and one to each performer called to a
moved or cancelled booking, listing every change that concerns them (new time and place, or
why the scene could not be placed). Written in the publishing transaction, into the guild's
outbox, which its worker sends."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from actors.models import Notification
from core.shooting_day import booking_date, call_sheet_time
from scheduling.models import Booking, PlanRun


@dataclass
class Change:
    """One scene a repair moved (``after`` set) or cancelled (``why`` set)."""

    scene: str
    before: Booking
    after: Booking | None
    told: dict[int, bool] = field(default_factory=dict)  # performer id -> still called
    why: str = ""


def _where(booking: Booking) -> str:
    day = booking_date(booking.starts_at)
    start = call_sheet_time(booking.starts_at, day)
    end = call_sheet_time(booking.ends_at, day)
    place = f"{booking.location.zone.name}·{booking.location.name}"
    return f"{day:%m月%d日} {start}-{end}，{place}"


def _line(change: Change, *, called: bool = True) -> str:
    if change.after is not None and called:
        return _("{scene} moved to {where}").format(scene=change.scene, where=_where(change.after))
    if change.after is not None:
        return _("{scene} moved; you are no longer called to it").format(scene=change.scene)
    return _("{scene} cancelled: {why}").format(scene=change.scene, why=change.why)


def _payload(run: PlanRun, change: Change) -> dict:
    after = change.after
    return {
        "scene": change.scene,
        "booking_before": change.before.pk,
        "booking": after.pk if after else None,
        "location": after.location.code if after else None,
        "starts_at": after.starts_at.isoformat() if after else None,
        "ends_at": after.ends_at.isoformat() if after else None,
        "why": change.why,
    }


def repair_notices_write(*, run: PlanRun, changes: list[Change]) -> int:
    """One notice per crew and per performer concerned; how many were written."""
    by_crew: dict[int, list[Change]] = defaultdict(list)
    by_performer: dict[int, list[tuple[Change, bool]]] = defaultdict(list)
    for change in changes:
        by_crew[change.before.scene.crew_id].append(change)
        for performer_id, called in change.told.items():
            by_performer[performer_id].append((change, called))
    head = _("[Hengdian operations] A disruption changed the plan")
    rows = []
    for crew_id, crew_changes in sorted(by_crew.items()):
        text = f"{head}: " + "；".join(_line(c) for c in crew_changes) + "。"
        rows.append(
            Notification(
                crew_id=crew_id,
                kind=Notification.Kind.DISRUPTION,
                text=text,
                payload={"plan_run": run.pk, "changes": [_payload(run, c) for c in crew_changes]},
            )
        )
    for performer_id, items in sorted(by_performer.items()):
        text = f"{head}: " + "；".join(_line(c, called=called) for c, called in items) + "。"
        payload = {"plan_run": run.pk, "changes": [_payload(run, c) for c, _called in items]}
        rows.append(
            Notification(
                performer_id=performer_id,
                kind=Notification.Kind.DISRUPTION,
                text=text,
                payload=payload,
            )
        )
    Notification.objects.bulk_create(rows, batch_size=500)
    return len(rows)
