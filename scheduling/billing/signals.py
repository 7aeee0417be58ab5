"""After a booking is saved and committed, bills covering it get their notes at once.

Nothing is read inside the writer's transaction: the receiver only queues a task for after
the commit (a rolled-back change bills nothing). Calls (check-in, release) and bulk writes
send nothing here: the sweep (``services.invoices_sweep``, Celery beat) finds them in the
history rows, and ``POST /invoices/{number}/adjust`` brings a bill up to date at once.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models.signals import post_save

from core.queue import task_send

logger = logging.getLogger(__name__)


def _booking_saved(sender, instance, **kwargs) -> None:
    booking_id = instance.pk
    transaction.on_commit(lambda: _queue("invoices_adjust_for_booking", booking_id))


def _queue(name: str, object_id: int) -> None:
    """Queue the task; the change is committed already, so a broker that is down must not turn
    its response into an error: log it (the adjust endpoint catches up)."""
    try:
        task_send(f"scheduling.billing.{name}", object_id)
    except Exception:
        logger.exception("billing: could not queue %s(%s)", name, object_id)


def connect() -> None:
    post_save.connect(_booking_saved, sender="scheduling.Booking", dispatch_uid="billing-booking")
