"""Matching performers to an extras line of a booked scene, and the guild's own choices.

``GET /api/v1/bookings/{id}/extras/{line}/candidates`` (guild and ops) ranks who may fill a
place, with the reasons of each rank. ``POST .../assign`` {"performers": [codes]} and
``POST .../swap`` {"out": code, "in": code} (guild) call performers by hand under the same rules;
a rule broken is a 409 naming it. Calls made so are pinned: the next re-plan keeps them.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.models import Call, Performer
from actors.selectors import IDLE_STATES, booking_date, extras_candidates
from actors.services import ExtrasConflict, extras_assign, extras_swap
from core.days import PlanningDayField
from core.fields import StrictCharField, StrictModelSerializer
from crews.models import ExtrasLine
from scheduling.models import Booking

MAX_CANDIDATES = 200


class ExtrasCandidatePerformerSerializer(StrictModelSerializer):
    class Meta:
        model = Performer
        fields = ["code", "name", "gender", "age", "tier", "height_cm", "tags", "skills"]


class ExtrasCandidateSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    performer = ExtrasCandidatePerformerSerializer()
    reliability = serializers.FloatField(source="performer.reliability")
    reliability_band = serializers.FloatField()
    minutes_left_today = serializers.IntegerField()
    minutes_last_7_days = serializers.IntegerField()
    last_worked_on = PlanningDayField(allow_null=True)
    reasons = serializers.ListField(child=StrictCharField())


class ExtrasLineCallSerializer(StrictModelSerializer):
    performer = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Call
        fields = ["id", "performer", "state", "pinned"]


class ExtrasLineStateSerializer(serializers.Serializer):
    booking = serializers.IntegerField()
    scene = StrictCharField()
    line = serializers.IntegerField()
    date = PlanningDayField()
    needed = serializers.IntegerField()
    calls = ExtrasLineCallSerializer(many=True)


class ExtrasCandidatesSerializer(ExtrasLineStateSerializer):
    candidates = ExtrasCandidateSerializer(many=True)


class ExtrasAssignSerializer(serializers.Serializer):
    performers = serializers.ListField(
        child=StrictCharField(max_length=64), min_length=1, max_length=500
    )

    def validate_performers(self, codes: list[str]) -> list[str]:
        if len(set(codes)) != len(codes):
            raise serializers.ValidationError(_("a performer is named twice"))
        return codes


class ExtrasSwapSerializer(serializers.Serializer):
    out = StrictCharField(max_length=64)

    def get_fields(self):
        fields = super().get_fields()
        fields["in"] = StrictCharField(max_length=64)  # "in" is a Python keyword
        return fields


_conflict = OpenApiResponse(
    description="A rule is broken: {'message', 'problems': {performer code or 'line': [...]}}"
)


def _line(booking_id: int, line_position: int) -> tuple[Booking, ExtrasLine]:
    booking = get_object_or_404(Booking.objects.select_related("scene", "location"), pk=booking_id)
    line = get_object_or_404(ExtrasLine, scene=booking.scene, position=line_position)
    return booking, line


def _state(booking: Booking, line: ExtrasLine) -> dict:
    calls = (
        Call.objects.filter(booking=booking, extras_line=line)
        .exclude(state__in=IDLE_STATES)
        .select_related("performer")
        .order_by("performer__code")
    )
    return {
        "booking": booking.pk,
        "scene": booking.scene.code,
        "line": line.position,
        "date": booking_date(booking),
        "needed": line.count,
        "calls": ExtrasLineCallSerializer(calls, many=True).data,
    }


def _performers(codes: list[str]) -> list[Performer] | Response:
    found = {p.code: p for p in Performer.objects.filter(code__in=codes)}
    unknown = [code for code in codes if code not in found]
    if unknown:
        return Response(
            {
                "performers": [
                    _("unknown performer codes: {codes}").format(codes=", ".join(unknown))
                ]
            },
            status=status.HTTP_400_BAD_REQUEST,
        )
    return [found[code] for code in codes]


def _conflict_response(error: ExtrasConflict) -> Response:
    return Response(
        {
            "message": _("The assignment breaks the rules: {problems}").format(problems=error),
            "problems": error.problems,
        },
        status=status.HTTP_409_CONFLICT,
    )


class ExtrasCandidatesView(APIView):
    @extend_schema(
        operation_id="bookings_extras_candidates",
        summary="Ranked candidates for a place of an extras line of a booking",
        description="Performers who fit the line (gender, age, looks, skills), are available "
        "that day, are in no overlapping scene (move time between locations included) and have "
        "the scene's minutes left of their daily limit; ranked by reliability (bands of 0.1), "
        "then fewest minutes in the last 7 days, then longest since they last worked.",
        parameters=[OpenApiParameter("limit", int, default=20)],
        responses={200: ExtrasCandidatesSerializer},
    )
    def get(self, request, booking_id: int, line_position: int):
        booking, line = _line(booking_id, line_position)
        try:
            limit = max(1, min(int(request.query_params.get("limit", 20)), MAX_CANDIDATES))
        except ValueError:
            return Response({"limit": [_("an integer")]}, status=status.HTTP_400_BAD_REQUEST)
        ranked = extras_candidates(booking=booking, extras_line=line, limit=limit)
        body = _state(booking, line)
        body["candidates"] = ExtrasCandidateSerializer(ranked, many=True).data
        return Response(body)


class ExtrasAssignView(APIView):
    @extend_schema(
        operation_id="bookings_extras_assign",
        summary="Call performers to an extras line by hand (pinned for re-plans)",
        request=ExtrasAssignSerializer,
        responses={201: ExtrasLineStateSerializer, 400: OpenApiResponse(), 409: _conflict},
    )
    def post(self, request, booking_id: int, line_position: int):
        booking, line = _line(booking_id, line_position)
        serializer = ExtrasAssignSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        performers = _performers(serializer.validated_data["performers"])
        if isinstance(performers, Response):
            return performers
        try:
            extras_assign(booking=booking, extras_line=line, performers=performers)
        except ExtrasConflict as error:
            return _conflict_response(error)
        return Response(_state(booking, line), status=status.HTTP_201_CREATED)


class ExtrasSwapView(APIView):
    @extend_schema(
        operation_id="bookings_extras_swap",
        summary="Give one performer's place on an extras line to another (pinned)",
        request=ExtrasSwapSerializer,
        responses={200: ExtrasLineStateSerializer, 400: OpenApiResponse(), 409: _conflict},
    )
    def post(self, request, booking_id: int, line_position: int):
        booking, line = _line(booking_id, line_position)
        serializer = ExtrasSwapSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        performers = _performers(
            [serializer.validated_data["out"], serializer.validated_data["in"]]
        )
        if isinstance(performers, Response):
            return performers
        out, into = performers
        try:
            extras_swap(booking=booking, extras_line=line, out=out, into=into)
        except ExtrasConflict as error:
            return _conflict_response(error)
        return Response(_state(booking, line))
