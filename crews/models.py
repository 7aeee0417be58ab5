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
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CastMember(models.Model):
    """A principal actor of a crew, paid by the day while held on the base."""

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="cast_members")
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

    crew = models.ForeignKey(Crew, on_delete=models.CASCADE, related_name="scenes")
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

    scene = models.ForeignKey(Scene, on_delete=models.CASCADE, related_name="extras_lines")
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
