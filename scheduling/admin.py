"""The operations centre's screens for the base's places and the calendar of bookings.

Who may use the admin follows the API's roles, not per-model Django permissions: ops staff
(``is_staff`` and group ``ops``) edit everything; the guild (``is_staff`` and group ``guild``)
edits performers and reads the rest. Bookings are read-only here: they are made through the API
or a published plan, whose services keep the hard rules (capacity, closures, crew overlaps).
"""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core import roles
from core.admin_chips import chips_column
from scheduling.models import Booking, Closure, Hold, HotSet, Location, PlanRun, TravelTime, Zone


class RoleAdmin(admin.ModelAdmin):
    """Ops may do everything; the guild may read (``guild_edits`` lets it edit too)."""

    guild_edits = False
    list_per_page = 50

    def _ops(self, request) -> bool:
        return roles.is_ops(request.user)

    def _guild(self, request) -> bool:
        return roles.is_guild(request.user)

    def has_module_permission(self, request) -> bool:
        return self._ops(request) or self._guild(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._ops(request) or self._guild(request)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._ops(request) or (self.guild_edits and self._guild(request))

    def has_change_permission(self, request, obj=None) -> bool:
        return self._ops(request) or (self.guild_edits and self._guild(request))

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._ops(request) or (self.guild_edits and self._guild(request))


class RoleInline:
    """Inlines follow their parent screen's rules."""

    guild_edits = False

    def has_view_permission(self, request, obj=None) -> bool:
        return roles.is_ops(request.user) or roles.is_guild(request.user)

    def has_add_permission(self, request, obj=None) -> bool:
        return roles.is_ops(request.user) or (self.guild_edits and roles.is_guild(request.user))

    has_change_permission = has_add_permission
    has_delete_permission = has_add_permission


class LocationInline(RoleInline, admin.TabularInline):
    model = Location
    fields = ("code", "name", "tags", "capacity", "cost_per_hour")
    extra = 0
    show_change_link = True


@admin.register(Zone)
class ZoneAdmin(RoleAdmin):
    list_display = ("code", "name")
    search_fields = ("code", "name")
    inlines = [LocationInline]


@admin.register(TravelTime)
class TravelTimeAdmin(RoleAdmin):
    list_display = ("from_zone", "to_zone", "minutes")
    list_filter = ("from_zone", "to_zone")
    search_fields = ("from_zone__name", "to_zone__name", "from_zone__code", "to_zone__code")
    list_select_related = ("from_zone", "to_zone")


class ClosureInline(RoleInline, admin.TabularInline):
    model = Closure
    fields = ("starts_at", "ends_at", "reason")
    extra = 0


@admin.register(Location)
class LocationAdmin(RoleAdmin):
    list_display = (
        "code",
        "name",
        "zone",
        chips_column("tags", _("tags")),
        "capacity",
        "cost_per_hour",
    )
    list_filter = ("zone", "capacity")
    search_fields = ("code", "name", "zone__name")
    list_select_related = ("zone",)
    inlines = [ClosureInline]


@admin.register(Closure)
class ClosureAdmin(RoleAdmin):
    list_display = ("location", "starts_at", "ends_at", "reason")
    list_filter = ("location__zone",)
    search_fields = ("location__code", "location__name", "reason")
    date_hierarchy = "starts_at"
    list_select_related = ("location",)
    autocomplete_fields = ("location",)


@admin.register(Booking)
class BookingAdmin(RoleAdmin):
    list_display = ("scene", "crew", "location", "starts_at", "ends_at", "status", "source")
    list_filter = (
        "status",
        "source",
        "location__zone",
        ("location", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("scene__code", "scene__crew__name", "scene__crew__code", "location__name")
    date_hierarchy = "starts_at"
    list_select_related = ("scene__crew", "location")
    readonly_fields = ("created_at", "created_by")

    @admin.display(description=_("crew"), ordering="scene__crew__code")
    def crew(self, booking: Booking) -> str:
        return str(booking.scene.crew)

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PlanRun)
class PlanRunAdmin(RoleAdmin):
    """Planning runs, read-only: they are started, watched and published through the API."""

    list_display = ("id", "status", "trigger", "start", "days", "value", "bound", "created_at")
    list_filter = ("status", "trigger", "start")
    date_hierarchy = "created_at"
    list_select_related = ("created_by", "published_by")
    exclude = ("instance", "plan", "bookings_read")
    readonly_fields = ("progress", "stats", "unscheduled", "error")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


# The admin's own title, in the base's words (Chinese by default, like the rest).
admin.site.site_header = _("Hengdian production scheduling")
admin.site.site_title = _("Hengdian production scheduling")


# --- reception: hot sets (set by the operations centre) and holds (read; crews take them) ---


class HotSetInline(RoleInline, admin.StackedInline):
    model = HotSet
    extra = 0
    max_num = 1


LocationAdmin.inlines = [*LocationAdmin.inlines, HotSetInline]


@admin.register(HotSet)
class HotSetAdmin(RoleAdmin):
    list_display = ("location", "cap_minutes", "period")
    list_filter = ("period",)
    search_fields = ("location__code", "location__name")
    list_select_related = ("location",)


@admin.register(Hold)
class HoldAdmin(RoleAdmin):
    list_display = ("scene", "location", "starts_at", "ends_at", "status", "expires_at")
    list_filter = ("status",)
    search_fields = ("scene__code", "location__code")
    list_select_related = ("scene", "location")
    readonly_fields = [field.name for field in Hold._meta.fields]

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # a hold is taken through reception, where the rules are checked


# Billing's screens (tariff, bills) live beside its models.
import scheduling.billing.admin  # noqa: E402, F401

# Registered from its own module (the disruption screens grew apart from the places' ones).
from scheduling import admin_disruptions  # noqa: E402, F401
