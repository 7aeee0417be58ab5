"""Who may read and write each resource of the API, and the querysets each role sees.

Who may use each route is declared once, in ``<app>/api/policy.py`` (``core.policy``). Which
objects a role sees is decided by the scoping helpers below, used in each view's
``get_queryset``: an object outside them is a 404.
"""

from __future__ import annotations

import json

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError, Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException

from actors.models import Call, Performer
from core import roles
from core.policy import PERFORMER, role_of
from crews.models import Crew
from scheduling.models import Booking


def crews_for(user: User | AnonymousUser) -> QuerySet[Crew]:
    """The crews a user sees: all for ops and the guild, their own for a crew member."""
    role = role_of(user)
    if role in (roles.OPS, roles.GUILD):
        return Crew.objects.all()
    if role == roles.CREW:
        return Crew.objects.filter(members=user)
    return Crew.objects.none()


def crew_scope(user: User | AnonymousUser, crew_path: str) -> Q:
    """A filter keeping rows whose crew (reached by ``crew_path``, "" for crews themselves)
    the user may see."""
    role = role_of(user)
    if role in (roles.OPS, roles.GUILD):
        return Q()
    if role == roles.CREW:
        return Q(**{f"{crew_path}__members" if crew_path else "members": user})
    return Q(pk__in=[])


def performers_for(user: User | AnonymousUser) -> QuerySet[Performer]:
    """Performers a user sees: all for ops and the guild; for a crew, those called to its
    scenes (by a booking not cancelled); for a performer, themselves."""
    role = role_of(user)
    if role in (roles.OPS, roles.GUILD):
        return Performer.objects.all()
    if role == roles.CREW:
        calls = Call.objects.filter(booking__scene__crew__members=user).exclude(
            booking__status=Booking.Status.CANCELLED
        )
        return Performer.objects.filter(pk__in=calls.values("performer_id"))
    if role == PERFORMER:
        return Performer.objects.filter(user=user)
    return Performer.objects.none()


def filter_json_list_has(queryset: QuerySet, field: str, value: str) -> QuerySet:
    """Rows of ``queryset`` whose JSON list ``field`` holds the string ``value``.

    PostgreSQL answers ``contains`` on jsonb; SQLite has no such lookup, so there the stored
    JSON text is searched for the quoted value (Django stores it with ASCII escapes).
    """
    if connection.vendor == "postgresql":
        return queryset.filter(**{f"{field}__contains": [value]})
    text = f"{field}_as_text"
    return queryset.annotate(**{text: Cast(field, TextField())}).filter(
        **{f"{text}__contains": json.dumps(value)}
    )


class ResourceViewSet(viewsets.ModelViewSet):
    """A resource of the API: role-checked, and a delete of a row still in use is a 409."""

    # Per role, the fields it may search and order by where they differ from ``search_fields``
    # and ``ordering_fields`` (core.filters): no role searches or orders by what it cannot read.
    role_search_fields: dict[str, list[str]] = {}
    role_ordering_fields: dict[str, list[str]] = {}

    def search_fields_for(self, request) -> list[str]:
        default = getattr(self, "search_fields", None) or []
        return self.role_search_fields.get(role_of(request.user), default)

    def ordering_fields_for(self, request) -> list[str]:
        default = getattr(self, "ordering_fields", None) or []
        return self.role_ordering_fields.get(role_of(request.user), default)

    def perform_create(self, serializer) -> None:
        self._save(serializer)

    def perform_update(self, serializer) -> None:
        self._save(serializer)

    def _save(self, serializer) -> None:
        # The serializer checked uniqueness, but a racing request may have written the same
        # code since: the database's constraint is the last word, answered as a conflict.
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError as error:
            raise Conflict(
                _("conflicts with data written meanwhile: {error}").format(error=error)
            ) from error

    def perform_destroy(self, instance) -> None:
        try:
            instance.delete()
        except ProtectedError as error:
            blockers = sorted({str(row) for row in error.protected_objects})[:5]
            raise Conflict(
                _("{thing} is still used by: {users}.").format(
                    thing=instance, users=", ".join(blockers)
                )
            ) from None


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This conflicts with data already stored.")
    default_code = "conflict"


class ScopedSlugRelatedField(serializers.SlugRelatedField):
    """A related object given by code, looked up only among those the requesting user sees.

    So a crew user naming another crew gets "does not exist" (a 400), never a write into it.
    """

    def __init__(self, *, scope, model, **kwargs):
        self.scope = scope
        self.model = model
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        if request is None:  # schema generation
            return self.model.objects.all()
        return self.scope(request.user)
