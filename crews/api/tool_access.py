"""What every crew tool endpoint shares: who may use it for which crew, and a day parameter."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound

from core.days import current_shooting_day, query_day
from crews.models import Crew
from scheduling.selectors.bookings import crew_visible_get


def crew_for_tools(request, code: str) -> Crew:
    """The crew ``code`` as the user sees it: a 404 for a crew they may not see. (Who may use
    the route at all is the access policy's: core.policy.)"""
    crew = crew_visible_get(user=request.user, code=code)
    if crew is None:
        raise NotFound(_("No crew {code} that you may see.").format(code=code))
    return crew


def query_date(request, name: str) -> dt.date:
    """A ``YYYY-MM-DD`` query parameter; today's shooting day when absent."""
    return query_day(request, name, default=current_shooting_day())
