"""Calls: performers called to fill the extras places of booked scenes."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from actors.models.performers import Performer


class Call(models.Model):
    """A performer called to fill one place of an extras line of a booked scene."""

    booking = models.ForeignKey(
        "scheduling.Booking", on_delete=models.CASCADE, related_name="calls"
    )
    extras_line = models.ForeignKey(
        "crews.ExtrasLine", on_delete=models.CASCADE, related_name="calls"
    )
    performer = models.ForeignKey(Performer, on_delete=models.PROTECT, related_name="calls")

    class Meta:
        ordering = ["booking", "extras_line", "performer"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            # A performer fills one place per scene (hard rule 8).
            models.UniqueConstraint(
                fields=["booking", "performer"], name="call_one_place_per_scene"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.performer_id} -> {self.booking_id}"
