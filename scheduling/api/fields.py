"""Serializer fields shared by every app's API.

DRF's ``CharField`` turns a JSON number into a string (``{"code": 1373}`` becomes ``"1373"``),
so a request the schema calls invalid was accepted. Every string the API reads goes through
``StrictCharField``; model serializers get it for their text columns from
``StrictModelSerializer``.
"""

from __future__ import annotations

from django.db import models
from rest_framework import serializers

from core.days import PlanningDayField


class StrictCharField(serializers.CharField):
    """A string field that takes only JSON strings (form fields are strings already)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text columns take only strings."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.DateField: PlanningDayField,
    }
