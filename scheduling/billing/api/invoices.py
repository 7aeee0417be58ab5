"""Bills over the API: ops issues an invoice for a statement, marks it paid or void, and issues
the notes that correct it; a crew reads its own. ``?format=pdf`` on a bill prints it."""

from __future__ import annotations

from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.services.pay import MAX_PERIOD_DAYS
from core.api import StrictPageNumberPagination
from core.days import day_out_of_range
from core.fields import StrictCharField
from crews.models import Crew
from scheduling.api.access import Conflict, crews_for
from scheduling.billing.api.statements import FormatNegotiation, StatementPDFRenderer
from scheduling.billing.models import Invoice
from scheduling.billing.services import (
    InvoiceConflict,
    invoice_adjust,
    invoice_issue,
    invoice_mark_paid,
    invoice_void,
)


class InvoiceRequestSerializer(serializers.Serializer):
    crew = serializers.SlugRelatedField(slug_field="code", queryset=Crew.objects.all())
    date_from = serializers.DateField(input_formats=["%Y-%m-%d"])
    date_to = serializers.DateField(input_formats=["%Y-%m-%d"])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # "from" is a Python keyword: the fields are renamed to the contract's words.
        self.fields["from"] = self.fields.pop("date_from")
        self.fields["from"].source = "date_from"
        self.fields["to"] = self.fields.pop("date_to")
        self.fields["to"].source = "date_to"

    def validate(self, attrs):
        first, last = attrs["date_from"], attrs["date_to"]
        for name, day in (("from", first), ("to", last)):
            if problem := day_out_of_range(day):
                raise serializers.ValidationError({name: [problem]})
        if last < first:
            raise serializers.ValidationError({"to": [_("must not be before from.")]})
        if (last - first).days >= MAX_PERIOD_DAYS:
            raise serializers.ValidationError(
                {"to": [_("a period is at most {days} days.").format(days=MAX_PERIOD_DAYS)]}
            )
        return attrs


class VoidSerializer(serializers.Serializer):
    reason = StrictCharField(max_length=200)


def invoice_json(invoice: Invoice, *, lines: bool = True) -> dict:
    """A bill in the API: its statement as issued, its status with who and when."""
    body = {
        "number": invoice.number,
        "kind": invoice.kind,
        "status": invoice.status,
        "crew": invoice.crew.code,
        "from": invoice.period_from.isoformat(),
        "to": invoice.period_to.isoformat(),
        "currency": "CNY",
        "original": invoice.original.number if invoice.original_id else None,
        "total": f"{invoice.total:.2f}",
        "issued_at": invoice.issued_at.isoformat(),
        "issued_by": _username(invoice.issued_by),
        "paid_at": invoice.paid_at.isoformat() if invoice.paid_at else None,
        "paid_by": _username(invoice.paid_by),
        "voided_at": invoice.voided_at.isoformat() if invoice.voided_at else None,
        "voided_by": _username(invoice.voided_by),
        "void_reason": invoice.void_reason,
    }
    if lines:
        body |= {"lines": invoice.lines, "totals": invoice.totals, "rates": invoice.rates}
        body["notes"] = [note.number for note in invoice.notes.order_by("pk")]
    return body


def _username(user) -> str | None:
    return user.username if user is not None else None


def _visible(request):
    """Bills a user sees: every one for ops, their crews' for a crew member (the access policy
    lets no one else in)."""
    user = request.user
    return Invoice.objects.filter(crew__in=crews_for(user)).select_related(
        "crew", "original", "issued_by", "paid_by", "voided_by"
    )


def _get(request, number: str) -> Invoice:
    invoice = _visible(request).filter(number=number).first()
    if invoice is None:
        raise NotFound(_("No bill {number} that you may see.").format(number=number))
    return invoice


class InvoiceListView(APIView):
    @extend_schema(
        operation_id="v1_invoices_list",
        summary="Bills (invoices and notes): ops sees all, a crew its own",
        parameters=[
            OpenApiParameter("crew", str),
            OpenApiParameter("status", str, enum=[s.value for s in Invoice.Status]),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request) -> Response:
        invoices = _visible(request).order_by("-issued_at", "-pk")
        if crew := request.query_params.get("crew"):
            invoices = invoices.filter(crew__code=crew)
        if wanted := request.query_params.get("status"):
            if wanted not in Invoice.Status.values:
                raise serializers.ValidationError(
                    {"status": [_("must be one of issued, paid, void.")]}
                )
            invoices = invoices.filter(status=wanted)
        paginator = StrictPageNumberPagination()
        page = paginator.paginate_queryset(invoices, request, view=self)
        return paginator.get_paginated_response([invoice_json(i, lines=False) for i in page])

    @extend_schema(
        summary="Issue an invoice for a crew's statement (ops)",
        request=InvoiceRequestSerializer,
        responses={201: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    def post(self, request) -> Response:
        payload = InvoiceRequestSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        try:
            invoice = invoice_issue(
                crew=data["crew"], first=data["date_from"], last=data["date_to"], user=request.user
            )
        except InvoiceConflict as conflict:
            raise Conflict(str(conflict)) from None
        return Response(invoice_json(invoice), status=status.HTTP_201_CREATED)


class InvoiceDetailView(APIView):
    renderer_classes = [JSONRenderer, StatementPDFRenderer]
    content_negotiation_class = FormatNegotiation
    crew = None

    @extend_schema(
        operation_id="v1_invoices_retrieve",
        summary="One bill as issued, as JSON or (?format=pdf) a PDF",
        parameters=[OpenApiParameter("format", str, enum=["json", "pdf"])],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, number: str) -> Response:
        invoice = _get(request, number)
        self.crew = invoice.crew
        response = Response(invoice_json(invoice))
        if request.accepted_renderer.format == "pdf":
            self.pdf_title = f"{invoice.get_kind_display()} {invoice.number}"
            filename = f"{invoice.number}.pdf"
            response["Content-Disposition"] = content_disposition_header(False, filename)
        return response


class InvoiceActionView(APIView):
    """``POST /invoices/{number}/pay``, ``/void`` (``{"reason"}``) and ``/adjust`` (ops)."""

    action = ""

    @extend_schema(
        summary="Mark a bill paid, void it, or issue the note that brings it up to date",
        request=VoidSerializer,
        responses={200: OpenApiTypes.OBJECT, 201: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT},
    )
    def post(self, request, number: str) -> Response:
        invoice = _get(request, number)
        try:
            if self.action == "pay":
                return Response(invoice_json(invoice_mark_paid(invoice=invoice, user=request.user)))
            if self.action == "void":
                payload = VoidSerializer(data=request.data)
                payload.is_valid(raise_exception=True)
                voided = invoice_void(
                    invoice=invoice, user=request.user, reason=payload.validated_data["reason"]
                )
                return Response(invoice_json(voided))
        except InvoiceConflict as conflict:
            raise Conflict(str(conflict)) from None
        note = invoice_adjust(invoice=invoice, user=request.user)
        if note is None:
            return Response({"message": _("Nothing changed since it was billed."), "note": None})
        return Response(invoice_json(note), status=status.HTTP_201_CREATED)
