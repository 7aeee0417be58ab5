"""Serializer fields shared by every app's API.

DRF's ``CharField`` turns a JSON number into a string (``{"code": 1373}`` becomes ``"1373"``),
so a request the schema calls invalid was accepted. Every string the API reads goes through
``StrictCharField``; model serializers get it for their text columns from
``StrictModelSerializer``.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy
from rest_framework import serializers

from core.days import PlanningDayField


class StrictCharField(serializers.CharField):
    """A string field that takes only JSON strings (form fields are strings already)."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


# A code is part of a URL (/api/v1/scenes/C0001-S003/): the router's lookup takes no "/" or
# ".", so a code with one could be created and never fetched (issue 19, finding 9). Letters of
# any script, digits, "-" and "_".
CODE_VALIDATOR = RegexValidator(
    r"^[\w-]+\Z",
    message=gettext_lazy(
        "use only letters, digits, '-' and '_' (a code is part of the object's address)."
    ),
)


class StrictModelSerializer(serializers.ModelSerializer):
    """A model serializer whose text columns take only strings, and whose ``code`` is one an
    address can carry."""

    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        models.CharField: StrictCharField,
        models.TextField: StrictCharField,
        models.DateField: PlanningDayField,
    }

    def build_standard_field(self, field_name, model_field):
        field_class, field_kwargs = super().build_standard_field(field_name, model_field)
        if field_name == "code":
            field_kwargs["validators"] = [*field_kwargs.get("validators", []), CODE_VALIDATOR]
        return field_class, field_kwargs
