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
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from core.shooting_day import booking_date

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


def current_shooting_day() -> dt.date:
    """The shooting day it is now on the base's clock: at 03:00 still the night's day (it began
    the evening before); between two days (04:00-06:00 by default), the day about to open."""
    return booking_date(timezone.now())


def this_shooting_week() -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week the current shooting day lies in."""
    return week_of(current_shooting_day())


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the week ``day`` lies in."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def page_week(request) -> tuple[dt.date, dt.date]:
    """The week a page shows: the one of its ``?week=YYYY-MM-DD`` (any day of it), else this
    shooting week. A page falls back to this week for a day it cannot read, as the board does."""
    raw = request.GET.get("week", "")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return this_shooting_week()
    return this_shooting_week() if day_out_of_range(day) else week_of(day)


def query_day(request, name: str, *, default: dt.date | None = None) -> dt.date:
    """A ``YYYY-MM-DD`` query parameter in the planning range; when absent, ``default``, or a
    400 naming the parameter when there is none."""
    raw = request.query_params.get(name)
    if not raw:
        if default is not None:
            return default
        raise ValidationError({name: [_("This query parameter is required, as YYYY-MM-DD.")]})
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError(
            {name: [_("'{raw}' is not a date as YYYY-MM-DD.").format(raw=raw)]}
        ) from None
    if problem := day_out_of_range(day):
        raise ValidationError({name: [problem]})
    return day


def query_period(request, *, most_days: int) -> tuple[dt.date, dt.date]:
    """The ``from`` and ``to`` days of a query, in order and at most ``most_days`` long; with
    neither given, this shooting week; with one, a 400 asking for the other."""
    given = [name for name in ("from", "to") if request.query_params.get(name)]
    if not given:
        return this_shooting_week()
    if len(given) == 1:
        missing = "to" if given == ["from"] else "from"
        raise ValidationError({missing: [_("give both from and to, or neither (this week).")]})
    first, last = query_day(request, "from"), query_day(request, "to")
    if last < first:
        raise ValidationError({"to": [_("must not be before from.")]})
    if (last - first).days >= most_days:
        raise ValidationError(
            {"to": [_("a period is at most {days} days.").format(days=most_days)]}
        )
    return first, last
