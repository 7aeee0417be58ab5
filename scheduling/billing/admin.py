"""The operations centre's screens for the tariff and the bills.

Tariff rows are edited here (ops; the guild reads them). Bills are read-only: they are issued,
paid, voided and corrected through the API's services, which keep numbers gapless and bills
unchanged.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from scheduling.admin import RoleAdmin
from scheduling.billing.models import Invoice, Tariff


@admin.register(Tariff)
class TariffAdmin(RoleAdmin):
    list_display = (
        "valid_from",
        "day_rate",
        "day_hours",
        "overtime_per_hour",
        "guild_share_percent",
        "cancellation_notice_hours",
        "cancellation_share_percent",
        "note",
    )
    date_hierarchy = "valid_from"
    readonly_fields = ("created_at",)


class NoteInline(admin.TabularInline):
    model = Invoice
    fk_name = "original"
    fields = ("number", "kind", "status", "total", "issued_at")
    readonly_fields = fields
    extra = 0
    verbose_name = _("credit or debit note")
    verbose_name_plural = _("credit and debit notes")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Invoice)
class InvoiceAdmin(RoleAdmin):
    list_display = ("number", "kind", "crew", "period_from", "period_to", "total", "status")
    list_filter = ("kind", "status", "year")
    search_fields = ("number", "crew__code", "crew__name")
    date_hierarchy = "issued_at"
    list_select_related = ("crew",)
    inlines = [NoteInline]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
