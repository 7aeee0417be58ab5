"""Who saw a performer's personal data in clear, and why (PIPL's record of processing)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from actors.models.performers import Performer


class PersonalDataAccess(models.Model):
    """One reveal of a performer's phone and/or ID number: by whom, of whom, what, why, when."""

    class Field(models.TextChoices):
        PHONE = "phone", _("phone")
        ID_NUMBER = "id_number", _("ID number")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    performer = models.ForeignKey(
        Performer, on_delete=models.CASCADE, related_name="+", verbose_name=_("performer")
    )
    fields = models.JSONField(_("fields"), default=list)
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")

    def __str__(self) -> str:
        return f"{self.user_id} saw {self.performer_id} {self.at:%Y-%m-%d %H:%M}"


class PerformerLoginLink(models.Model):
    """One change of the login a performer signs in with: by whom, which login (none: the link
    was removed), why, when. A performer's login reads their phone and ID number in clear, so
    tying one is as sensitive as a reveal and recorded like one."""

    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("by")
    )
    performer = models.ForeignKey(
        Performer, on_delete=models.CASCADE, related_name="+", verbose_name=_("performer")
    )
    login = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("login"),
    )
    reason = models.TextField(_("reason"))
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("performer login change")
        verbose_name_plural = _("performer login changes")

    def __str__(self) -> str:
        return f"{self.by_id} tied {self.performer_id} to {self.login_id} {self.at:%Y-%m-%d %H:%M}"
