"""Disruptions over the API (ops only): report a closure, list and read them.

``POST /api/v1/disruptions/`` (fixed by the contract) takes ``{"locations": [codes]}`` or
``{"tag": "outdoor", "zone": code}`` with ``start``, ``end`` and ``reason``, closes those
locations over that time and answers ``201 {"id", "locations", "bookings_hit", "plan_run"}``;
the repair run it queued (when it hit bookings in force) is followed at ``/plan-runs/{id}/``.
Malformed input is a ``400`` naming the field and writes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from core.fields import StrictCharField, StrictModelSerializer
from scheduling.api.bookings import AwareDateTimeField
from scheduling.models import Disruption, Location, Zone
from scheduling.selectors.disruptions import disruption_list, locations_tagged
from scheduling.services.disruptions import disruption_close

MAX_LOCATIONS = 500


class DisruptionCreateSerializer(serializers.Serializer):
    locations = serializers.ListField(
        child=StrictCharField(max_length=64),
        allow_empty=False,
        max_length=MAX_LOCATIONS,
        required=False,
    )
    tag = StrictCharField(max_length=64, required=False)
    zone = StrictCharField(max_length=64, required=False)
    start = AwareDateTimeField()
    end = AwareDateTimeField()
    reason = StrictCharField(max_length=200)

    def validate(self, attrs):
        has_locations, has_tag = "locations" in attrs, "tag" in attrs
        if not has_locations and not has_tag:
            raise serializers.ValidationError(
                {"locations": [_("Give the locations to close, or a tag (and a zone).")]}
            )
        if has_locations and has_tag:
            raise serializers.ValidationError(
                {"tag": [_("Give the locations to close or a tag, not both.")]}
            )
        if "zone" in attrs and not has_tag:
            raise serializers.ValidationError({"zone": [_("A zone narrows a tag; give a tag.")]})
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        attrs["zone"] = self._zone(attrs.get("zone"))
        attrs["locations"] = (
            self._locations(attrs["locations"])
            if has_locations
            else self._tagged(attrs["tag"], attrs["zone"])
        )
        return attrs

    def _zone(self, code: str | None) -> Zone | None:
        if code is None:
            return None
        zone = Zone.objects.filter(code=code).first()
        if zone is None:
            raise serializers.ValidationError(
                {"zone": [_("Unknown zone code: {code}.").format(code=code)]}
            )
        return zone

    def _locations(self, codes: list[str]) -> list[Location]:
        found = {loc.code: loc for loc in Location.objects.filter(code__in=codes)}
        unknown = sorted(set(codes) - set(found))
        if unknown:
            raise serializers.ValidationError(
                {
                    "locations": [
                        _("Unknown location code(s): {codes}.").format(codes=", ".join(unknown))
                    ]
                }
            )
        return [found[code] for code in sorted(set(codes))]

    def _tagged(self, tag: str, zone: Zone | None) -> list[Location]:
        locations = locations_tagged(tag=tag, zone=zone)
        if not locations:
            raise serializers.ValidationError(
                {"tag": [_("No location carries the tag {tag} there.").format(tag=tag)]}
            )
        return locations


class DisruptionSerializer(StrictModelSerializer):
    locations = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    zone = serializers.SlugRelatedField(slug_field="code", read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    start = serializers.DateTimeField(source="starts_at", read_only=True)
    end = serializers.DateTimeField(source="ends_at", read_only=True)

    class Meta:
        model = Disruption
        fields = [
            "id",
            "kind",
            "source",
            "reason",
            "start",
            "end",
            "tag",
            "zone",
            "locations",
            "bookings_hit",
            "plan_run",
            "lifted_at",
            "created_at",
            "created_by",
        ]
        read_only_fields = fields


_created = inline_serializer(
    "DisruptionCreated",
    {
        "id": serializers.IntegerField(),
        "locations": serializers.ListField(child=StrictCharField()),
        "bookings_hit": serializers.ListField(child=serializers.IntegerField()),
        "plan_run": serializers.IntegerField(allow_null=True),
    },
)


class DisruptionViewSet(
    mixins.CreateModelMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Disruptions reported to the operations centre, newest first."""

    serializer_class = DisruptionSerializer
    queryset = disruption_list()

    @extend_schema(request=DisruptionCreateSerializer, responses={201: _created})
    def create(self, request):
        query = DisruptionCreateSerializer(data=request.data)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        disruption = disruption_close(
            locations=data["locations"],
            starts_at=data["start"],
            ends_at=data["end"],
            reason=data["reason"],
            tag=data.get("tag", ""),
            zone=data["zone"],
            user=request.user,
        )
        body = {
            "id": disruption.pk,
            "locations": [location.code for location in data["locations"]],
            "bookings_hit": disruption.bookings_hit,
            "plan_run": disruption.plan_run_id,
        }
        return Response(body, status=status.HTTP_201_CREATED)
