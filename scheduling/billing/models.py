"""The base's tariff (rates with validity dates) and the bills it issues from statements.

Imported by ``scheduling.models``, so the tables belong to the scheduling app.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Tariff(models.Model):
    """The rates in force from ``valid_from`` until the next row's ``valid_from``.

    A line is charged at the rates of its shooting day, so a change on the 15th charges the old
    rates up to the 14th and the new ones from the 15th. Before the first row (or with none),
    the defaults of settings apply: the figures of BILLING.md.
    """

    valid_from = models.DateField(_("valid from (shooting day)"), unique=True)
    day_rate = models.DecimalField(_("extras day rate (yuan)"), max_digits=9, decimal_places=2)
    day_hours = models.PositiveSmallIntegerField(_("hours the day rate covers"))
    overtime_per_hour = models.DecimalField(
        _("overtime per started hour (yuan)"), max_digits=9, decimal_places=2
    )
    guild_share_percent = models.DecimalField(
        _("guild's share (%)"), max_digits=5, decimal_places=2
    )
    cancellation_notice_hours = models.PositiveSmallIntegerField(
        _("free cancellation notice (hours)")
    )
    cancellation_share_percent = models.DecimalField(
        _("late cancellation charge (% of set hire)"), max_digits=5, decimal_places=2
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        constraints = [
            models.CheckConstraint(condition=Q(day_rate__gte=0), name="tariff_day_rate_min_0"),
            models.CheckConstraint(condition=Q(day_hours__gte=1), name="tariff_day_hours_min_1"),
            models.CheckConstraint(
                condition=Q(overtime_per_hour__gte=0), name="tariff_overtime_min_0"
            ),
            models.CheckConstraint(
                condition=Q(guild_share_percent__gte=0, guild_share_percent__lte=100),
                name="tariff_guild_share_percent",
            ),
            models.CheckConstraint(
                condition=Q(cancellation_share_percent__gte=0, cancellation_share_percent__lte=100),
                name="tariff_cancellation_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"tariff from {self.valid_from}"

    history = HistoricalRecords()


class InvoiceCounter(models.Model):
    """The last number given in a series and year; locked (``FOR UPDATE``) while a bill is
    numbered, so numbers run 1, 2, 3... without gaps or duplicates."""

    series = models.CharField(_("series"), max_length=8)
    year = models.PositiveSmallIntegerField(_("year"))
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["series", "year"], name="invoice_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.series}-{self.year}: {self.last}"


# The fields a bill is issued with; none of them changes afterwards.
FROZEN_FIELDS = (
    "number",
    "kind",
    "series",
    "year",
    "sequence",
    "crew_id",
    "period_from",
    "period_to",
    "original_id",
    "lines",
    "totals",
    "rates",
    "total",
    "issued_at",
    "issued_by_id",
)


class Invoice(models.Model):
    """A bill the base issued to a crew for a statement (结算单), or a credit or debit note
    correcting one. Immutable once issued; only its status moves (issued -> paid, or void)."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("invoice")
        CREDIT_NOTE = "credit_note", _("credit note")
        DEBIT_NOTE = "debit_note", _("debit note")

    class Status(models.TextChoices):
        ISSUED = "issued", _("issued")
        PAID = "paid", _("paid")
        VOID = "void", _("void")

    number = models.CharField(_("number"), max_length=32, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    series = models.CharField(_("series"), max_length=8, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    crew = models.ForeignKey(
        "crews.Crew", on_delete=models.PROTECT, related_name="invoices", verbose_name=_("crew")
    )
    period_from = models.DateField(_("first shooting day"))
    period_to = models.DateField(_("last shooting day"))
    # A note's invoice; empty for an invoice.
    original = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notes",
        verbose_name=_("original invoice"),
    )
    # The statement's lines and totals as issued (a note: the differences it bills).
    lines = models.JSONField(_("lines"), default=list)
    totals = models.JSONField(_("totals"), default=dict)
    rates = models.JSONField(_("rates"), default=list)
    total = models.DecimalField(_("total (yuan)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ISSUED
    )
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    paid_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("paid by"),
    )
    voided_at = models.DateTimeField(_("voided at"), null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("why it was voided"), max_length=200, blank=True)
    # When it was last compared with its period's statement (a note issued or nothing changed):
    # the sweep looks for changes after this only. Bookkeeping, not part of the bill.
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-issued_at", "-pk"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "year", "sequence"], name="invoice_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(period_to__gte=models.F("period_from")),
                name="invoice_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", original__isnull=True)
                | (~Q(kind="invoice") & Q(original__isnull=False)),
                name="invoice_notes_have_an_original",
            ),
        ]
        indexes = [models.Index(fields=["crew", "period_from"])]

    def __str__(self) -> str:
        return self.number

    def save(self, *args, **kwargs) -> None:
        """Refuses to change what was issued: corrections are notes, never edits."""
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values(*FROZEN_FIELDS).first()
            if stored is not None:
                changed = [f for f in FROZEN_FIELDS if stored[f] != getattr(self, f)]
                if changed:
                    raise ValidationError(
                        _("An issued bill never changes ({fields}); issue a note instead.").format(
                            fields=", ".join(changed)
                        )
                    )
        super().save(*args, **kwargs)

    # The audit trail: who issued, marked paid or voided each bill, and when.
    history = HistoricalRecords(excluded_fields=["checked_at"])
