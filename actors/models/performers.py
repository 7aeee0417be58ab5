"""The guild's performers and the days they are free."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from actors.models.fields import PersonalDataField, sealed_hash_index
from scheduling.models import on_grid_constraints


class Performer(models.Model):
    """An extra (群演), featured extra, stand-in or martial-arts performer of the guild."""

    class Gender(models.TextChoices):
        FEMALE = "F", _("female")
        MALE = "M", _("male")

    class Tier(models.TextChoices):
        EXTRA = "extra", _("extra")
        FEATURED = "featured", _("featured extra")
        STAND_IN = "stand_in", _("stand-in")
        MARTIAL = "martial", _("martial arts")

    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    gender = models.CharField(_("gender"), max_length=1, choices=Gender.choices)
    age = models.PositiveSmallIntegerField(_("age"))
    tier = models.CharField(_("tier"), max_length=16, choices=Tier.choices, default=Tier.EXTRA)
    height_cm = models.PositiveSmallIntegerField(_("height (cm)"), null=True, blank=True)
    tags = models.JSONField(_("looks"), default=list, blank=True)
    skills = models.JSONField(_("skills"), default=list, blank=True)
    max_minutes_per_day = models.PositiveIntegerField(_("daily limit (minutes)"), default=600)
    # The least time between their last end on one shooting day and first start on the next.
    min_rest_minutes = models.PositiveIntegerField(
        _("rest between shooting days (minutes)"),
        default=0,
        validators=[MaxValueValidator(24 * 60)],
    )
    reliability = models.FloatField(_("reliability"), default=1.0)
    # Personal data (PIPL): sealed at rest, found by keyed hash (``filter(phone=...)``), never
    # shown to crews and masked for everyone else but the performer; the guild's reveal is
    # audited (PersonalDataAccess).
    phone = PersonalDataField(_("phone"), blank=True, clear_max_length=32)
    id_number = PersonalDataField(_("ID number"), blank=True, clear_max_length=32)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="performer",
        verbose_name=_("user"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("performer")
        verbose_name_plural = _("performers")
        constraints = [
            models.CheckConstraint(
                condition=Q(reliability__gte=0) & Q(reliability__lte=1),
                name="performer_reliability_0_1",
            ),
            *on_grid_constraints("max_minutes_per_day", "performer_daily_limit"),
            models.CheckConstraint(
                condition=Q(min_rest_minutes__lte=24 * 60), name="performer_rest_at_most_a_day"
            ),
        ]
        indexes = [
            sealed_hash_index("phone", "performer_phone_hash"),
            sealed_hash_index("id_number", "performer_id_number_hash"),
        ]

    def __str__(self) -> str:
        return self.code


class Availability(models.Model):
    """A day on which a performer can be called."""

    performer = models.ForeignKey(
        Performer,
        on_delete=models.CASCADE,
        related_name="availability",
        verbose_name=_("performer"),
    )
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["performer", "date"]
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.UniqueConstraint(fields=["performer", "date"], name="availability_once_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.performer_id} {self.date}"
