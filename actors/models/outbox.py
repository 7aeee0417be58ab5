"""The notification outbox: messages to performers, stored with the change that caused them.

A notification is written in the same transaction as the call it is about, so a call is never
changed without its message, nor a message sent about a change rolled back. A worker
(``actors.tasks.outbox_send``) sends the pending ones through the configured sender; a sender
that fails leaves the row pending, with the error, for the next round.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from actors.models.calls import Call
from actors.models.performers import Performer


class Notification(models.Model):
    """One message to one performer, and how its delivery went."""

    class Kind(models.TextChoices):
        CALLED = "called", _("called")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        NO_SHOW = "no_show", _("no-show")
        RELEASED = "released", _("released")
        # The call is withdrawn (the guild gave the place to someone else, the scene was
        # cancelled or re-planned away), or its scene moved to another time or place.
        WITHDRAWN = "withdrawn", _("withdrawn")
        CHANGED = "changed", _("changed")
        # A disruption's repair moved or cancelled scenes: one message per crew and per
        # performer called to them, listing every change.
        DISRUPTION = "disruption", _("disruption")
        # A crew's scene request settled by a published plan (met or unmet, and why).
        REQUEST = "request", _("scene request")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    # To a performer, or (a disruption moved or cancelled its scenes) to a crew's office.
    performer = models.ForeignKey(
        Performer,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("performer"),
    )
    crew = models.ForeignKey(
        "crews.Crew", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    # Kept when the call goes (a re-plan deletes the calls of a moved booking): what was said
    # to whom stays on record.
    call = models.ForeignKey(
        Call,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
        verbose_name=_("call"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    text = models.TextField(_("text"))
    payload = models.JSONField(_("payload"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(performer__isnull=False, crew__isnull=True)
                | models.Q(performer__isnull=True, crew__isnull=False),
                name="notification_to_performer_or_crew",
            )
        ]

    def __str__(self) -> str:
        to = self.performer_id if self.performer_id is not None else f"crew {self.crew_id}"
        return f"{self.kind} -> {to} ({self.status})"
