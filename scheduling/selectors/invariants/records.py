"""Plan runs that never ended, notices given up on, and writes the audit trail missed."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from actors.models import Call, Notification
from scheduling.models import Booking, PlanRun
from scheduling.selectors.invariants.violation import Violation, instant

# What the audit trail must agree with the row on: where and when a booking is and its status;
# who a call is for, where, and its state. (A call's ``pinned`` flag is set in bulk by the
# guild's assignments and is not audited.)
AUDITED_FIELDS = {
    Booking: ("scene_id", "location_id", "starts_at", "ends_at", "status"),
    Call: ("booking_id", "extras_line_id", "performer_id", "state"),
}


def plan_run_violations(*, grace_minutes: int) -> list[Violation]:
    """Runs still queued or running ``grace_minutes`` after they were requested."""
    now = timezone.now()
    late = PlanRun.objects.filter(
        status__in=(PlanRun.Status.QUEUED, PlanRun.Status.RUNNING),
        created_at__lt=now - dt.timedelta(minutes=grace_minutes),
    )
    return [
        Violation(
            "plan_run_unfinished",
            f"plan_run={pk} status={status}",
            instant(created_at),
            f"still {status} {int((now - created_at).total_seconds() // 60)} min after it was "
            f"requested (grace {grace_minutes} min)",
        )
        for pk, status, created_at in late.order_by("pk").values_list("pk", "status", "created_at")
    ]


def outbox_violations() -> list[Violation]:
    """Notices the outbox gave up on (failed): neither sent nor still being retried."""
    rows = (
        Notification.objects.filter(status=Notification.Status.FAILED)
        .order_by("pk")
        .values_list("pk", "kind", "performer__code", "crew__code", "attempts", "created_at")
    )
    return [
        Violation(
            "notice_failed",
            f"notification={pk} kind={kind} "
            + (f"performer={performer}" if performer else f"crew={crew}"),
            instant(created_at),
            f"given up after {attempts} attempts",
        )
        for pk, kind, performer, crew, attempts, created_at in rows
    ]


def audit_violations() -> list[Violation]:
    """Booking and call rows the audit trail does not end on: no record of the row at all, a
    last record that differs from it (a write that bypassed the trail), a row the trail says
    was deleted, or a record of a row that is gone without a deletion on record."""
    return [*_trail_gaps(Booking, "booking", "created_at"), *_trail_gaps(Call, "call", "called_at")]


def _trail_gaps(model, name: str, born: str) -> list[Violation]:
    fields = AUDITED_FIELDS[model]
    last: dict[int, tuple] = {}
    trail = model.history.order_by("history_date", "history_id").values_list(
        "id", "history_type", "history_date", *fields
    )
    for row in trail.iterator(chunk_size=5000):
        last[row[0]] = row
    out = []
    rows = model.objects.order_by("pk").values_list("pk", born, *fields)
    seen = set()
    for pk, born_at, *values in rows.iterator(chunk_size=5000):
        seen.add(pk)
        record = last.get(pk)
        if record is None:
            out.append(
                Violation(
                    "audit_missing",
                    f"{name}={pk}",
                    instant(born_at),
                    "no record in the audit trail",
                )
            )
            continue
        _, kind, at, *recorded = record
        if kind == "-":
            out.append(
                Violation(
                    "audit_stale", f"{name}={pk}", instant(at), "the trail says it was deleted"
                )
            )
            continue
        differ = [
            f"{field} {_shown(old)} (recorded) != {_shown(new)} (row)"
            for field, old, new in zip(fields, recorded, values, strict=True)
            if old != new
        ]
        if differ:
            out.append(
                Violation(
                    "audit_stale",
                    f"{name}={pk}",
                    instant(at),
                    "changed since the last record: " + "; ".join(differ),
                )
            )
    for pk, (_, kind, at, *_values) in sorted(last.items()):
        if pk not in seen and kind != "-":
            out.append(
                Violation("audit_missing", f"{name}={pk}", instant(at), "deleted without a record")
            )
    return out


def _shown(value) -> str:
    return instant(value) if isinstance(value, dt.datetime) else str(value)
