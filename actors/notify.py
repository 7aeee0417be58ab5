"""Delivering the notification outbox through a pluggable sender.

A sender is any class with ``send(notification)`` that returns when the message is handed over
and raises when it is not; ``settings.GUILD_NOTIFICATION_SENDER`` names it by dotted path. The
default, ``LogSender``, writes the message to the log (the embedded demo has no SMS gateway).
"""

from __future__ import annotations

import logging
from typing import Protocol

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from actors.models import Notification

logger = logging.getLogger(__name__)
BATCH = 100


class Sender(Protocol):
    def send(self, notification: Notification) -> None: ...


class LogSender:
    """Writes each message to the log; the performer is named by code, never by phone."""

    def send(self, notification: Notification) -> None:
        # The check-in code in a call's notice is the performer's to show at the gate: a log
        # reader could check in in their place, so the log gets it masked.
        text = notification.text
        if notification.call_id is not None and notification.call.check_in_code:
            text = text.replace(notification.call.check_in_code, "********")
        to = notification.performer_id or f"crew {notification.crew_id}"
        logger.info("notification %s to %s: %s", notification.pk, to, text)


def notification_sender() -> Sender:
    """An instance of the configured sender class."""
    return import_string(settings.GUILD_NOTIFICATION_SENDER)()


def notifications_send(*, limit: int = 1000, sender: Sender | None = None) -> dict[str, int]:
    """Send up to ``limit`` pending notifications, oldest first; counts of sent and failed.

    Each batch is locked (``skip_locked``) so two workers never send the same message. A sender
    that raises leaves its row pending with one more attempt and the error; after
    GUILD_NOTIFICATION_MAX_ATTEMPTS attempts the row is marked failed for a person to look at.
    """
    sender = sender or notification_sender()
    counts = {"sent": 0, "retry": 0, "failed": 0}
    done: set[int] = set()
    while sum(counts.values()) < limit:
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(status=Notification.Status.PENDING)
                .exclude(pk__in=done)
                .select_related("performer")
                .order_by("created_at", "pk")[: min(BATCH, limit - sum(counts.values()))]
            )
            if not rows:
                break
            for notification in rows:
                counts[_deliver(sender, notification)] += 1
                done.add(notification.pk)
    return counts


def _deliver(sender: Sender, notification: Notification) -> str:
    notification.attempts += 1
    try:
        sender.send(notification)
    except Exception as error:  # any failure of a sender: keep the message, note why
        notification.last_error = f"{type(error).__name__}: {error}"[:2000]
        if notification.attempts >= settings.GUILD_NOTIFICATION_MAX_ATTEMPTS:
            notification.status = Notification.Status.FAILED
        notification.save(update_fields=["attempts", "last_error", "status"])
        logger.warning("notification %s not sent: %s", notification.pk, notification.last_error)
        return "failed" if notification.status == Notification.Status.FAILED else "retry"
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.last_error = ""
    notification.save(update_fields=["attempts", "last_error", "status", "sent_at"])
    return "sent"


@transaction.atomic
def notification_retry(*, notification_id: int) -> Notification:
    """Put a failed (or pending) notification back in line with a fresh count of attempts; a
    sent one is left as it is (sending it twice would call a performer twice)."""
    notification = Notification.objects.select_for_update().get(pk=notification_id)
    if notification.status == Notification.Status.SENT:
        raise NotificationAlreadySent(
            _("Notification {id} was sent already.").format(id=notification.pk)
        )
    notification.status = Notification.Status.PENDING
    notification.attempts = 0
    notification.save(update_fields=["status", "attempts"])
    return notification


class NotificationAlreadySent(Exception):
    """A sent notification is not sent again."""
