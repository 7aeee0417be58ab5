"""Change requests over the API: a crew asks to move or cancel a booked scene, ops decide.

Crews create and read their own crews' requests (another crew's is a 404); ops read all and
approve or refuse. Approving applies the change through the booking service, so a move that
breaks a hard rule is a ``409 {"message", "conflicts"}`` and the request stays pending.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from core.fields import StrictCharField, StrictModelSerializer
from crews.models import ChangeRequest, Scene
from crews.selectors import change_request_list
from crews.services import (
    ChangeRequestClosed,
    change_request_approve,
    change_request_create,
    change_request_refuse,
)
from scheduling.api.access import Conflict, ScopedSlugRelatedField, crews_for
from scheduling.api.bookings import AwareDateTimeField, ConflictSerializer, conflict_response
from scheduling.models import Booking, Location
from scheduling.selectors.bookings import ACTIVE, booking_list, local_iso
from scheduling.services.bookings import BookingConflict


@extend_schema_field(OpenApiTypes.INT)
class BookingIdField(ScopedSlugRelatedField):
    """A booking by id, among those the user sees."""


@extend_schema_field(OpenApiTypes.STR)
class SceneCodeField(ScopedSlugRelatedField):
    """A scene by code, among the user's crews'."""


class ChangeRequestSerializer(StrictModelSerializer):
    crew = StrictCharField(source="crew.code")
    scene = StrictCharField(source="scene.code")
    proposed_location = StrictCharField(source="proposed_location.code", allow_null=True)
    proposed_start = serializers.DateTimeField(source="proposed_starts_at")
    proposed_end = serializers.DateTimeField(source="proposed_ends_at")
    booked = serializers.SerializerMethodField()
    requested_by = StrictCharField(source="requested_by.username", allow_null=True)
    decided_by = StrictCharField(source="decided_by.username", allow_null=True)

    class Meta:
        model = ChangeRequest
        fields = [
            "id",
            "crew",
            "scene",
            "booking",
            "kind",
            "proposed_location",
            "proposed_start",
            "proposed_end",
            "reason",
            "status",
            "note",
            "booked",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
        ]
        read_only_fields = fields

    def get_booked(self, obj: ChangeRequest) -> dict:
        """Where and when the booking stands now."""
        booking = obj.booking
        return {
            "location": booking.location.code,
            "start": local_iso(booking.starts_at),
            "end": local_iso(booking.ends_at),
            "status": booking.status,
        }


class ChangeRequestCreateSerializer(serializers.Serializer):
    booking = BookingIdField(
        slug_field="pk",
        model=Booking,
        scope=lambda user: booking_list(user=user),
        required=False,
    )
    scene = SceneCodeField(
        slug_field="code",
        model=Scene,
        scope=lambda user: Scene.objects.filter(crew__in=crews_for(user)),
        required=False,
    )
    kind = serializers.ChoiceField(choices=ChangeRequest.Kind.choices)
    location = serializers.SlugRelatedField(
        slug_field="code", queryset=Location.objects.all(), required=False
    )
    start = AwareDateTimeField(required=False)
    end = AwareDateTimeField(required=False)
    reason = StrictCharField(max_length=2000)

    def validate(self, attrs):
        booking, scene = attrs.get("booking"), attrs.pop("scene", None)
        if (booking is None) == (scene is None):
            raise serializers.ValidationError(_("Name the booking or the scene (one of them)."))
        if scene is not None:
            booking = Booking.objects.filter(ACTIVE, scene=scene).first()
            if booking is None:
                raise serializers.ValidationError(
                    {"scene": [_("Scene {code} is not booked.").format(code=scene.code)]}
                )
            attrs["booking"] = booking
        if "start" in attrs and "end" in attrs and attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        return attrs


class DecisionSerializer(serializers.Serializer):
    note = StrictCharField(max_length=2000, required=False, allow_blank=True, default="")


class RefusalSerializer(serializers.Serializer):
    note = StrictCharField(max_length=2000)


@extend_schema_view(
    list=extend_schema(summary="Change requests (ops: all; crew users: their crews')"),
    retrieve=extend_schema(summary="One change request"),
)
class ChangeRequestViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = ChangeRequestSerializer
    filterset_fields = ["status", "kind"]
    ordering_fields = ["requested_at", "decided_at", "id"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return change_request_list(user=self.request.user)

    @extend_schema(
        summary="Ask to move or cancel a booked scene",
        request=ChangeRequestCreateSerializer,
        responses={201: ChangeRequestSerializer},
    )
    def create(self, request):
        payload = ChangeRequestCreateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            created = change_request_create(
                booking=data["booking"],
                kind=data["kind"],
                reason=data["reason"],
                user=request.user,
                location=data.get("location"),
                starts_at=data.get("start"),
                ends_at=data.get("end"),
            )
        except DjangoValidationError as error:
            raise ValidationError(error.message_dict) from error
        created = self.get_queryset().get(pk=created.pk)
        return Response(ChangeRequestSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Approve: apply the change to the bookings (ops)",
        request=DecisionSerializer,
        responses={
            200: ChangeRequestSerializer,
            409: OpenApiResponse(ConflictSerializer, description="The move breaks a hard rule."),
        },
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        payload = DecisionSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            change_request_approve(
                change_request=self.get_object(),
                user=request.user,
                note=payload.validated_data["note"],
            )
        except BookingConflict as conflict:
            return conflict_response(conflict)
        except ChangeRequestClosed as closed:
            raise Conflict(str(closed)) from closed
        except DjangoValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else error.messages
            raise ValidationError(messages) from error
        return Response(ChangeRequestSerializer(self.get_queryset().get(pk=pk)).data)

    @extend_schema(
        summary="Refuse, saying why (ops)",
        request=RefusalSerializer,
        responses={200: ChangeRequestSerializer},
    )
    @action(detail=True, methods=["post"])
    def refuse(self, request, pk=None):
        payload = RefusalSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        try:
            change_request_refuse(
                change_request=self.get_object(),
                user=request.user,
                note=payload.validated_data["note"],
            )
        except ChangeRequestClosed as closed:
            raise Conflict(str(closed)) from closed
        return Response(ChangeRequestSerializer(self.get_queryset().get(pk=pk)).data)
