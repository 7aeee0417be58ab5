"""Bookings over the API, a crew's call sheet and a performer's calls.

Views validate input, call one service or selector and serialise the result. A booking that
would break a hard rule is a ``409 {"message", "conflicts": [...]}``; malformed input is a
``400`` naming the field, and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.models import Performer
from core.days import PlanningDayFilter, current_shooting_day, query_day, this_shooting_week
from core.fields import StrictCharField, StrictModelSerializer
from core.shooting_day import shooting_day_bounds
from crews.models import Scene
from scheduling.api.booking_schemas import CallSheetSerializer, PerformerCallsSerializer
from scheduling.models import Booking, Location
from scheduling.selectors.bookings import (
    booking_list,
    call_sheet_get,
    crew_visible_get,
    performer_calls_list,
    performer_visible_get,
)
from scheduling.services.bookings import (
    BookingConflict,
    booking_cancel,
    booking_confirm,
    booking_create,
    booking_move,
)

MAX_CALL_RANGE_DAYS = 92


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 date and time that must carry its UTC offset (``2026-12-01T08:00+08:00``)."""

    def to_internal_value(self, value):
        parsed = super().to_internal_value(value)
        if isinstance(value, str) and parsed is not None and not _has_offset(value):
            raise serializers.ValidationError(
                _("Give the UTC offset too, like 2026-12-01T08:00:00+08:00.")
            )
        return parsed


def _has_offset(text: str) -> bool:
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).tzinfo is not None
    except ValueError:
        return False


class BookingSerializer(StrictModelSerializer):
    scene = StrictCharField(source="scene.code")
    crew = StrictCharField(source="scene.crew.code")
    location = StrictCharField(source="location.code")
    location_name = StrictCharField(source="location.name")
    zone = StrictCharField(source="location.zone.code")
    start = serializers.DateTimeField(source="starts_at")
    end = serializers.DateTimeField(source="ends_at")

    class Meta:
        model = Booking
        fields = [
            "id",
            "scene",
            "crew",
            "location",
            "location_name",
            "zone",
            "start",
            "end",
            "status",
            "source",
            "created_at",
        ]
        read_only_fields = fields


# A wrong code answers a sentence a person can act on, not "Object with code=... does not exist".
NO_SCENE = {
    "does_not_exist": gettext_lazy(
        "There is no scene {value}: check the code (crew code, then -S and the number)."
    )
}
NO_LOCATION = {
    "does_not_exist": gettext_lazy("There is no location {value}: check the code (L and a number).")
}


class BookingCreateSerializer(serializers.Serializer):
    scene = serializers.SlugRelatedField(
        slug_field="code", queryset=Scene.objects.select_related("crew"), error_messages=NO_SCENE
    )
    location = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Location.objects.select_related("zone"),
        error_messages=NO_LOCATION,
    )
    start = AwareDateTimeField()
    end = AwareDateTimeField()

    def validate(self, attrs):
        if attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        return attrs


class BookingChangeSerializer(serializers.Serializer):
    """A move (location, start, end) and/or a confirmation (``"status": "confirmed"``)."""

    location = serializers.SlugRelatedField(
        slug_field="code",
        queryset=Location.objects.select_related("zone"),
        required=False,
        error_messages=NO_LOCATION,
    )
    start = AwareDateTimeField(required=False)
    end = AwareDateTimeField(required=False)
    status = serializers.ChoiceField(
        choices=[Booking.Status.CONFIRMED],
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Only 'confirmed' can be set here; cancel with POST .../cancel."
            )
        },
    )

    def validate(self, attrs):
        if not attrs:
            raise serializers.ValidationError(_("Give a location, start, end or status to change."))
        if "end" in attrs and "start" in attrs and attrs["end"] <= attrs["start"]:
            raise serializers.ValidationError({"end": [_("The end must be after the start.")]})
        return attrs


class ConflictSerializer(serializers.Serializer):
    message = StrictCharField()
    conflicts = serializers.ListField(child=serializers.DictField())


class BookingFilter(django_filters.FilterSet):
    location = django_filters.CharFilter(field_name="location__code")
    crew = django_filters.CharFilter(field_name="scene__crew__code")
    scene = django_filters.CharFilter(field_name="scene__code")
    status = django_filters.ChoiceFilter(choices=Booking.Status.choices)
    date = PlanningDayFilter(
        method="on_date",
        label=gettext_lazy("Shooting day (YYYY-MM-DD): bookings starting in it, nights included"),
    )

    class Meta:
        model = Booking
        fields = ["location", "crew", "scene", "status", "date"]

    def on_date(self, queryset, name, value):
        start, end = shooting_day_bounds(value)
        return queryset.filter(starts_at__gte=start, starts_at__lt=end)


def conflict_response(conflict: BookingConflict) -> Response:
    count = len(conflict.conflicts)
    message = conflict.conflicts[0]["message"]
    if count > 1:
        message = _("The booking would break {count} rules: {rules}").format(
            count=count, rules=conflict
        )
    return Response(
        {"message": message, "conflicts": conflict.conflicts}, status=status.HTTP_409_CONFLICT
    )


def _as_drf(exc: DjangoValidationError) -> DRFValidationError:
    return DRFValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


CONFLICT = OpenApiResponse(ConflictSerializer, description="The booking breaks a hard rule.")


@extend_schema_view(
    list=extend_schema(summary="Bookings (ops and guild: all; crew users: their crews')"),
    retrieve=extend_schema(summary="One booking"),
)
class BookingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = BookingSerializer
    filterset_class = BookingFilter
    ordering_fields = ["starts_at", "ends_at", "id"]
    search_fields = ["scene__code", "location__code", "location__name"]
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        return booking_list(user=self.request.user)

    @extend_schema(
        summary="Book a scene at a location",
        request=BookingCreateSerializer,
        responses={201: BookingSerializer, 409: CONFLICT},
    )
    def create(self, request):
        payload = BookingCreateSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            booking = booking_create(
                scene=data["scene"],
                location=data["location"],
                starts_at=data["start"],
                ends_at=data["end"],
                user=request.user,
            )
        except BookingConflict as conflict:
            return conflict_response(conflict)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(BookingSerializer(booking).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Move and/or confirm a booking",
        request=BookingChangeSerializer,
        responses={200: BookingSerializer, 409: CONFLICT},
    )
    def partial_update(self, request, pk=None):
        booking = self.get_object()
        payload = BookingChangeSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            confirm = data.get("status") == Booking.Status.CONFIRMED
            if {"location", "start", "end"} & data.keys():
                booking = booking_move(
                    booking=booking,
                    location=data.get("location"),
                    starts_at=data.get("start"),
                    ends_at=data.get("end"),
                    confirm=confirm,
                )
            elif confirm:
                booking = booking_confirm(booking=booking)
        except BookingConflict as conflict:
            return conflict_response(conflict)
        except DjangoValidationError as exc:
            raise _as_drf(exc) from exc
        return Response(BookingSerializer(booking).data)

    @extend_schema(summary="Cancel a booking", request=None, responses={200: BookingSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        booking = booking_cancel(booking=self.get_object())
        return Response(BookingSerializer(booking).data)


def performer_for_calls(*, user, code: str) -> Performer:
    """The performer whose calls a user asked for: the guild's, or the performer's own.

    A performer the user may not see (another performer's) is a 404; who may use the route at
    all is the access policy's (core.policy).
    """
    performer = performer_visible_get(user=user, code=code)
    if performer is None:
        raise NotFound(_("No performer {code} that you may see.").format(code=code))
    return performer


class CallSheetView(APIView):
    @extend_schema(
        summary="A crew's call sheet for one day",
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description="the shooting day; default: today's"
            )
        ],
        responses={200: CallSheetSerializer},
    )
    def get(self, request, code: str):
        crew = crew_visible_get(user=request.user, code=code)
        if crew is None:
            raise NotFound(_("No crew {code} that you may see.").format(code=code))
        day = query_day(request, "date", default=current_shooting_day())
        return Response(call_sheet_get(crew=crew, date=day))


class PerformerCallsView(APIView):
    @extend_schema(
        summary="A performer's calls between two days (inclusive)",
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="default: this week's Monday"),
            OpenApiParameter("to", OpenApiTypes.DATE, description="default: this week's Sunday"),
        ],
        responses={200: PerformerCallsSerializer},
    )
    def get(self, request, code: str):
        performer = performer_for_calls(user=request.user, code=code)
        if request.query_params.get("from") or request.query_params.get("to"):
            date_from, date_to = query_day(request, "from"), query_day(request, "to")
        else:
            date_from, date_to = this_shooting_week()
        if date_to < date_from:
            raise DRFValidationError({"to": [_("Must be on or after 'from'.")]})
        if (date_to - date_from).days >= MAX_CALL_RANGE_DAYS:
            raise DRFValidationError(
                {"to": [_("Ask for at most {days} days.").format(days=MAX_CALL_RANGE_DAYS)]}
            )
        return Response(
            performer_calls_list(performer=performer, date_from=date_from, date_to=date_to)
        )
