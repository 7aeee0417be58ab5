"""``GET /crews/{code}/statement?from=&to=``: a crew's statement as JSON, CSV or PDF.

JSON by default; ``?format=csv`` or ``Accept: text/csv`` for a spreadsheet, ``?format=pdf`` or
``Accept: application/pdf`` for accounting. Errors are JSON whatever was asked for.
"""

from __future__ import annotations

from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.api.pay import period
from crews.api.tool_access import crew_for_tools
from scheduling.billing.documents import statement_csv, statement_pdf
from scheduling.billing.selectors import statement_get


class StatementCSVRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return statement_csv(data)


class StatementPDFRenderer(BaseRenderer):
    media_type = "application/pdf"
    format = "pdf"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        view = (renderer_context or {}).get("view")
        crew_name = getattr(getattr(view, "crew", None), "name", data["crew"])
        title = getattr(view, "pdf_title", None) or "结算单 Statement"
        return statement_pdf(data, crew_name=crew_name, title=title)


class FormatNegotiation(DefaultContentNegotiation):
    """DRF answers an unknown ``?format=`` with a bare 404; say what is wrong instead."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        known = [renderer.format for renderer in renderers]
        if wanted and wanted not in known:
            raise ValidationError(
                {
                    "format": [
                        _("'{wanted}' is not one of {known}.").format(
                            wanted=wanted, known=", ".join(known)
                        )
                    ]
                }
            )
        return super().select_renderer(request, renderers, format_suffix)


STATEMENT_PARAMETERS = [
    OpenApiParameter(
        "from", OpenApiTypes.DATE, description="first shooting day; default: this week"
    ),
    OpenApiParameter("to", OpenApiTypes.DATE, description="last shooting day; default: this week"),
    OpenApiParameter("format", str, enum=["json", "csv", "pdf"]),
]


class StatementView(APIView):
    renderer_classes = [JSONRenderer, StatementCSVRenderer, StatementPDFRenderer]
    content_negotiation_class = FormatNegotiation
    crew = None

    @extend_schema(
        summary="What a crew owes the base for a period of shooting days (BILLING.md)",
        description="Ops and the crew's own members. Set hire, late cancellations and extras; "
        "amounts are yuan as strings with two decimals, rounded half up once per line.",
        parameters=STATEMENT_PARAMETERS,
        responses={
            200: OpenApiTypes.OBJECT,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="Spreadsheet"),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
        },
    )
    def get(self, request, code: str) -> Response:
        self.crew = crew_for_tools(request, code)
        first, last = period(request)
        statement = statement_get(crew=self.crew, first=first, last=last)
        response = Response(statement)
        kind = request.accepted_renderer.format
        if kind in ("csv", "pdf"):
            filename = f"statement-{self.crew.code}-{first}-{last}.{kind}"
            response["Content-Disposition"] = content_disposition_header(kind == "csv", filename)
        return response
