"""The base's places (zones, locations, closures) and what is booked on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _


def on_grid_constraints(field: str, prefix: str) -> list[models.CheckConstraint]:
    """Checks that a minutes field is positive and a multiple of the base's planning grid."""
    return [
        models.CheckConstraint(condition=Q(**{f"{field}__gt": 0}), name=f"{prefix}_positive"),
        models.CheckConstraint(
            condition=Exact(Mod(F(field), settings.PLANNING_SLOT_MINUTES), 0),
            name=f"{prefix}_on_grid",
        ),
    ]


class Zone(models.Model):
    """An area of the base (秦王宫, 明清宫苑, a vertical-drama studio block) holding locations."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        ordering = ["code"]
        verbose_name = _("zone")
        verbose_name_plural = _("zones")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class TravelTime(models.Model):
    """Minutes to move a company between two zones; stored once per pair, read both ways."""

    from_zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    to_zone = models.ForeignKey(Zone, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveIntegerField(_("minutes"))

    class Meta:
        verbose_name = _("travel time")
        verbose_name_plural = _("travel times")
        constraints = [
            models.UniqueConstraint(fields=["from_zone", "to_zone"], name="travel_pair_unique"),
            models.CheckConstraint(
                condition=~Q(from_zone=F("to_zone")), name="travel_between_two_zones"
            ),
            models.CheckConstraint(condition=Q(minutes__gt=0), name="travel_minutes_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.from_zone_id} <-> {self.to_zone_id}: {self.minutes} min"


class Location(models.Model):
    """A set that crews book: a palace hall, a street, a studio office."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    zone = models.ForeignKey(Zone, on_delete=models.PROTECT, related_name="locations")
    tags = models.JSONField(_("tags"), default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(_("crews at once"), default=1)
    cost_per_hour = models.PositiveIntegerField(_("cost per hour (yuan)"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="location_capacity_min_1"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Closure(models.Model):
    """A time when a location cannot be used (maintenance, a tourist show, a private event)."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="closures")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        ordering = ["location", "starts_at"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="closure_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} closed {self.starts_at:%Y-%m-%d %H:%M}"


class Booking(models.Model):
    """A scene booked at a location for a time: by hand (manual) or by a published plan."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    class Source(models.TextChoices):
        MANUAL = "manual", _("manual")
        PLAN = "plan", _("plan")

    scene = models.ForeignKey("crews.Scene", on_delete=models.CASCADE, related_name="bookings")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    # Copied from the location's capacity when booked, so PostgreSQL's exclusion constraint
    # (migration 0002) can forbid overlaps at single-crew locations on this table alone.
    exclusive = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["starts_at", "location"]
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            ),
            # A scene is booked once at most: a second active booking of it is a conflict.
            models.UniqueConstraint(
                fields=["scene"],
                condition=~Q(status="cancelled"),
                name="booking_one_active_per_scene",
            ),
        ]
        indexes = [models.Index(fields=["location", "starts_at"])]

    def __str__(self) -> str:
        return f"{self.scene_id} @ {self.location_id} {self.starts_at:%Y-%m-%d %H:%M}"
