"""A crew's call sheet as a printable page and as a PDF, beside the JSON one."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from crews.api.tool_access import crew_for_tools, query_date
from crews.documents import call_sheet_html, call_sheet_pdf
from scheduling.selectors.bookings import call_sheet_get

DOCUMENTS = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


class ErrorsAsJSON(BaseContentNegotiation):
    """Documents are built by the view itself; only errors go through a renderer: JSON.

    DRF's default negotiation would read ``?format=pdf`` as a renderer's name and answer 404.
    """

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class CallSheetDocumentView(APIView):
    renderer_classes = [JSONRenderer]
    content_negotiation_class = ErrorsAsJSON

    @extend_schema(
        summary="A crew's call sheet for one day, as a printable page or a PDF",
        description="Same access as the JSON call sheet: ops and the crew's own members. "
        "`?format=pdf` or `?format=html` overrides the suffix.",
        parameters=[
            OpenApiParameter(
                "date", OpenApiTypes.DATE, description="the shooting day; default: today's"
            ),
            OpenApiParameter("format", OpenApiTypes.STR, enum=["html", "pdf"]),
        ],
        responses={
            (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="Printable page"),
            (200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY, description="PDF"),
        },
    )
    def get(self, request, code: str, document: str):
        document = request.query_params.get("format", document)
        if document not in DOCUMENTS:
            raise ValidationError({"format": [_("Ask for html or pdf.")]})
        crew = crew_for_tools(request, code)
        sheet = call_sheet_get(crew=crew, date=query_date(request, "date"))
        if document == "pdf":
            response = HttpResponse(call_sheet_pdf(sheet), content_type=DOCUMENTS["pdf"])
            filename = f"call-sheet-{crew.code}-{sheet['date']}.pdf"
            response["Content-Disposition"] = content_disposition_header(False, filename)
            return response
        return HttpResponse(call_sheet_html(sheet), content_type=DOCUMENTS["html"])
