"""Query filters for performers and their availability."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_filters import rest_framework as filters
from rest_framework.exceptions import PermissionDenied, ValidationError

from actors.models import Availability, Performer
from core import roles
from core.days import PlanningDayFilter
from scheduling.api.access import filter_json_list_has
from scheduling.api.filters import WholeNumberFilter


class PerformerFilter(filters.FilterSet):
    age_min = WholeNumberFilter(field_name="age", lookup_expr="gte")
    age_max = WholeNumberFilter(field_name="age", lookup_expr="lte")
    tag = filters.CharFilter(method="filter_tag", label=gettext_lazy("has this look"))
    skill = filters.CharFilter(method="filter_skill", label=gettext_lazy("has this skill"))
    available_on = PlanningDayFilter(field_name="availability__date", distinct=True)
    phone = filters.CharFilter(
        method="filter_phone",
        label=gettext_lazy("no longer taken: POST performers/find with the phone in the body"),
    )

    class Meta:
        model = Performer
        fields = ["gender", "tier", "age_min", "age_max", "tag", "skill", "available_on", "phone"]

    def filter_tag(self, queryset, name, value):
        return filter_json_list_has(queryset, "tags", value)

    def filter_skill(self, queryset, name, value):
        return filter_json_list_has(queryset, "skills", value)

    def filter_phone(self, queryset, name, value):
        # A phone in the address is written to every access log on its way: the lookup takes
        # it in a body (PerformerViewSet.find). Guessing numbers one by one to learn whose they
        # are is the guild's right alone.
        if not roles.is_guild(self.request.user):
            raise PermissionDenied(_("Only the guild may look performers up by phone."))
        raise ValidationError(
            {
                "phone": [
                    _("send the phone in the body of POST performers/find, not in the address.")
                ]
            }
        )


class AvailabilityFilter(filters.FilterSet):
    performer = filters.CharFilter(field_name="performer__code")
    date_from = PlanningDayFilter(field_name="date", lookup_expr="gte")
    date_to = PlanningDayFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Availability
        fields = ["performer", "date", "date_from", "date_to"]
