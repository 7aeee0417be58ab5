"""Who may write each field: declared once per serializer, checked on every write.

A view says which roles may write a resource at all; some of its fields belong to fewer of
them. A crew edits its own crew's name, but its priority, its stay and its limits are the
operations centre's to set: a crew that could write them would raise its own priority and
stretch its own working day (issue 19, finding 2). A serializer lists those fields in
``Meta.field_owners`` with the roles that own them; anyone else may send a field only with the
value it already has (a PUT of the whole object), or on create, with the field's default.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext as _
from rest_framework import serializers

from core import roles

_ROLE_TESTS = {roles.OPS: roles.is_ops, roles.GUILD: roles.is_guild, roles.CREW: roles.is_crew}


def user_has_role(user, owners: Iterable[str]) -> bool:
    """Whether the user holds one of the roles named."""
    return any(_ROLE_TESTS[role](user) for role in owners)


def _refusal(owners: frozenset[str]) -> str:
    if owners == frozenset({roles.OPS}):
        return _("only operations staff may change this.")
    return _("only {roles} may change this.").format(roles=", ".join(sorted(owners)))


class FieldOwnersMixin:
    """A serializer mixin that refuses a change to a field the user's role does not own.

    ``Meta.field_owners`` maps a field's name to the roles that own it (a frozenset).
    """

    # Checked as the fields are read, before any ``validate()`` a serializer defines, so a
    # subclass cannot skip it by not calling ``super()``.
    def to_internal_value(self, data):
        attrs = super().to_internal_value(data)
        owners_of = getattr(self.Meta, "field_owners", {})
        user = self.context["request"].user
        for field, owners in owners_of.items():
            if (
                field in attrs
                and not user_has_role(user, owners)
                and self._changes(field, attrs[field])
            ):
                raise serializers.ValidationError({field: [_refusal(owners)]})
        return attrs

    def _changes(self, field: str, value) -> bool:
        if self.instance is None:
            model_field = self.Meta.model._meta.get_field(field)
            if model_field.many_to_many:
                return bool(value)
            return value != model_field.get_default()
        current = getattr(self.instance, field)
        if isinstance(current, models.Manager):
            return set(current.all()) != set(value)
        return current != value
