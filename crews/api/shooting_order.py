"""The best shooting order of a crew's scenes, for the crew and the operations centre."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.days import PlanningDayField
from core.fields import StrictCharField
from crews.api.tool_access import crew_for_tools
from crews.shooting_order import (
    MAX_SCENES,
    ShootingOrderInvalid,
    shooting_order_get,
    shooting_order_scenes,
)

# The request waits for the answer: keep it short (the command line has no such cap).
MAX_TIME_LIMIT_SECONDS = 10


class ShootingOrderRequestSerializer(serializers.Serializer):
    scenes = serializers.ListField(
        child=StrictCharField(max_length=64),
        required=False,
        min_length=1,
        max_length=MAX_SCENES,
        help_text="Scene codes; else the scenes booked from 'from' to 'to'; else all of them.",
    )
    date_from = PlanningDayField(required=False)
    date_to = PlanningDayField(required=False)
    time_limit_seconds = serializers.FloatField(
        min_value=0.1, max_value=MAX_TIME_LIMIT_SECONDS, default=5
    )

    def validate(self, attrs):
        dates = ("date_from" in attrs) + ("date_to" in attrs)
        if dates == 1:
            raise serializers.ValidationError(_("Give both date_from and date_to, or neither."))
        if dates == 2 and attrs["date_to"] < attrs["date_from"]:
            raise serializers.ValidationError({"date_to": [_("Must be on or after date_from.")]})
        return attrs


class OrderedSceneSerializer(serializers.Serializer):
    scene = StrictCharField()
    minutes = serializers.IntegerField()
    starts_after_minutes = serializers.IntegerField()
    cast = serializers.ListField(child=StrictCharField())


class HeldCastSerializer(serializers.Serializer):
    code = StrictCharField()
    name = StrictCharField()
    day_rate = serializers.IntegerField()
    held_minutes = serializers.IntegerField()
    working_minutes = serializers.IntegerField()


class ShootingOrderSerializer(serializers.Serializer):
    crew = StrictCharField()
    order = OrderedSceneSerializer(many=True)
    cost = serializers.IntegerField()
    lower_bound = serializers.IntegerField()
    proven_optimal = serializers.BooleanField()
    cost_unit = StrictCharField()
    cost_yuan_estimate = serializers.IntegerField()
    cast = HeldCastSerializer(many=True)
    seconds = serializers.FloatField()


class ShootingOrderView(APIView):
    @extend_schema(
        summary="The shooting order that costs the crew's principal actors least",
        description="Talent scheduling: each actor is paid from their first scene to their "
        "last. Exact, with proven_optimal when the proof finishes within the time limit; "
        "otherwise the best order found and a lower bound.",
        request=ShootingOrderRequestSerializer,
        responses={200: ShootingOrderSerializer},
    )
    def post(self, request, code: str):
        crew = crew_for_tools(request, code)
        payload = ShootingOrderRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            scenes = shooting_order_scenes(
                crew=crew,
                codes=data.get("scenes"),
                date_from=data.get("date_from"),
                date_to=data.get("date_to"),
            )
        except ShootingOrderInvalid as invalid:
            raise ValidationError({"scenes": [str(invalid)]}) from invalid
        return Response(
            shooting_order_get(crew=crew, scenes=scenes, time_limit=data["time_limit_seconds"])
        )
