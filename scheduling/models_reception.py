"""Reception's holds: a crew's short claim on an option, kept from others until it lapses."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Hold(models.Model):
    """A place and time a crew took from its options, kept for it until ``expires_at``.

    A hold is its own table, not a Booking with a ``held`` status, on purpose: call sheets, the
    board, the instance export, plan runs and their revision, the guild's matching and billing
    all read ``Booking`` as "the bookings in force", and a hold is none of those until it is
    confirmed. Keeping it apart means none of them can count one by mistake. What a shared table
    would have given for free, the database still guarantees: migration 0006 adds triggers on
    both tables that refuse a live hold and an active booking overlapping at a single-crew
    location (after locking the location row, so racing writers take turns on PostgreSQL; SQLite
    has one writer at a time), and holds exclude each other there the same way. Larger
    capacities are counted by the services under the location lock, as bookings are.

    A hold lapses at ``expires_at``; the writers mark lapsed holds ``expired`` under their locks
    before they read (``holds_expire``), so the triggers see only live ones as ``held``.
    """

    class Status(models.TextChoices):
        HELD = "held", _("held")
        BOOKED = "booked", _("booked")
        RELEASED = "released", _("released")
        EXPIRED = "expired", _("expired")

    scene = models.ForeignKey(
        "crews.Scene", on_delete=models.CASCADE, related_name="holds", verbose_name=_("scene")
    )
    location = models.ForeignKey(
        "scheduling.Location",
        on_delete=models.PROTECT,
        related_name="holds",
        verbose_name=_("location"),
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    expires_at = models.DateTimeField(_("expires at"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.HELD
    )
    # As on Booking: the location's capacity was 1 when held (the triggers guard those).
    exclusive = models.BooleanField(_("exclusive"), default=True, editable=False)
    booking = models.OneToOneField(
        "scheduling.Booking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hold",
        verbose_name=_("booking"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        ordering = ["starts_at", "location"]
        verbose_name = _("hold")
        verbose_name_plural = _("holds")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="hold_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["scene"], condition=Q(status="held"), name="hold_one_live_per_scene"
            ),
        ]
        indexes = [models.Index(fields=["location", "status", "starts_at"])]

    def __str__(self) -> str:
        return f"hold {self.scene_id} @ {self.location_id} {self.starts_at:%Y-%m-%d %H:%M}"


class HotSet(models.Model):
    """A location in such demand that one crew may have at most ``cap_minutes`` of it per
    shooting day or per week (Monday to Sunday): bookings in force and live holds count."""

    class Period(models.TextChoices):
        DAY = "day", _("day")
        WEEK = "week", _("week")

    location = models.OneToOneField(
        "scheduling.Location",
        on_delete=models.CASCADE,
        related_name="hot_set",
        verbose_name=_("location"),
    )
    cap_minutes = models.PositiveIntegerField(_("most minutes per crew"))
    period = models.CharField(_("per"), max_length=8, choices=Period.choices, default=Period.WEEK)

    class Meta:
        ordering = ["location"]
        verbose_name = _("hot set")
        verbose_name_plural = _("hot sets")
        constraints = [
            models.CheckConstraint(condition=Q(cap_minutes__gt=0), name="hot_set_cap_positive"),
        ]

    def __str__(self) -> str:
        return f"hot {self.location_id}: {self.cap_minutes} min per crew per {self.period}"


class SceneRequest(models.Model):
    """A crew's "we need this scene's place on these days", for the planner to meet later
    rather than an option taken now: the scene enters the next planning runs with its window
    narrowed to ``first_date..last_date``, and the publication of a run that covers the days
    settles it (``met`` with its booking, or ``unmet`` with the planner's reason)."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        MET = "met", _("met")
        UNMET = "unmet", _("unmet")
        WITHDRAWN = "withdrawn", _("withdrawn")

    scene = models.ForeignKey(
        "crews.Scene", on_delete=models.CASCADE, related_name="requests", verbose_name=_("scene")
    )
    first_date = models.DateField(_("earliest day"))
    last_date = models.DateField(_("latest day"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    outcome = models.TextField(_("outcome"), blank=True)
    booking = models.ForeignKey(
        "scheduling.Booking",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("booking"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)

    class Meta:
        ordering = ["first_date", "pk"]
        verbose_name = _("scene request")
        verbose_name_plural = _("scene requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="scene_request_days_in_order"
            ),
            models.UniqueConstraint(
                fields=["scene"], condition=Q(status="open"), name="scene_request_one_open"
            ),
        ]

    def __str__(self) -> str:
        return f"request {self.scene_id} {self.first_date}..{self.last_date} ({self.status})"
