"""The guild's roster over the API: import and export as CSV or Excel, availability in bulk.

``POST /api/v1/performers/import`` (a file: CSV or xlsx) creates or updates performers by code,
all rows or none; errors come per row and field. ``GET /api/v1/performers/export?format=csv|xlsx``
returns the roster with phone and ID number masked. ``POST .../availability/bulk`` replaces the
days a performer (or many) is available inside a date range. All guild only.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from actors.models import Performer
from actors.resources import ROSTER_FORMATS, RosterFileUnreadable, roster_dataset, roster_file
from actors.services import MAX_AVAILABILITY_DAYS, availability_set, roster_import
from core.days import PlanningDayField
from core.fields import StrictCharField

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
MAX_ROSTER_BYTES = 10 * 1024 * 1024


class RosterRowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="spreadsheet row; the header is 1")
    field = StrictCharField(allow_null=True)
    message = StrictCharField()


class RosterRejectedSerializer(serializers.Serializer):
    message = StrictCharField()
    errors = RosterRowErrorSerializer(many=True)


class RosterImportedSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()


class RosterUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


def _file_format(upload) -> str | None:
    name = (upload.name or "").lower()
    for file_format in ROSTER_FORMATS:
        if name.endswith(f".{file_format}"):
            return file_format
    content_type = (upload.content_type or "").split(";")[0].strip()
    for file_format, known in CONTENT_TYPES.items():
        if content_type == known.split(";")[0]:
            return file_format
    return None


def _rejected(message: str, errors: list[dict]) -> Response:
    return Response({"message": message, "errors": errors}, status=status.HTTP_400_BAD_REQUEST)


class RosterImportView(APIView):
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        operation_id="performers_import",
        summary="Import the roster from CSV or Excel (all rows or none)",
        description="Columns: code, name, gender (F/M), age, tier, height_cm, tags, skills "
        "(comma-separated), max_minutes_per_day, reliability, phone, id_number. Performers are "
        "matched by code. Phone and ID number are taken in clear and stored sealed; a masked or "
        "empty cell keeps the stored value. Any bad row answers 400 with every error by row and "
        "field, and nothing is written.",
        request={"multipart/form-data": RosterUploadSerializer},
        responses={
            200: RosterImportedSerializer,
            400: OpenApiResponse(RosterRejectedSerializer, description="Rows with errors."),
        },
    )
    def post(self, request):
        upload = request.FILES.get("file")
        if upload is None:
            return _rejected(_("Send the roster as the form field 'file'."), [])
        if upload.size > MAX_ROSTER_BYTES:
            return _rejected(
                _("The file is larger than {limit} bytes.").format(limit=MAX_ROSTER_BYTES), []
            )
        file_format = _file_format(upload)
        if file_format is None:
            return _rejected(_("Send a .csv or .xlsx file."), [])
        try:
            dataset = roster_dataset(data=upload.read(), file_format=file_format)
        except RosterFileUnreadable as error:
            return _rejected(str(error), [])
        result = roster_import(dataset=dataset)
        if result.errors:
            count = len(result.errors)
            message = ngettext(
                "The roster has {count} error; nothing was imported.",
                "The roster has {count} errors; nothing was imported.",
                count,
            ).format(count=count)
            return _rejected(message, result.errors)
        return Response(
            {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
        )


class FileFormatNegotiation(DefaultContentNegotiation):
    """``?format=csv|xlsx`` names the file, not one of DRF's renderers: answer errors in JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class RosterExportView(APIView):
    content_negotiation_class = FileFormatNegotiation

    @extend_schema(
        operation_id="performers_export",
        summary="Export the roster as CSV or Excel (phone and ID number masked)",
        parameters=[
            OpenApiParameter("format", str, enum=list(ROSTER_FORMATS), default="csv"),
        ],
        responses={
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, CONTENT_TYPES["xlsx"]): OpenApiTypes.BINARY,
            400: OpenApiTypes.OBJECT,
        },
    )
    def get(self, request):
        # ``format`` is also DRF's suffix parameter: read it raw, as the contract spells it.
        file_format = request.query_params.get("format", "csv")
        if file_format not in ROSTER_FORMATS:
            return Response(
                {"format": [_("use one of {formats}").format(formats=", ".join(ROSTER_FORMATS))]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        data = roster_file(queryset=Performer.objects.order_by("code"), file_format=file_format)
        response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = content_disposition_header(True, f"roster.{file_format}")
        return response


class AvailabilityBulkSerializer(serializers.Serializer):
    # "from" is a keyword in Python: declared by name below.
    to = PlanningDayField()
    except_ = serializers.ListField(
        child=PlanningDayField(), required=False, default=list, max_length=366
    )
    weekdays = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7),
        required=False,
        allow_null=True,
        default=None,
        help_text="ISO weekdays to keep (Monday 1 .. Sunday 7); all when absent",
    )

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = PlanningDayField()
        fields["except"] = fields.pop("except_")
        return fields

    def validate(self, attrs):
        first, last = attrs["from"], attrs["to"]
        if last < first:
            raise serializers.ValidationError({"to": [_("must not be before 'from'")]})
        if (last - first).days >= MAX_AVAILABILITY_DAYS:
            raise serializers.ValidationError(
                {"to": [_("a range of at most {days} days").format(days=MAX_AVAILABILITY_DAYS)]}
            )
        return attrs


class AvailabilityBulkManySerializer(AvailabilityBulkSerializer):
    performers = serializers.ListField(
        child=StrictCharField(max_length=64), min_length=1, max_length=5000
    )


class AvailabilitySetSerializer(serializers.Serializer):
    performers = serializers.IntegerField()
    days = serializers.IntegerField(help_text="days available in the range, per performer")
    called_on_days_off = serializers.ListField(
        child=serializers.DictField(), help_text="calls already made on a day now off"
    )


def _availability_set(performers: QuerySet | list, attrs: dict) -> Response:
    weekdays = attrs.get("weekdays")
    result = availability_set(
        performers=list(performers),
        first=attrs["from"],
        last=attrs["to"],
        except_dates=frozenset(attrs.get("except") or ()),
        weekdays=None if weekdays is None else frozenset(weekdays),
    )
    return Response(
        {
            "performers": result.performers,
            "days": result.days,
            "called_on_days_off": [
                {"performer": code, "date": day.isoformat()}
                for code, day in result.called_on_days_off
            ],
        }
    )


_AVAILABILITY_DOC = (
    "Replaces the performer's available days inside from..to (inclusive) with every day of the "
    "range less 'except' (and, given 'weekdays', only those ISO weekdays). Days outside the "
    "range are untouched. Calls already made on days now off are listed, not undone."
)


class AvailabilityBulkView(APIView):
    @extend_schema(
        operation_id="performers_availability_bulk",
        summary="Set a performer's availability over a date range",
        description=_AVAILABILITY_DOC,
        request=AvailabilityBulkSerializer,
        responses={200: AvailabilitySetSerializer, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request, code: str):
        performer = get_object_or_404(Performer, code=code)
        serializer = AvailabilityBulkSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return _availability_set([performer], serializer.validated_data)


class AvailabilityBulkManyView(APIView):
    @extend_schema(
        operation_id="performers_availability_bulk_many",
        summary="Set many performers' availability over a date range at once",
        description=_AVAILABILITY_DOC + " 'performers' lists guild codes; an unknown one is a 400.",
        request=AvailabilityBulkManySerializer,
        responses={200: AvailabilitySetSerializer, 400: OpenApiTypes.OBJECT},
    )
    def post(self, request):
        serializer = AvailabilityBulkManySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        codes = sorted(set(serializer.validated_data["performers"]))
        performers = list(Performer.objects.filter(code__in=codes))
        unknown = sorted(set(codes) - {p.code for p in performers})
        if unknown:
            return Response(
                {
                    "performers": [
                        _("unknown performer codes: {codes}").format(codes=", ".join(unknown))
                    ]
                },
                status=status.HTTP_400_BAD_REQUEST,
            )
        return _availability_set(performers, serializer.validated_data)
