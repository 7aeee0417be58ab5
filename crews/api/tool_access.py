"""What every crew tool endpoint shares: who may use it for which crew, and a day parameter."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from core import roles
from core.days import day_out_of_range
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
    """A required ``YYYY-MM-DD`` query parameter; a 400 naming it when missing or malformed."""
    raw = request.query_params.get(name)
    if raw is None:
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
