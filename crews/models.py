"""Crews that come to the base, their scenes and what each scene needs."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from scheduling.models import on_grid_constraints

PRIORITY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Crew(models.Model):
    """A production company shooting a series on the base during its stay."""

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200)
    genre = models.CharField(_("genre"), max_length=100, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=1, validators=PRIORITY_VALIDATORS
    )
    first_date = models.DateField(_("first day on the base"))
    last_date = models.DateField(_("last day on the base"))
    max_span_minutes = models.PositiveIntegerField(_("longest working day (minutes)"), default=840)
    # The least time between the crew's last end on one shooting day and its first start on the
    # next (the contract's min_rest_minutes).
    min_rest_minutes = models.PositiveIntegerField(
        _("rest between shooting days (minutes)"),
        default=0,
        validators=[MaxValueValidator(24 * 60)],
    )
    arrived_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="crews", verbose_name=_("members")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("crew")
        verbose_name_plural = _("crews")
        constraints = [
            models.CheckConstraint(
                condition=Q(priority__gte=1) & Q(priority__lte=5), name="crew_priority_1_5"
            ),
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="crew_stay_ordered"
            ),
            *on_grid_constraints("max_span_minutes", "crew_max_span"),
            models.CheckConstraint(
                condition=Q(min_rest_minutes__lte=24 * 60), name="crew_rest_at_most_a_day"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CastMember(models.Model):
    """A principal actor of a crew, paid by the day while held on the base."""

    crew = models.ForeignKey(
        Crew, on_delete=models.CASCADE, related_name="cast_members", verbose_name=_("crew")
    )
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    day_rate = models.PositiveIntegerField(_("day rate (yuan)"), default=0)

    class Meta:
        ordering = ["code"]
        verbose_name = _("cast member")
        verbose_name_plural = _("cast members")

    def __str__(self) -> str:
        return self.name or self.code


class Scene(models.Model):
    """A scene to shoot: how long, on what kind of set, at what time of day, with whom."""

    class TimeOfDay(models.TextChoices):
        DAY = "day", _("day")
        NIGHT = "night", _("night")
        ANY = "any", _("any")

    crew = models.ForeignKey(
        Crew, on_delete=models.CASCADE, related_name="scenes", verbose_name=_("crew")
    )
    code = models.CharField(_("code"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=200, blank=True)
    minutes = models.PositiveIntegerField(_("minutes"))
    location_tags = models.JSONField(_("location tags"), default=list, blank=True)
    # Empty: any location whose tags include location_tags; else only these locations.
    locations = models.ManyToManyField(
        "scheduling.Location", blank=True, related_name="+", verbose_name=_("only at")
    )
    time_of_day = models.CharField(
        _("time of day"), max_length=8, choices=TimeOfDay.choices, default=TimeOfDay.ANY
    )
    first_date = models.DateField(_("earliest day"))
    last_date = models.DateField(_("latest day"))
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=1, validators=PRIORITY_VALIDATORS
    )
    cast = models.ManyToManyField(
        CastMember, blank=True, related_name="scenes", verbose_name=_("cast")
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("scene")
        verbose_name_plural = _("scenes")
        constraints = [
            *on_grid_constraints("minutes", "scene_minutes"),
            models.CheckConstraint(
                condition=Q(priority__gte=1) & Q(priority__lte=5), name="scene_priority_1_5"
            ),
            models.CheckConstraint(
                condition=Q(last_date__gte=F("first_date")), name="scene_window_ordered"
            ),
        ]

    def __str__(self) -> str:
        return self.code


class ExtrasLine(models.Model):
    """One kind of extra a scene needs: how many, which gender, ages, looks and skills."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")
        ANY = "any", _("any")

    scene = models.ForeignKey(
        Scene, on_delete=models.CASCADE, related_name="extras_lines", verbose_name=_("scene")
    )
    position = models.PositiveSmallIntegerField(_("line"))
    count = models.PositiveIntegerField(_("count"))
    gender = models.CharField(_("gender"), max_length=3, choices=Gender.choices, default="any")
    min_age = models.PositiveSmallIntegerField(_("minimum age"))
    max_age = models.PositiveSmallIntegerField(_("maximum age"))
    tags = models.JSONField(_("looks"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)

    class Meta:
        ordering = ["scene", "position"]
        verbose_name = _("extras line")
        verbose_name_plural = _("extras lines")
        constraints = [
            models.UniqueConstraint(fields=["scene", "position"], name="extras_line_position"),
            models.CheckConstraint(condition=Q(count__gte=1), name="extras_count_min_1"),
            models.CheckConstraint(
                condition=Q(min_age__lte=F("max_age")), name="extras_age_range_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scene_id}#{self.position}: {self.count}"


# --- What a crew's own tools send and receive: breakdowns, change requests, calendar feeds. ---


class SceneBreakdown(models.Model):
    """How a scene came in with a crew's breakdown: its row there and the set's own tags.

    Interior or exterior is the set's description on the breakdown, not a location tag: the
    base's locations are not tagged that way, so asking for it would leave the scene unplaced.
    """

    class Setting(models.TextChoices):
        INTERIOR = "interior", _("interior")
        EXTERIOR = "exterior", _("exterior")
        UNSPECIFIED = "", _("not given")

    scene = models.OneToOneField(
        Scene, on_delete=models.CASCADE, related_name="breakdown", verbose_name=_("scene")
    )
    row = models.PositiveIntegerField(_("row in the upload"))
    setting = models.CharField(
        _("interior or exterior"), max_length=8, choices=Setting.choices, blank=True
    )
    tags = models.JSONField(_("tags"), default=list, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["scene"]
        verbose_name = _("scene as uploaded")
        verbose_name_plural = _("scenes as uploaded")

    def __str__(self) -> str:
        return f"{self.scene_id} (row {self.row})"


class ChangeRequest(models.Model):
    """A crew asking the operations centre to move or cancel a booked scene."""

    class Kind(models.TextChoices):
        MOVE = "move", _("move")
        CANCEL = "cancel", _("cancel")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REFUSED = "refused", _("refused")

    crew = models.ForeignKey(
        Crew, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("crew")
    )
    scene = models.ForeignKey(
        Scene, on_delete=models.CASCADE, related_name="change_requests", verbose_name=_("scene")
    )
    booking = models.ForeignKey(
        "scheduling.Booking",
        on_delete=models.CASCADE,
        related_name="change_requests",
        verbose_name=_("booking"),
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    proposed_location = models.ForeignKey(
        "scheduling.Location",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("proposed location"),
    )
    proposed_starts_at = models.DateTimeField(_("proposed start"), null=True, blank=True)
    proposed_ends_at = models.DateTimeField(_("proposed end"), null=True, blank=True)
    reason = models.TextField(_("reason"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    note = models.TextField(_("decision note"), max_length=2000, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        constraints = [
            # One open question per booking: a second would race the first on approval.
            models.UniqueConstraint(
                fields=["booking"],
                condition=Q(status="pending"),
                name="change_request_one_pending_per_booking",
            ),
            models.CheckConstraint(
                condition=Q(proposed_ends_at__isnull=True)
                | Q(proposed_starts_at__isnull=True)
                | Q(proposed_ends_at__gt=F("proposed_starts_at")),
                name="change_request_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.scene_id} ({self.status})"


class CalendarFeedToken(models.Model):
    """A user's secret for calendar apps, which subscribe by URL and send no headers.

    It opens only the calendar feeds, read-only; rotating it cuts off every old subscription.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="calendar_feed_token",
        verbose_name=_("user"),
    )
    key = models.CharField(_("key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"


class CalendarStamp(models.Model):
    """The revision of one calendar event as last served, so apps see moves as updates.

    Bookings carry no modification time; the feed compares what it serves with the fingerprint
    kept here and, when it changed, raises SEQUENCE and LAST-MODIFIED (RFC 5545 3.8.7).
    """

    uid = models.CharField(_("UID"), max_length=200, unique=True)
    fingerprint = models.CharField(_("fingerprint"), max_length=64)
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    modified_at = models.DateTimeField(_("last modified"))

    class Meta:
        verbose_name = _("calendar event revision")
        verbose_name_plural = _("calendar event revisions")

    def __str__(self) -> str:
        return f"{self.uid} #{self.sequence}"
