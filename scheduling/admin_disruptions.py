"""The operations centre's screen of disruptions: report one, see what it hit and its repair.

A closure reported here goes through the same service as the API (its closures are written and
the repair run is queued once its locations are saved); a crew leaving early or a cast member
unavailable queues a repair that keeps their scenes off those days. What a disruption hit and
which run repairs it are read-only.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from scheduling.admin import RoleAdmin
from scheduling.models import Disruption
from scheduling.services.disruptions import (
    disruption_closures_apply,
    disruption_lift,
    disruption_people_apply,
)


@admin.register(Disruption)
class DisruptionAdmin(RoleAdmin):
    list_display = (
        "id",
        "kind",
        "source",
        "reason",
        "starts_at",
        "ends_at",
        "plan_run",
        "lifted_at",
    )
    list_filter = ("kind", "source")
    search_fields = ("reason", "tag", "locations__code")
    list_select_related = ("plan_run",)
    filter_horizontal = ("locations",)
    date_hierarchy = "starts_at"
    readonly_fields = ("bookings_hit", "plan_run", "lifted_at", "created_at", "created_by")
    fields = (
        "kind",
        "reason",
        "starts_at",
        "ends_at",
        "locations",
        "tag",
        "zone",
        "crew",
        "cast_member",
        *readonly_fields,
    )
    actions = ["lift"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return self.readonly_fields
        # A stored disruption's closures were written from these: change them by lifting it
        # and reporting a new one.
        return (*self.readonly_fields, "kind", "starts_at", "ends_at", "locations", "tag", "zone")

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        disruption = form.instance
        if change:
            return
        if disruption.kind == Disruption.Kind.CLOSURE:
            disruption_closures_apply(disruption=disruption, user=request.user)
        else:
            disruption_people_apply(disruption=disruption, user=request.user)

    @admin.action(description=_("Lift: reopen the locations now"))
    def lift(self, request, queryset) -> None:
        for disruption in queryset:
            disruption_lift(disruption_id=disruption.pk, user=request.user)
        self.message_user(request, _("Lifted."), messages.SUCCESS)
