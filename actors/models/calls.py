"""Calls: performers called to fill the extras places of booked scenes."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from actors.models.performers import Performer

# Crockford's base32 without I, L, O, U: a team leader types it from a phone screen without
# confusing 1/I/L or 0/O. Eight of them are 40 bits: guessing one live code is hopeless.
CHECK_IN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_IN_CODE_LENGTH = 8


def call_check_in_code() -> str:
    """A fresh, unguessable check-in code (a default per row, bulk_create included)."""
    return "".join(secrets.choice(CHECK_IN_ALPHABET) for _ in range(CHECK_IN_CODE_LENGTH))


class Call(models.Model):
    """A performer called to fill one place of an extras line of a booked scene.

    States: called -> confirmed -> checked_in -> released; called or confirmed -> declined or
    no_show (both free the place, which is offered to the next candidate). Each transition
    stamps its own time; pay is reckoned from checked_in_at to released_at.
    """

    class State(models.TextChoices):
        CALLED = "called", _("called")
        CONFIRMED = "confirmed", _("confirmed")
        DECLINED = "declined", _("declined")
        CHECKED_IN = "checked_in", _("checked in")
        NO_SHOW = "no_show", _("no-show")
        RELEASED = "released", _("released")

    booking = models.ForeignKey(
        "scheduling.Booking",
        on_delete=models.CASCADE,
        related_name="calls",
        verbose_name=_("booking"),
    )
    extras_line = models.ForeignKey(
        "crews.ExtrasLine",
        on_delete=models.CASCADE,
        related_name="calls",
        verbose_name=_("extras line"),
    )
    performer = models.ForeignKey(
        Performer, on_delete=models.PROTECT, related_name="calls", verbose_name=_("performer")
    )
    # The guild's own choice (assign or swap), not the optimiser's: the next re-plan keeps it
    # (scheduling.selectors.instances exports a booking whose calls are all pinned as locked).
    pinned = models.BooleanField(_("pinned by the guild"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.CALLED, db_index=True
    )
    check_in_code = models.CharField(
        _("check-in code"), max_length=16, unique=True, default=call_check_in_code, editable=False
    )
    # The call whose place this one took after a decline or a no-show.
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    called_at = models.DateTimeField(_("called at"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    declined_at = models.DateTimeField(_("declined at"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    no_show_at = models.DateTimeField(_("no-show at"), null=True, blank=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    class Meta:
        ordering = ["booking", "extras_line", "performer"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            # A performer fills one place per scene (hard rule 8).
            models.UniqueConstraint(
                fields=["booking", "performer"], name="call_one_place_per_scene"
            ),
            models.CheckConstraint(
                condition=models.Q(released_at__isnull=True)
                | models.Q(checked_in_at__isnull=False, released_at__gt=models.F("checked_in_at")),
                name="call_released_after_check_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.performer_id} -> {self.booking_id}"

    # The audit trail (GET /api/v1/audit/): who changed a call's state, and when. The check-in
    # code is a credential and stays out of the history.
    history = HistoricalRecords(excluded_fields=["check_in_code"])
