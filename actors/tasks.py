"""Celery tasks of the guild: sending the notification outbox."""

from __future__ import annotations

from celery import shared_task

from actors.notify import notifications_send
from actors.services.calls import call_notices_missing_create


@shared_task(name="actors.tasks.outbox_send", ignore_result=True)
def outbox_send() -> dict[str, int]:
    """Write the notices of calls a published plan made, then send every pending notification
    (run on commit of each call change, and every minute by the beat)."""
    noticed = call_notices_missing_create()
    return {"noticed": noticed, **notifications_send()}
