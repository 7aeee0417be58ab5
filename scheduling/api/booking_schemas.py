"""The shapes of the call sheet and a performer's calls, for the OpenAPI schema only.

The selectors build these bodies as plain dicts; the serializers here describe them in the
schema so outside clients can read the fields' names and types at ``/api/docs/``.
"""

from __future__ import annotations

from rest_framework import serializers

from core.days import PlanningDayField
from core.fields import StrictCharField


class PlaceSerializer(serializers.Serializer):
    code = StrictCharField()
    name = StrictCharField()


class ExtrasProfileSerializer(serializers.Serializer):
    gender = serializers.ChoiceField(choices=["F", "M", "any"])
    min_age = serializers.IntegerField()
    max_age = serializers.IntegerField()
    tags = serializers.ListField(child=StrictCharField())
    skills = serializers.ListField(child=StrictCharField())


class CalledPerformerSerializer(serializers.Serializer):
    code = StrictCharField()
    name = StrictCharField(help_text="Masked: the family name, the rest starred (王**).")
    state = StrictCharField(help_text="The call's state: called, confirmed, checked_in...")


class ExtrasCalledSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    count = serializers.IntegerField()
    profile = ExtrasProfileSerializer()
    called = CalledPerformerSerializer(many=True)


class CallSheetSceneSerializer(serializers.Serializer):
    booking = serializers.IntegerField()
    scene = StrictCharField()
    title = StrictCharField()
    status = StrictCharField()
    location = PlaceSerializer()
    zone = PlaceSerializer()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    start_clock = StrictCharField(
        help_text="The start on the shooting day's clock, HH:MM counted from its date's "
        "midnight: 26:00 is 02:00 the next morning."
    )
    end_clock = StrictCharField(help_text="The end on the shooting day's clock (26:00 style).")
    move_minutes = serializers.IntegerField(
        allow_null=True, help_text="Minutes to move from the previous scene; null for the first."
    )
    cast = PlaceSerializer(many=True)
    extras = ExtrasCalledSerializer(many=True)


class CallSheetSerializer(serializers.Serializer):
    crew = PlaceSerializer()
    date = PlanningDayField(
        help_text="The shooting day: bookings starting from its day_start to its day_end, "
        "which may pass midnight."
    )
    span_minutes = serializers.IntegerField()
    max_span_minutes = serializers.IntegerField()
    scenes = CallSheetSceneSerializer(many=True)


class PerformerCallSerializer(serializers.Serializer):
    booking = serializers.IntegerField()
    scene = StrictCharField()
    title = StrictCharField()
    crew = PlaceSerializer()
    location = PlaceSerializer()
    zone = PlaceSerializer()
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    date = PlanningDayField(help_text="The shooting day the call belongs to.")
    start_clock = StrictCharField(
        help_text="The start on the shooting day's clock, HH:MM counted from its date's "
        "midnight: 26:00 is 02:00 the next morning."
    )
    end_clock = StrictCharField(help_text="The end on the shooting day's clock (26:00 style).")
    status = StrictCharField()
    extras_line = serializers.IntegerField()
    call_state = StrictCharField(help_text="called, confirmed, declined, checked_in...")


class PerformerCallsSerializer(serializers.Serializer):
    performer = StrictCharField()
    to = PlanningDayField()
    calls = PerformerCallSerializer(many=True)

    def get_fields(self):
        # "from" is a Python keyword, so it cannot be a class attribute.
        fields = super().get_fields()
        fields["from"] = PlanningDayField()
        return fields
