"""The base's places (zones, locations, closures) and what is booked on them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


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

    from_zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="+", verbose_name=_("from zone")
    )
    to_zone = models.ForeignKey(
        Zone, on_delete=models.CASCADE, related_name="+", verbose_name=_("to zone")
    )
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
    zone = models.ForeignKey(
        Zone, on_delete=models.PROTECT, related_name="locations", verbose_name=_("zone")
    )
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

    location = models.ForeignKey(
        Location, on_delete=models.CASCADE, related_name="closures", verbose_name=_("location")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    # The disruption that closed it (rain, a broken set); lifting the disruption removes it.
    disruption = models.ForeignKey(
        "scheduling.Disruption",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        verbose_name=_("disruption"),
    )

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

    scene = models.ForeignKey(
        "crews.Scene", on_delete=models.CASCADE, related_name="bookings", verbose_name=_("scene")
    )
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="bookings", verbose_name=_("location")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    # Copied from the location's capacity when booked, so PostgreSQL's exclusion constraint
    # (migration 0002) can forbid overlaps at single-crew locations on this table alone.
    exclusive = models.BooleanField(_("exclusive"), default=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # When a crew's cancellation was asked for (``booking_cancel``): a late one is charged
    # (BILLING.md). A booking dropped by a re-plan or an import keeps it empty: the base's own
    # decision costs the crew nothing.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

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

    # The audit trail (GET /api/v1/audit/): who created, moved or cancelled it, and when.
    history = HistoricalRecords()


class PlanRun(models.Model):
    """One planning run of a horizon: what it read, how the optimiser is doing, what it found.

    At most one run per horizon is queued and one running at any time (partial unique
    constraints below): many demand-spike triggers coalesce into the queued one, which reads
    the latest demand when it starts.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")
        SUPERSEDED = "superseded", _("superseded")

    class Trigger(models.TextChoices):
        MANUAL = "manual", _("manual")
        DEMAND_SPIKE = "demand_spike", _("demand spike")
        SCHEDULED = "scheduled", _("scheduled")
        DISRUPTION = "disruption", _("disruption")

    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    trigger = models.CharField(
        _("trigger"), max_length=16, choices=Trigger.choices, default=Trigger.MANUAL
    )
    start = models.DateField(_("first day"))
    days = models.PositiveSmallIntegerField(_("days"))
    time_limit_seconds = models.PositiveIntegerField(_("time limit (seconds)"))
    seed = models.PositiveIntegerField(_("seed"), default=0)
    # {phase, best_value, bound, elapsed}, written by the worker at most once a second.
    progress = models.JSONField(_("progress"), default=dict, blank=True)
    value = models.BigIntegerField(_("value"), null=True, blank=True)
    bound = models.BigIntegerField(_("bound"), null=True, blank=True)
    stats = models.JSONField(_("statistics"), default=dict, blank=True)
    plan = models.JSONField(_("plan"), null=True, blank=True)
    unscheduled = models.JSONField(_("unscheduled scenes"), default=list, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    # The id of the request that queued it (core.request_id): the worker logs under it, so the
    # run's log lines are found with the request's.
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    # What the run read: the instance (to reproduce it from one file), the bookings in force
    # (scene code -> [location, starts_at, ends_at, status, source]) and their fingerprint,
    # and the highest scene id registered then (the demand-spike baseline).
    instance = models.JSONField(_("instance read"), null=True, blank=True)
    bookings_read = models.JSONField(_("bookings read"), default=dict, blank=True)
    bookings_revision = models.CharField(_("bookings revision"), max_length=64, blank=True)
    demand_high_water = models.BigIntegerField(
        _("demand high-water mark"), null=True, blank=True, editable=False
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # The Celery message that runs it: a redelivered message (worker lost) carries the same id,
    # a stray duplicate another one, which the worker ignores.
    task_id = models.CharField(_("task id"), max_length=64, blank=True, editable=False)
    dispatched_at = models.DateTimeField(_("sent to a worker at"), null=True, blank=True)
    dispatch_error = models.TextField(_("why it could not be sent"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )
    # When what it read and found (instance, plan, bookings read, unscheduled) was cleared,
    # PLAN_RUN_PAYLOAD_RETENTION_DAYS after it ended; its figures (value, bound, statistics)
    # and its audit stay (scheduling.services.plan_run_prune).
    payload_pruned_at = models.DateTimeField(_("payload pruned at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("planning run")
        verbose_name_plural = _("planning runs")
        constraints = [
            models.UniqueConstraint(
                fields=["start", "days"],
                condition=Q(status="queued"),
                name="plan_run_one_queued_per_horizon",
            ),
            models.UniqueConstraint(
                fields=["start", "days"],
                condition=Q(status="running"),
                name="plan_run_one_running_per_horizon",
            ),
            models.CheckConstraint(condition=Q(days__gte=1), name="plan_run_days_min_1"),
            models.CheckConstraint(
                condition=Q(time_limit_seconds__gte=1), name="plan_run_time_limit_min_1"
            ),
        ]
        indexes = [models.Index(fields=["start", "days", "status"])]

    def __str__(self) -> str:
        return f"plan run {self.pk} ({self.start} +{self.days}d, {self.status})"

    # The audit trail of runs and their publication; what a run read and found stays out (the
    # instance holds performers' data, and the big documents would be copied at every save).
    history = HistoricalRecords(
        excluded_fields=[
            "instance",
            "plan",
            "bookings_read",
            "progress",
            "stats",
            "unscheduled",
            "payload_pruned_at",
        ]
    )


# Billing's tables (tariff, invoices) live in their own module and belong to this app.
from scheduling.billing.models import Invoice, InvoiceCounter, Tariff  # noqa: E402

# Disruptions live in their own module; imported here so Django registers the model.
from scheduling.models_disruptions import Disruption  # noqa: E402
from scheduling.models_reception import Hold, HotSet, SceneRequest  # noqa: E402  (one registry)

__all__ = [
    "Booking",
    "Closure",
    "Disruption",
    "Hold",
    "HotSet",
    "Invoice",
    "InvoiceCounter",
    "Location",
    "PlanRun",
    "SceneRequest",
    "Tariff",
    "TravelTime",
    "Zone",
    "on_grid_constraints",
]
