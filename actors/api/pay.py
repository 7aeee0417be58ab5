"""Pay sheets over the API: a performer's pay for a period (the guild, and the performer
themselves), and every performer's for a period (the guild), as JSON or CSV.

CSV is asked for with ``?format=csv`` or the ``.csv`` path; the rules are in
``actors.services.pay``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.conf import settings
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.models import Performer
from actors.services.pay import MAX_PERIOD_DAYS, PaySheet, pay_sheet_rows, pay_sheets
from core.days import query_period
from core.policy import PERFORMER, role_of
from core.spreadsheets import neutralised_rows


class CSVRenderer(BaseRenderer):
    """Renders the rows a pay view returns (a list of lists) as CSV, UTF-8 with a BOM so a
    spreadsheet opened on a Chinese Windows desktop reads the names right."""

    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, dict):  # an error body: one row holding its message
            data = [["message"], [data.get("message", data)]]
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="\r\n").writerows(neutralised_rows(data))
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def period(request) -> tuple[dt.date, dt.date]:
    """The ``from`` and ``to`` days of the query (this shooting week when neither is given)."""
    return query_period(request, most_days=MAX_PERIOD_DAYS)


def _money(value) -> str:
    return f"{value:.2f}"


def sheet_json(sheet: PaySheet) -> dict:
    return {
        "performer": sheet.performer.code,
        "name": sheet.performer.name,
        "from": sheet.first,
        "to": sheet.last,
        "days": [
            {
                "date": d.date,
                "scenes": d.scenes,
                "minutes": d.minutes,
                "hours": f"{d.minutes / 60:.2f}",
                "overtime_hours": f"{d.overtime_minutes / 60:.2f}",
                "day_rate": _money(d.base),
                "overtime": _money(d.overtime),
                "gross": _money(d.gross),
                "guild_share": _money(d.guild_share),
                "net": _money(d.net),
            }
            for d in sheet.days
        ],
        "days_worked": len(sheet.days),
        "minutes": sheet.minutes,
        "gross": _money(sheet.total("gross")),
        "guild_share": _money(sheet.total("guild_share")),
        "net": _money(sheet.total("net")),
        "open_calls": sheet.open_calls,
    }


def rules_json() -> dict:
    return {
        "day_rate_yuan": str(settings.GUILD_DAY_RATE_YUAN),
        "day_hours": settings.GUILD_DAY_HOURS,
        "overtime_yuan_per_hour": str(settings.GUILD_OVERTIME_YUAN_PER_HOUR),
        "overtime_unit_minutes": settings.GUILD_OVERTIME_UNIT_MINUTES,
        "guild_share_percent": str(settings.GUILD_SHARE_PERCENT),
    }


PERIOD_PARAMETERS = [
    OpenApiParameter("from", OpenApiTypes.DATE, description="first day; default: this week"),
    OpenApiParameter("to", OpenApiTypes.DATE, description="last day; default: this week"),
    OpenApiParameter("format", str, enum=["json", "csv"], description="csv for a spreadsheet"),
]


class PerformerPayView(APIView):
    """``GET /performers/{code}/pay?from=&to=``: one performer's pay sheet."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    csv = False

    @extend_schema(
        parameters=PERIOD_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse(), 404: OpenApiResponse()},
        summary="A performer's pay sheet for a period",
    )
    def get(self, request, code: str) -> Response:
        performers = Performer.objects.filter(code=code)
        if role_of(request.user) == PERFORMER:
            performers = performers.filter(user=request.user)
        if not performers.exists():
            raise NotFound(_("No performer {code} among those you see.").format(code=code))
        first, last = period(request)
        sheets = pay_sheets(first=first, last=last, performers=performers)
        if self.csv or request.accepted_renderer.format == "csv":
            return _csv(request, sheets, f"pay-{code}-{first}-{last}.csv")
        return Response({**sheet_json(sheets[0]), "rules": rules_json()})


class GuildPayView(APIView):
    """``GET /guild/pay?from=&to=``: every performer who worked in the period."""

    renderer_classes = [JSONRenderer, CSVRenderer]
    csv = False

    @extend_schema(
        parameters=PERIOD_PARAMETERS,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiResponse()},
        summary="Every performer's pay for a period",
    )
    def get(self, request) -> Response:
        first, last = period(request)
        sheets = pay_sheets(first=first, last=last)
        if self.csv or request.accepted_renderer.format == "csv":
            return _csv(request, sheets, f"pay-{first}-{last}.csv")
        return Response(
            {
                "from": first,
                "to": last,
                "rules": rules_json(),
                "performers": [sheet_json(s) for s in sheets],
            }
        )


def _csv(request, sheets: list[PaySheet], filename: str) -> Response:
    request.accepted_renderer = CSVRenderer()
    request.accepted_media_type = CSVRenderer.media_type
    response = Response(pay_sheet_rows(sheets), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response
