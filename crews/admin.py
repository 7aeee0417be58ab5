"""Screens for crews, their scenes and what each scene needs (roles as in scheduling.admin)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin_chips import chips_column
from crews.models import CastMember, ChangeRequest, Crew, ExtrasLine, Scene
from scheduling.admin import RoleAdmin, RoleInline


class SceneInline(RoleInline, admin.TabularInline):
    model = Scene
    fields = ("code", "title", "minutes", "time_of_day", "first_date", "last_date", "priority")
    extra = 0
    show_change_link = True


class CastMemberInline(RoleInline, admin.TabularInline):
    model = CastMember
    fields = ("code", "name", "day_rate")
    extra = 0


@admin.register(Crew)
class CrewAdmin(RoleAdmin):
    list_display = ("code", "name", "genre", "priority", "first_date", "last_date")
    list_filter = ("genre", "priority")
    search_fields = ("code", "name")
    date_hierarchy = "first_date"
    filter_horizontal = ("members",)
    inlines = [SceneInline, CastMemberInline]


class ExtrasLineInline(RoleInline, admin.TabularInline):
    model = ExtrasLine
    fields = ("position", "count", "gender", "min_age", "max_age", "tags", "skills")
    extra = 0


@admin.register(Scene)
class SceneAdmin(RoleAdmin):
    list_display = (
        "code",
        "title",
        "crew",
        "minutes",
        "time_of_day",
        "first_date",
        "last_date",
        "priority",
    )
    list_filter = ("time_of_day", "priority", "crew__genre")
    search_fields = ("code", "title", "crew__code", "crew__name")
    list_select_related = ("crew",)
    autocomplete_fields = ("crew", "cast", "locations")
    inlines = [ExtrasLineInline]


@admin.register(CastMember)
class CastMemberAdmin(RoleAdmin):
    list_display = ("code", "name", "crew", "day_rate")
    search_fields = ("code", "name", "crew__code", "crew__name")
    list_filter = ("crew__genre",)
    list_select_related = ("crew",)
    autocomplete_fields = ("crew",)


@admin.register(ExtrasLine)
class ExtrasLineAdmin(RoleAdmin):
    list_display = (
        "scene",
        "position",
        "count",
        "gender",
        "min_age",
        "max_age",
        chips_column("tags", _("looks")),
        chips_column("skills", _("skills")),
    )
    list_filter = ("gender",)
    search_fields = ("scene__code", "scene__crew__name")
    list_select_related = ("scene",)
    autocomplete_fields = ("scene",)


@admin.register(ChangeRequest)
class ChangeRequestAdmin(RoleAdmin):
    """Crews' requests to move or cancel a scene; decided through the API, which books them."""

    list_display = ("id", "crew", "scene", "kind", "status", "requested_at", "decided_at")
    list_filter = ("status", "kind")
    search_fields = ("scene__code", "crew__code", "reason")
    list_select_related = ("crew", "scene")
    date_hierarchy = "requested_at"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
