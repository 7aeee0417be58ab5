"""Query filters for the base's places: zones, travel times, locations and closures."""

from __future__ import annotations

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters

from core.days import PlanningDayFilter
from scheduling.api.access import filter_json_list_has
from scheduling.models import Closure, Location, TravelTime


class WholeNumberFilter(filters.NumberFilter):
    """A number filter for a whole-number field: ``?priority=1.5`` is a 400, not "no match"
    (django-filter's NumberFilter takes any decimal; the schema says integer)."""

    field_class = forms.IntegerField


class TravelTimeFilter(filters.FilterSet):
    zone = filters.CharFilter(method="filter_zone", label=_("either end's zone code"))
    from_zone = filters.CharFilter(field_name="from_zone__code")
    to_zone = filters.CharFilter(field_name="to_zone__code")

    class Meta:
        model = TravelTime
        fields = ["zone", "from_zone", "to_zone"]

    def filter_zone(self, queryset, name, value):
        return queryset.filter(Q(from_zone__code=value) | Q(to_zone__code=value))


class LocationFilter(filters.FilterSet):
    zone = filters.CharFilter(field_name="zone__code")
    tag = filters.CharFilter(method="filter_tag", label=_("has this tag"))
    capacity_min = WholeNumberFilter(field_name="capacity", lookup_expr="gte")

    class Meta:
        model = Location
        fields = ["zone", "tag", "capacity_min"]

    def filter_tag(self, queryset, name, value):
        return filter_json_list_has(queryset, "tags", value)


class ClosureFilter(filters.FilterSet):
    location = filters.CharFilter(field_name="location__code")
    zone = filters.CharFilter(field_name="location__zone__code")
    date_from = PlanningDayFilter(field_name="ends_at", lookup_expr="date__gte")
    date_to = PlanningDayFilter(field_name="starts_at", lookup_expr="date__lte")

    class Meta:
        model = Closure
        fields = ["location", "zone", "date_from", "date_to"]
