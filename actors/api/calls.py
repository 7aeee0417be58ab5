"""Calls over the API: who is called where and when, and moving a call through its states.

Who sees which calls: ops and the guild all; a crew those of its own scenes (performers' names
masked, no check-in code); a performer their own. Who moves them:

- confirm, decline: the guild, or the performer for their own call;
- release, no-show: the guild;
- check-in (``POST /calls/check-in`` with the code): the guild, or the crew whose scene it is.

A decline or a no-show gives the place at once to the best candidate (a new call, returned as
``replacement``) and lists the next ones (``candidates``) for the guild to choose by hand.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import (
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
    inline_serializer,
)
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from actors.models import Call
from actors.privacy import mask_name
from actors.services.calls import (
    CallStateError,
    CheckInCodeNotValid,
    CheckInCodeUnknown,
    call_check_in,
    call_confirm,
    call_decline,
    call_no_show,
    call_release,
)
from core import roles
from core.days import PlanningDayField, PlanningDayFilter
from core.fields import StrictCharField, StrictModelSerializer
from core.policy import PERFORMER, role_of
from core.throttles import TOO_MANY, GuessThrottle
from scheduling.api.access import Conflict
from scheduling.api.filters import WholeNumberFilter


def calls_for(user: User | AnonymousUser) -> QuerySet[Call]:
    """Calls a user sees: all for ops and the guild, its scenes' for a crew, theirs for a
    performer."""
    role = role_of(user)
    if role in (roles.OPS, roles.GUILD):
        calls = Call.objects.all()
    elif role == roles.CREW:
        calls = Call.objects.filter(booking__scene__crew__members=user).distinct()
    elif role == PERFORMER:
        calls = Call.objects.filter(performer__user=user)
    else:
        calls = Call.objects.none()
    return calls.select_related(
        "performer", "extras_line", "booking__scene__crew", "booking__location__zone"
    ).order_by("booking__starts_at", "pk")


class CallFilter(filters.FilterSet):
    state = filters.MultipleChoiceFilter(choices=Call.State.choices)
    performer = filters.CharFilter(field_name="performer__code")
    scene = filters.CharFilter(field_name="booking__scene__code")
    crew = filters.CharFilter(field_name="booking__scene__crew__code")
    booking = WholeNumberFilter(field_name="booking_id")
    date_from = PlanningDayFilter(field_name="booking__starts_at__date", lookup_expr="gte")
    date_to = PlanningDayFilter(field_name="booking__starts_at__date", lookup_expr="lte")

    class Meta:
        model = Call
        fields = ["state", "performer", "scene", "crew", "booking", "date_from", "date_to"]


class LookSerializer(serializers.Serializer):
    gender = StrictCharField()
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField()
    tags = serializers.ListField(child=StrictCharField())
    skills = serializers.ListField(child=StrictCharField())


class CallSerializer(StrictModelSerializer):
    """A call as the guild, ops and the performer see it: when, where, which crew, what look."""

    performer = StrictCharField(source="performer.code", read_only=True)
    performer_name = serializers.SerializerMethodField()
    crew = StrictCharField(source="booking.scene.crew.code", read_only=True)
    crew_name = StrictCharField(source="booking.scene.crew.name", read_only=True)
    scene = StrictCharField(source="booking.scene.code", read_only=True)
    scene_title = StrictCharField(source="booking.scene.title", read_only=True)
    location = StrictCharField(source="booking.location.code", read_only=True)
    location_name = StrictCharField(source="booking.location.name", read_only=True)
    zone_name = StrictCharField(source="booking.location.zone.name", read_only=True)
    starts_at = serializers.DateTimeField(source="booking.starts_at", read_only=True)
    ends_at = serializers.DateTimeField(source="booking.ends_at", read_only=True)
    look = serializers.SerializerMethodField()

    class Meta:
        model = Call
        fields = [
            "id",
            "state",
            "performer",
            "performer_name",
            "crew",
            "crew_name",
            "scene",
            "scene_title",
            "location",
            "location_name",
            "zone_name",
            "starts_at",
            "ends_at",
            "look",
            "check_in_code",
            "replaces",
            "called_at",
            "confirmed_at",
            "declined_at",
            "checked_in_at",
            "no_show_at",
            "released_at",
        ]
        read_only_fields = fields

    def get_performer_name(self, call: Call) -> str:
        return call.performer.name

    @extend_schema_field(LookSerializer)
    def get_look(self, call: Call) -> dict:
        line = call.extras_line
        return {
            "gender": line.gender,
            "min_age": line.min_age,
            "max_age": line.max_age,
            "tags": line.tags,
            "skills": line.skills,
        }


class CrewCallSerializer(CallSerializer):
    """A call as a crew sees it: the performer's name masked, no check-in code (the crew scans
    the performer's code; holding it would let it check anyone in unseen)."""

    class Meta(CallSerializer.Meta):
        fields = [f for f in CallSerializer.Meta.fields if f != "check_in_code"]
        read_only_fields = fields

    def get_performer_name(self, call: Call) -> str:
        return mask_name(call.performer.name)


class CallDocumentedSerializer(CallSerializer):
    """The schema of a call as every role sees it: crews get no ``check_in_code``, so the
    schema may not call it required (the fuzzer caught the crew's answer breaking it)."""

    check_in_code = StrictCharField(required=False, help_text="Not shown to crews.")


class CandidateSerializer(serializers.Serializer):
    """A performer who may take the place, as ranked by ``actors.selectors.extras_candidates``."""

    rank = serializers.IntegerField()
    performer = StrictCharField(source="performer.code")
    name = StrictCharField(source="performer.name")
    reliability = serializers.FloatField(source="performer.reliability")
    minutes_left_today = serializers.IntegerField()
    minutes_last_7_days = serializers.IntegerField()
    last_worked_on = PlanningDayField(allow_null=True)
    reasons = serializers.ListField(child=StrictCharField())


class CallMoveSerializer(serializers.Serializer):
    """A move's outcome; ``replacement`` and ``candidates`` are shown to the guild only."""

    call = CallSerializer()
    replaced = serializers.BooleanField(read_only=True)
    replacement = CallSerializer(allow_null=True)
    candidates = CandidateSerializer(many=True)
    reliability = serializers.FloatField(allow_null=True)


class CheckInSerializer(serializers.Serializer):
    code = StrictCharField(max_length=32, trim_whitespace=True)


class ReleaseSerializer(serializers.Serializer):
    released_at = serializers.DateTimeField(required=False)


_error = inline_serializer("CallError", {"message": StrictCharField()})
_MOVE_RESPONSES = {
    200: CallMoveSerializer,
    403: OpenApiResponse(_error, description="Your role may not do this to calls."),
    404: OpenApiResponse(_error, description="No such call among those you see."),
    409: OpenApiResponse(_error, description="The call's state does not allow this move."),
}


class CallViewSet(viewsets.ReadOnlyModelViewSet):
    filterset_class = CallFilter
    ordering_fields = ["called_at", "booking__starts_at"]
    search_fields = []

    throttle_scope = "check_in"  # guesses at check-in codes are limited per user

    def get_queryset(self):
        return calls_for(self.request.user)

    def get_throttles(self):
        return [GuessThrottle()] if self.action == "check_in" else super().get_throttles()

    def get_serializer_class(self):
        if getattr(self, "swagger_fake_view", False):
            return CallDocumentedSerializer
        if role_of(self.request.user) == roles.CREW:
            return CrewCallSerializer
        return CallSerializer

    def _do(self, service, **kwargs) -> Response:
        call = self.get_object()
        try:
            move = service(call_id=call.pk, **kwargs)
        except Call.DoesNotExist:
            # A plan or repair published meanwhile withdrew the call (its place was re-planned).
            raise NotFound(
                _(
                    "Call {call} was withdrawn meanwhile (a plan or repair was published): "
                    "read the booking's calls again."
                ).format(call=call.pk)
            ) from None
        except CallStateError as error:
            raise Conflict(str(error)) from None
        except IntegrityError as error:  # a racing move took the same performer: try again
            raise Conflict(
                _("The call changed meanwhile, try again: {error}").format(error=error)
            ) from None
        data = CallMoveSerializer(move, context=self.get_serializer_context()).data
        if role_of(self.request.user) != roles.GUILD:
            # A performer declining learns their place was filled, not by whom.
            data.update(replacement=None, candidates=[])
        return Response(data)

    @extend_schema(request=None, responses=_MOVE_RESPONSES, summary="Confirm a call")
    @action(detail=True, methods=["post"])
    def confirm(self, request, pk=None) -> Response:
        return self._do(call_confirm)

    @extend_schema(
        request=None,
        responses=_MOVE_RESPONSES,
        summary="Decline a call; its place goes to the next candidate at once",
    )
    @action(detail=True, methods=["post"])
    def decline(self, request, pk=None) -> Response:
        return self._do(call_decline)

    @extend_schema(
        request=None,
        responses=_MOVE_RESPONSES,
        summary="Mark a no-show: reliability drops, the place goes to the next candidate",
    )
    @action(detail=True, methods=["post"], url_path="no-show")
    def no_show(self, request, pk=None) -> Response:
        return self._do(call_no_show)

    @extend_schema(
        request=ReleaseSerializer,
        responses={**_MOVE_RESPONSES, 400: OpenApiResponse(_error)},
        summary="Release a checked-in performer (now, or at the wrap time given)",
    )
    @action(detail=True, methods=["post"])
    def release(self, request, pk=None) -> Response:
        body = ReleaseSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            return self._do(call_release, at=body.validated_data.get("released_at"))
        except ValueError as error:
            raise ValidationError({"released_at": [str(error)]}) from None

    @extend_schema(
        request=CheckInSerializer,
        responses={
            200: CallSerializer,
            400: OpenApiResponse(_error, description="The code is not valid now (expired)."),
            404: OpenApiResponse(_error, description="No call you may check in has this code."),
            409: OpenApiResponse(_error, description="The call's state does not allow it."),
            429: TOO_MANY,
        },
        summary="Check a performer in at the set by their call's code",
    )
    @action(detail=False, methods=["post"], url_path="check-in")
    def check_in(self, request) -> Response:
        body = CheckInSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            call = call_check_in(code=body.validated_data["code"], calls=self.get_queryset())
        except CheckInCodeUnknown as error:
            raise NotFound(str(error)) from None
        except CheckInCodeNotValid as error:
            raise ValidationError({"code": [str(error)]}) from None
        except CallStateError as error:
            raise Conflict(str(error)) from None
        call = self.get_queryset().get(pk=call.pk)
        return Response(self.get_serializer(call).data, status=status.HTTP_200_OK)
