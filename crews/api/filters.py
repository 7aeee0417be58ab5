"""Query filters for crews, their cast, scenes and extras lines."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.days import PlanningDayFilter
from crews.models import CastMember, Crew, ExtrasLine, Scene
from scheduling.api.access import filter_json_list_has
from scheduling.api.filters import WholeNumberFilter


class CrewFilter(filters.FilterSet):
    priority = WholeNumberFilter()
    on_base = PlanningDayFilter(method="filter_on_base", label=_("on the base that day"))

    class Meta:
        model = Crew
        fields = ["genre", "priority", "on_base"]

    def filter_on_base(self, queryset, name, value):
        return queryset.filter(first_date__lte=value, last_date__gte=value)


class CastMemberFilter(filters.FilterSet):
    crew = filters.CharFilter(field_name="crew__code")

    class Meta:
        model = CastMember
        fields = ["crew"]


class SceneFilter(filters.FilterSet):
    crew = filters.CharFilter(field_name="crew__code")
    # Scenes whose day window overlaps [date_from, date_to].
    date_from = PlanningDayFilter(field_name="last_date", lookup_expr="gte")
    date_to = PlanningDayFilter(field_name="first_date", lookup_expr="lte")
    location = filters.CharFilter(field_name="locations__code", distinct=True)
    location_tag = filters.CharFilter(method="filter_location_tag", label=_("asks for this tag"))
    priority = WholeNumberFilter()

    class Meta:
        model = Scene
        fields = ["crew", "time_of_day", "priority", "date_from", "date_to", "location"]

    def filter_location_tag(self, queryset, name, value):
        return filter_json_list_has(queryset, "location_tags", value)


class ExtrasLineFilter(filters.FilterSet):
    scene = filters.CharFilter(field_name="scene__code")
    crew = filters.CharFilter(field_name="scene__crew__code")

    class Meta:
        model = ExtrasLine
        fields = ["scene", "crew", "gender"]
