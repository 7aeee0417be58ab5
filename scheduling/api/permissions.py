"""DRF permission classes for the roles of ``scheduling.roles``.

Permissions only say whether a user may use an endpoint at all; which objects they see is the
job of each view's ``get_queryset`` (DRF applies object permissions neither to lists nor to
creates, so scoping querysets is what keeps another crew's object a 404).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from scheduling import roles


class IsOps(BasePermission):
    message = _("Only operations-centre staff (group 'ops') may do this.")

    def has_permission(self, request, view) -> bool:
        return roles.is_ops(request.user)


class IsGuild(BasePermission):
    message = _("Only the actors' guild (group 'guild') may do this.")

    def has_permission(self, request, view) -> bool:
        return roles.is_guild(request.user)


class IsOpsOrGuild(BasePermission):
    message = _("Only operations-centre staff or the actors' guild may do this.")

    def has_permission(self, request, view) -> bool:
        return roles.is_ops(request.user) or roles.is_guild(request.user)


class IsStaffOrCrew(BasePermission):
    """Ops, guild and crew users; a crew user's queryset is scoped to its own crews."""

    message = _("Only operations staff, the guild or a crew's members may do this.")

    def has_permission(self, request, view) -> bool:
        user = request.user
        return roles.is_ops(user) or roles.is_guild(user) or roles.is_crew(user)
