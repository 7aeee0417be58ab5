"""The guild's screens: performers, their availability and their calls.

The guild edits these (``guild_edits``); ops staff too. Phone and ID number are personal data
(PIPL): masked on a performer's page, never in lists or searches; typing a new value replaces
the stored one, which is sealed at rest. The guild imports and exports the roster (CSV, Excel)
from the performers' list; reveals of personal data are listed, read only.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX

from actors.models import (
    Availability,
    Call,
    Notification,
    Performer,
    PerformerLoginLink,
    PersonalDataAccess,
)
from actors.privacy import mask_id_number, mask_phone
from actors.resources import PerformerResource
from core import roles
from core.admin_chips import chips_column
from scheduling.admin import RoleAdmin, RoleInline

PERSONAL = (("phone", mask_phone), ("id_number", mask_id_number))


class PerformerAdminForm(forms.ModelForm):
    """Phone and ID number never shown in clear: the inputs start empty, the stored value is
    shown masked beside them, and an empty input keeps it."""

    class Meta:
        model = Performer
        fields = ("phone", "id_number")  # the admin adds the fieldsets' others

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, mask in PERSONAL:
            if name not in self.fields:
                continue
            current = getattr(self.instance, name) if self.instance.pk else ""
            self.initial[name] = ""
            if current:
                self.fields[name].help_text = gettext(
                    "stored: {masked}; leave empty to keep it"
                ).format(masked=mask(current))

    def _kept(self, name: str) -> str:
        value = self.cleaned_data.get(name) or ""
        return value or (getattr(self.instance, name) if self.instance.pk else "")

    def clean_phone(self) -> str:
        return self._kept("phone")

    def clean_id_number(self) -> str:
        return self._kept("id_number")


class AvailabilityInline(RoleInline, admin.TabularInline):
    model = Availability
    guild_edits = True
    extra = 0


@admin.register(Performer)
class PerformerAdmin(ImportExportMixin, RoleAdmin):
    guild_edits = True
    form = PerformerAdminForm
    resource_classes = [PerformerResource]
    formats = [CSV, XLSX]
    list_display = (
        "code",
        "name",
        "gender",
        "age",
        "tier",
        chips_column("tags", _("looks")),
        chips_column("skills", _("skills")),
        "reliability",
    )
    list_filter = ("tier", "gender")
    search_fields = ("code", "name")
    # The login reads the performer's personal data in clear: it is tied through the API's
    # audited action (performers/{code}/login), never by editing this form.
    readonly_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("code", "name", "gender", "age", "tier", "height_cm")}),
        (_("Looks and skills"), {"fields": ("tags", "skills")}),
        (_("Work"), {"fields": ("max_minutes_per_day", "reliability", "user")}),
        (_("Personal data"), {"fields": ("phone", "id_number"), "classes": ("collapse",)}),
    )
    inlines = [AvailabilityInline]

    def get_search_results(self, request, queryset, search_term):
        # A phone number typed in the search box finds its performer by keyed hash (the column
        # is sealed, so a text search could never match it): the guild's right alone.
        found, duplicates = super().get_search_results(request, queryset, search_term)
        term = "".join(search_term.split())
        if roles.is_guild(request.user) and term.lstrip("+").isdigit() and len(term) >= 7:
            found = found | queryset.filter(phone=term)
        return found, duplicates

    # The roster's import and export are the guild's (as over the API).
    def has_import_permission(self, request) -> bool:
        return roles.is_guild(request.user)

    def has_export_permission(self, request) -> bool:
        return roles.is_guild(request.user)


@admin.register(Availability)
class AvailabilityAdmin(RoleAdmin):
    guild_edits = True
    list_display = ("performer", "date")
    search_fields = ("performer__code", "performer__name")
    date_hierarchy = "date"
    list_select_related = ("performer",)
    autocomplete_fields = ("performer",)


@admin.register(Call)
class CallAdmin(RoleAdmin):
    guild_edits = True
    list_display = ("performer", "scene", "location", "starts_at", "extras_line")
    search_fields = ("performer__code", "performer__name", "booking__scene__code")
    list_filter = ("booking__status", "booking__location__zone")
    date_hierarchy = "booking__starts_at"
    list_select_related = ("performer", "booking__scene", "booking__location", "extras_line")
    autocomplete_fields = ("performer",)
    raw_id_fields = ("booking", "extras_line")

    @admin.display(description=_("scene"), ordering="booking__scene__code")
    def scene(self, call: Call) -> str:
        return call.booking.scene.code

    @admin.display(description=_("location"), ordering="booking__location__code")
    def location(self, call: Call) -> str:
        return str(call.booking.location)

    @admin.display(description=_("starts at"), ordering="booking__starts_at")
    def starts_at(self, call: Call):
        return call.booking.starts_at


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(RoleAdmin):
    """The record of reveals: read only, for everyone (a record that can be edited is none)."""

    list_display = ("at", "user", "performer", "fields", "reason")
    list_filter = ("user",)
    search_fields = ("performer__code", "user__username", "reason")
    date_hierarchy = "at"
    list_select_related = ("user", "performer")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PerformerLoginLink)
class PerformerLoginLinkAdmin(PersonalDataAccessAdmin):
    """The record of who tied which login to a performer: read only, like the reveals."""

    list_display = ("at", "by", "performer", "login", "reason")
    list_filter = ("by",)
    search_fields = ("performer__code", "by__username", "login__username", "reason")
    list_select_related = ("by", "performer", "login")


@admin.register(Notification)
class NotificationAdmin(RoleAdmin):
    """The outbox: what was sent to performers, what is pending and why a send failed.

    Read-only: a failed notice is put back in line through the API's retry, which the outbox
    worker then sends.
    """

    list_display = ("id", "performer", "kind", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status", "kind")
    search_fields = ("performer__code",)
    list_select_related = ("performer",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
