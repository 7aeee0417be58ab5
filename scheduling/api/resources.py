"""The base's places over the API: zones, travel times, locations, closures; and token login.

Everyone with a role reads them (crews need them to ask for sets, the guild to match extras);
only operations staff change them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from core.fields import StrictCharField, StrictModelSerializer
from scheduling.api.access import Conflict, ResourceViewSet
from scheduling.api.filters import ClosureFilter, LocationFilter, TravelTimeFilter
from scheduling.models import Closure, Location, TravelTime, Zone
from scheduling.services.locations import LocationConflict, location_update


def tag_list() -> serializers.ListField:
    return serializers.ListField(
        child=StrictCharField(max_length=64), required=False, max_length=50
    )


class ZoneSerializer(StrictModelSerializer):
    class Meta:
        model = Zone
        fields = ["code", "name"]


class TravelTimeSerializer(StrictModelSerializer):
    from_zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())
    to_zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())
    minutes = serializers.IntegerField(min_value=1, max_value=24 * 60)

    class Meta:
        model = TravelTime
        fields = ["id", "from_zone", "to_zone", "minutes"]

    def validate(self, attrs):
        from_zone = attrs.get("from_zone", getattr(self.instance, "from_zone", None))
        to_zone = attrs.get("to_zone", getattr(self.instance, "to_zone", None))
        if from_zone == to_zone:
            raise serializers.ValidationError({"to_zone": [_("must differ from from_zone.")]})
        # Stored once per pair and read both ways: B->A is the same pair as A->B.
        reverse = TravelTime.objects.filter(from_zone=to_zone, to_zone=from_zone)
        if self.instance is not None:
            reverse = reverse.exclude(pk=self.instance.pk)
        if reverse.exists():
            raise serializers.ValidationError(
                {
                    "to_zone": [
                        _("the pair {a} - {b} already has a time.").format(
                            a=to_zone.code, b=from_zone.code
                        )
                    ]
                }
            )
        return attrs


class LocationSerializer(StrictModelSerializer):
    zone = serializers.SlugRelatedField(slug_field="code", queryset=Zone.objects.all())
    tags = tag_list()
    capacity = serializers.IntegerField(min_value=1, max_value=100, required=False)

    class Meta:
        model = Location
        fields = ["code", "name", "zone", "tags", "capacity", "cost_per_hour"]


class ClosureSerializer(StrictModelSerializer):
    location = serializers.SlugRelatedField(slug_field="code", queryset=Location.objects.all())

    class Meta:
        model = Closure
        fields = ["id", "location", "starts_at", "ends_at", "reason"]

    def validate(self, attrs):
        starts_at = attrs.get("starts_at", getattr(self.instance, "starts_at", None))
        ends_at = attrs.get("ends_at", getattr(self.instance, "ends_at", None))
        if ends_at <= starts_at:
            raise serializers.ValidationError({"ends_at": [_("must be after starts_at.")]})
        return attrs


class ZoneViewSet(ResourceViewSet):
    queryset = Zone.objects.all()
    serializer_class = ZoneSerializer
    lookup_field = "code"
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name"]


class TravelTimeViewSet(ResourceViewSet):
    queryset = TravelTime.objects.select_related("from_zone", "to_zone").order_by("id")
    serializer_class = TravelTimeSerializer
    filterset_class = TravelTimeFilter
    ordering_fields = ["id", "minutes"]


class LocationViewSet(ResourceViewSet):
    queryset = Location.objects.select_related("zone")
    serializer_class = LocationSerializer
    lookup_field = "code"
    filterset_class = LocationFilter
    search_fields = ["code", "name"]
    ordering_fields = ["code", "name", "capacity", "cost_per_hour"]

    def perform_update(self, serializer) -> None:
        try:
            serializer.instance = location_update(
                location=serializer.instance, **serializer.validated_data
            )
        except LocationConflict as conflict:
            raise Conflict(str(conflict)) from None


class ClosureViewSet(ResourceViewSet):
    queryset = Closure.objects.select_related("location")
    serializer_class = ClosureSerializer
    filterset_class = ClosureFilter
    search_fields = ["reason", "location__code"]
    ordering_fields = ["starts_at", "ends_at"]
