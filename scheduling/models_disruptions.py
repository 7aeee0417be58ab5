"""Disruptions: rain over a zone's outdoor sets, a broken set, a cast member held up, a crew
leaving early. Each is stored with who reported it and why; a closure of locations also writes
one ``Closure`` row per location (linked back here), which the planner and the booking rules
read like any other closure."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Disruption(models.Model):
    """One event that takes places or people out of the plan for a time."""

    class Kind(models.TextChoices):
        CLOSURE = "closure", _("locations closed")
        CAST_UNAVAILABLE = "cast_unavailable", _("cast member unavailable")
        CREW_LEAVES_EARLY = "crew_leaves_early", _("crew leaving early")

    class Source(models.TextChoices):
        PERSON = "person", _("a person")
        WEATHER = "weather", _("the weather feed")

    kind = models.CharField(_("kind"), max_length=24, choices=Kind.choices, default=Kind.CLOSURE)
    source = models.CharField(
        _("source"), max_length=16, choices=Source.choices, default=Source.PERSON
    )
    reason = models.CharField(_("reason"), max_length=200)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    # A closure names its locations, or a tag (and optionally a zone) that chose them.
    tag = models.CharField(_("tag"), max_length=64, blank=True)
    zone = models.ForeignKey(
        "scheduling.Zone",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zone"),
    )
    locations = models.ManyToManyField(
        "scheduling.Location", blank=True, related_name="disruptions", verbose_name=_("locations")
    )
    crew = models.ForeignKey(
        "crews.Crew",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="disruptions",
        verbose_name=_("crew"),
    )
    cast_member = models.ForeignKey(
        "crews.CastMember",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("cast member"),
    )
    # The bookings in force it overlapped when it was reported, and the run that repairs them.
    bookings_hit = models.JSONField(_("bookings hit"), default=list, blank=True)
    plan_run = models.ForeignKey(
        "scheduling.PlanRun",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="disruptions",
        verbose_name=_("repair run"),
    )
    # The weather feed's key (zone and window) of a closure it made, so a later reading of the
    # forecast finds it again to keep or lift it; empty for a person's report.
    feed_key = models.CharField(max_length=100, blank=True, editable=False)
    lifted_at = models.DateTimeField(_("lifted at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("disruption")
        verbose_name_plural = _("disruptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="disruption_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["feed_key"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.starts_at:%Y-%m-%d %H:%M}: {self.reason}"

    def clean(self) -> None:
        if self.kind == self.Kind.CREW_LEAVES_EARLY and self.crew_id is None:
            raise ValidationError({"crew": _("Name the crew that leaves.")})
        if self.kind == self.Kind.CAST_UNAVAILABLE and self.cast_member_id is None:
            raise ValidationError({"cast_member": _("Name the cast member who cannot come.")})
