"""The shortage forecast over the API (the guild and ops): whom to recruit before the peak."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.api.pay import period
from actors.selectors.forecast import MAX_FORECAST_DAYS, shortage_forecast
from actors.selectors.queue import extras_lines_short
from scheduling.selectors.bookings import local_iso


class ShortageView(APIView):
    """``GET /guild/shortage?from=&to=``: per day and profile, extras wanted against performers
    free, and a sentence per shortfall ("day 3 (2025-08-07): 40 more women aged 18-30 in ...").
    How demand is counted: ``actors.selectors.forecast``."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description="first day; default: this week"
            ),
            OpenApiParameter("to", OpenApiTypes.DATE, description="last day; default: this week"),
        ],
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse()},
        summary="Shortage forecast of extras per day and profile",
    )
    def get(self, request) -> Response:
        first, last = period(request)
        if (last - first).days >= MAX_FORECAST_DAYS:
            raise ValidationError(
                {"to": [_("a forecast covers at most {days} days.").format(days=MAX_FORECAST_DAYS)]}
            )
        return Response(shortage_forecast(first=first, last=last))


class ShortLinesView(APIView):
    """``GET /guild/short-lines?from=&to=``: the guild's queue, extras lines of bookings in force
    still short of performers, soonest first (``actors.selectors.queue``)."""

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "from", OpenApiTypes.DATE, description="first shooting day; default: this week"
            ),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, description="last shooting day; default: this week"
            ),
        ],
        responses={200: OpenApiTypes.OBJECT},
        summary="Extras lines still short of performers, soonest first",
    )
    def get(self, request):
        first, last = period(request)
        rows = extras_lines_short(first=first, last=last)
        for row in rows:
            row["start"] = local_iso(row["start"])
            row["candidates"] = reverse(
                "extras-candidates",
                kwargs={"booking_id": row["booking"], "line_position": row["line"]},
            )
        return Response({"from": first, "to": last, "lines": rows})
