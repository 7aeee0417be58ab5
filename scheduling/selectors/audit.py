"""The audit trail: who created, changed or cancelled bookings, calls and planning runs.

The rows are django-simple-history's (``Booking.history``, ``Call.history``,
``PlanRun.history``): one per save, with the acting user from the request (its middleware) or
from the service that wrote them. Performers' personal data never reaches them: a call's
history holds ids and states, not names, phones or check-in codes, and a run's history leaves
out the instance it read.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from actors.models import Call
from scheduling.models import Booking, Invoice, PlanRun, Tariff

AUDITED = {
    "booking": Booking,
    "call": Call,
    "plan_run": PlanRun,
    "invoice": Invoice,
    "tariff": Tariff,
}
ACTIONS = {"+": "created", "~": "changed", "-": "deleted"}
_RELATED = {
    "booking": ["scene", "location"],
    "call": [],
    "plan_run": [],
    "invoice": ["crew"],
    "tariff": [],
}


def audit_list(
    *,
    object_type: str,
    object_id: int | None = None,
    actor: str | None = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet:
    """History rows of one kind of object, newest first, with their acting user loaded."""
    rows = AUDITED[object_type].history.select_related("history_user", *_RELATED[object_type])
    if object_id is not None:
        rows = rows.filter(id=object_id)
    if actor is not None:
        rows = rows.filter(history_user__username=actor)
    if since is not None:
        rows = rows.filter(history_date__gte=since)
    if until is not None:
        rows = rows.filter(history_date__lt=until)
    return rows.order_by("-history_date", "-history_id")


def audit_state(object_type: str, row) -> dict:
    """What the object looked like after the change, in the API's terms (codes, not ids)."""
    if object_type == "booking":
        return {
            "scene": row.scene.code if row.scene else None,
            "location": row.location.code if row.location else None,
            "starts_at": row.starts_at.isoformat(),
            "ends_at": row.ends_at.isoformat(),
            "status": row.status,
            "source": row.source,
        }
    if object_type == "call":
        return {"booking": row.booking_id, "state": row.state, "pinned": row.pinned}
    if object_type in ("invoice", "tariff"):
        return _billing_state(object_type, row)
    return {
        "status": row.status,
        "start": row.start.isoformat(),
        "days": row.days,
        "published_at": row.published_at.isoformat() if row.published_at else None,
    }


def _billing_state(object_type: str, row) -> dict:
    """A bill's status with who and when (users are the entry's actor), or a tariff's rates."""
    if object_type == "tariff":
        return {
            "valid_from": row.valid_from.isoformat(),
            "day_rate": f"{row.day_rate:.2f}",
            "overtime_per_hour": f"{row.overtime_per_hour:.2f}",
            "guild_share_percent": f"{row.guild_share_percent:.2f}",
            "cancellation_notice_hours": row.cancellation_notice_hours,
            "cancellation_share_percent": f"{row.cancellation_share_percent:.2f}",
        }
    return {
        "number": row.number,
        "kind": row.kind,
        "crew": row.crew.code if row.crew else None,
        "total": f"{row.total:.2f}",
        "status": row.status,
        "paid_at": row.paid_at.isoformat() if row.paid_at else None,
        "voided_at": row.voided_at.isoformat() if row.voided_at else None,
        "void_reason": row.void_reason,
    }
