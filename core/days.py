"""The days the API reasons about, and the query and body fields that keep to them.

A day far outside them is a mistake, and near the ends of Python's calendar (0001-01-01,
9999-12-31) turning it into the base's local instants overflows: ``500 OverflowError`` on call
sheets, bookings and exports. Every day a client sends goes through one of these, so it is a
400 that names the field instead.
"""

from __future__ import annotations

import datetime as dt

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers

FIRST_DAY = dt.date(2000, 1, 1)
LAST_DAY = dt.date(2099, 12, 31)


def day_out_of_range(day: dt.date) -> str | None:
    """Why a day given to the API cannot be used, or None when it can."""
    if FIRST_DAY <= day <= LAST_DAY:
        return None
    return _("must be between {first} and {last}.").format(first=FIRST_DAY, last=LAST_DAY)


def _validate_day(day: dt.date | None) -> None:
    if day is not None and (problem := day_out_of_range(day)):
        raise DjangoValidationError(problem)


class PlanningDayFormField(forms.DateField):
    """A form's day (django-filter's query fields are forms) within the planning range."""

    default_validators = [_validate_day]


class PlanningDayFilter(django_filters.DateFilter):
    """django-filter's ``DateFilter`` that answers 400 to a day outside the planning range."""

    field_class = PlanningDayFormField


class PlanningDayField(serializers.DateField):
    """DRF's ``DateField`` that answers 400 to a day outside the planning range."""

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if problem := day_out_of_range(day):
            raise serializers.ValidationError(problem)
        return day
