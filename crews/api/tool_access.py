"""What every crew tool endpoint shares: who may use it for which crew, and a day parameter."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied

from core import roles
from core.days import current_shooting_day, query_day
from crews.models import Crew
from scheduling.selectors.bookings import crew_visible_get


def crew_for_tools(request, code: str) -> Crew:
    """The crew ``code`` for ops or its own members; 403 for other roles, 404 for other crews."""
    user = request.user
    if not (roles.is_ops(user) or roles.is_crew(user)):
        raise PermissionDenied(_("Only operations staff and the crew's own members may do this."))
    crew = crew_visible_get(user=user, code=code)
    if crew is None:
        raise NotFound(_("No crew {code} that you may see.").format(code=code))
    return crew


def query_date(request, name: str) -> dt.date:
    """A ``YYYY-MM-DD`` query parameter; today's shooting day when absent."""
    return query_day(request, name, default=current_shooting_day())
