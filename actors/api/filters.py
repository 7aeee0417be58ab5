"""Query filters for performers and their availability."""

from __future__ import annotations

from django_filters import rest_framework as filters

from actors.models import Availability, Performer
from scheduling.api.access import filter_json_list_has


class PerformerFilter(filters.FilterSet):
    age_min = filters.NumberFilter(field_name="age", lookup_expr="gte")
    age_max = filters.NumberFilter(field_name="age", lookup_expr="lte")
    tag = filters.CharFilter(method="filter_tag", label="has this look")
    skill = filters.CharFilter(method="filter_skill", label="has this skill")
    available_on = filters.DateFilter(field_name="availability__date", distinct=True)

    class Meta:
        model = Performer
        fields = ["gender", "tier", "age_min", "age_max", "tag", "skill", "available_on"]

    def filter_tag(self, queryset, name, value):
        return filter_json_list_has(queryset, "tags", value)

    def filter_skill(self, queryset, name, value):
        return filter_json_list_has(queryset, "skills", value)


class AvailabilityFilter(filters.FilterSet):
    performer = filters.CharFilter(field_name="performer__code")
    date_from = filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Availability
        fields = ["performer", "date", "date_from", "date_to"]
