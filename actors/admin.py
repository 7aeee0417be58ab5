"""The guild's screens: performers, their availability and their calls.

The guild edits these (``guild_edits``); ops staff too. Phone and ID number are personal data
(PIPL): they appear on a performer's own page only, never in lists or searches.
"""

from __future__ import annotations

from django.contrib import admin

from actors.models import Availability, Call, Performer
from scheduling.admin import RoleAdmin, RoleInline


class AvailabilityInline(RoleInline, admin.TabularInline):
    model = Availability
    guild_edits = True
    extra = 0


@admin.register(Performer)
class PerformerAdmin(RoleAdmin):
    guild_edits = True
    list_display = ("code", "name", "gender", "age", "tier", "tags", "skills", "reliability")
    list_filter = ("tier", "gender")
    search_fields = ("code", "name")
    raw_id_fields = ("user",)
    fieldsets = (
        (None, {"fields": ("code", "name", "gender", "age", "tier", "height_cm")}),
        ("Looks and skills", {"fields": ("tags", "skills")}),
        ("Work", {"fields": ("max_minutes_per_day", "reliability", "user")}),
        ("Personal data", {"fields": ("phone", "id_number"), "classes": ("collapse",)}),
    )
    inlines = [AvailabilityInline]


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

    @admin.display(description="scene", ordering="booking__scene__code")
    def scene(self, call: Call) -> str:
        return call.booking.scene.code

    @admin.display(description="location", ordering="booking__location__code")
    def location(self, call: Call) -> str:
        return str(call.booking.location)

    @admin.display(description="starts at", ordering="booking__starts_at")
    def starts_at(self, call: Call):
        return call.booking.starts_at
