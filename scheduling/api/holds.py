"""Holds over the API: a crew takes an option, operations confirms it (or it confirms itself
where the base allows), the crew or operations releases it.

``POST /api/v1/holds/`` takes an option as the options endpoint gives it (``scene``,
``location``, ``start``, ``end``) -> ``201`` with the hold (``booked``, with its booking, at a
self-confirming location), ``409 {"message", "conflicts"}`` when a hard rule or another hold is in
the way. ``POST /api/v1/holds/{id}/confirm`` (ops) -> ``201`` with the hold and its booking;
``POST /api/v1/holds/{id}/release`` (ops, the crew) -> ``200``.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from core import roles
from core.fields import StrictCharField, StrictModelSerializer
from crews.models import Scene
from scheduling.api.bookings import (
    CONFLICT,
    AwareDateTimeField,
    _as_drf,
    conflict_response,
)
from scheduling.models import Hold, Location
from scheduling.selectors.bookings import local_iso
from scheduling.services.bookings import BookingConflict
from scheduling.services.holds import hold_confirm, hold_create, hold_release


class HoldSerializer(StrictModelSerializer):
    scene = StrictCharField(source="scene.code")
    crew = StrictCharField(source="scene.crew.code")
    location = StrictCharField(source="location.code")
    start = serializers.SerializerMethodField()
    end = serializers.SerializerMethodField()
    expires_at = serializers.SerializerMethodField()

    class Meta:
        model = Hold
        fields = ["id", "scene", "crew", "location", "start", "end", "status", "expires_at"]
        fields += ["booking"]
        read_only_fields = fields

    def get_start(self, hold: Hold) -> str:
        return local_iso(hold.starts_at)

    def get_end(self, hold: Hold) -> str:
        return local_iso(hold.ends_at)

    def get_expires_at(self, hold: Hold) -> str:
        return local_iso(hold.expires_at)


class HoldCreateSerializer(serializers.Serializer):
    scene = StrictCharField()
    location = serializers.SlugRelatedField(
        slug_field="code", queryset=Location.objects.select_related("zone")
    )
    start = AwareDateTimeField()
    end = AwareDateTimeField()

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        return attrs


@extend_schema_view(
    list=extend_schema(summary="Holds (ops: all; crew users: their crews')"),
    retrieve=extend_schema(summary="One hold"),
)
class HoldViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = HoldSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        holds = Hold.objects.select_related("scene__crew", "location__zone").order_by(
            "starts_at", "pk"
        )
        if getattr(self, "swagger_fake_view", False) or roles.is_ops(self.request.user):
            return holds  # the schema generator asks with no user
        return holds.filter(scene__crew__members=self.request.user).distinct()

    @extend_schema(
        summary="Hold an option for a while (at a self-confirming location: book it)",
        request=HoldCreateSerializer,
        responses={201: HoldSerializer, 409: CONFLICT},
    )
    def create(self, request):
        payload = HoldCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        scenes = Scene.objects.select_related("crew").filter(code=data["scene"])
        if not roles.is_ops(request.user):
            scenes = scenes.filter(crew__members=request.user)
        scene = scenes.first()
        if scene is None:
            raise NotFound(_("No scene {code} that you may see.").format(code=data["scene"]))
        try:
            hold = hold_create(
                scene=scene,
                location=data["location"],
                starts_at=data["start"],
                ends_at=data["end"],
                user=request.user,
            )
        except BookingConflict as conflict:
            return conflict_response(conflict)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(HoldSerializer(hold).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Confirm a hold: it becomes a booking (ops)",
        request=None,
        responses={201: HoldSerializer, 409: CONFLICT},
    )
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None):
        hold = self.get_object()
        try:
            hold = hold_confirm(hold=hold, user=request.user)
        except BookingConflict as conflict:
            return conflict_response(conflict)
        return Response(HoldSerializer(hold).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Release a hold", request=None, responses={200: HoldSerializer})
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None):
        hold = hold_release(hold=self.get_object(), user=request.user)
        return Response(HoldSerializer(hold).data)
