"""A crew's breakdown uploaded in one go: JSON, a CSV body, or a CSV file in a form."""

from __future__ import annotations

from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.fields import StrictCharField
from core.parsers import DepthLimitedJSONParser
from crews.api.tool_access import crew_for_tools
from crews.breakdown import BreakdownInvalid, csv_rows, json_rows
from crews.services import breakdown_import
from scheduling.api.access import Conflict

MAX_CSV_BYTES = 5 * 1024 * 1024


class CSVParser(BaseParser):
    """A ``text/csv`` body, handed over as text (UTF-8, or GB18030 as Chinese Excel saves it)."""

    media_type = "text/csv"

    def parse(self, stream, media_type=None, parser_context=None):
        return csv_text(stream.read())


def csv_text(raw: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ParseError(_("The CSV is neither UTF-8 nor GB18030 text."))


class BreakdownErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField()
    column = StrictCharField()
    message = StrictCharField()


class BreakdownRefusedSerializer(serializers.Serializer):
    message = StrictCharField()
    errors = BreakdownErrorSerializer(many=True)


class CastCreatedSerializer(serializers.Serializer):
    code = StrictCharField()
    name = StrictCharField()


class BreakdownImportedSerializer(serializers.Serializer):
    crew = StrictCharField()
    created = serializers.IntegerField()
    scenes = serializers.ListField(child=StrictCharField())
    cast_created = CastCreatedSerializer(many=True)


EXAMPLE_ROWS = [
    {
        "scene": "12",
        "set": "palace-hall",
        "day/night": "日",
        "int/ext": "内",
        "duration": 90,
        "cast": "林一/苏晴",
        "extras": "20 F 18-35 ancient; 5 M 20-40 +horse",
        "priority": 2,
    }
]


class BreakdownUploadView(APIView):
    parser_classes = [DepthLimitedJSONParser, CSVParser, MultiPartParser]

    @extend_schema(
        summary="Add a crew's breakdown of scenes (all rows or none)",
        description=(
            'JSON (a list of scenes, or {"scenes": [...]}), a text/csv body, or a CSV file in '
            "the multipart field 'file'. Columns: scene, set, day/night, int/ext, duration, "
            "cast, extras, earliest, latest, priority, title (or their Chinese names). Errors "
            "name the row (CSV: the spreadsheet row, header = 1; JSON: the scene's place, "
            "from 1) and the column; nothing is written unless every row is valid."
        ),
        request={
            "application/json": OpenApiTypes.OBJECT,
            "text/csv": OpenApiTypes.STR,
            "multipart/form-data": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            },
        },
        responses={
            201: BreakdownImportedSerializer,
            400: OpenApiResponse(BreakdownRefusedSerializer, description="Rows with errors."),
        },
        examples=[OpenApiExample("One scene", value=EXAMPLE_ROWS, request_only=True)],
    )
    def post(self, request, code: str):
        crew = crew_for_tools(request, code)
        try:
            rows = self._rows(request)
            imported = breakdown_import(crew=crew, rows=rows, user=request.user)
        except BreakdownInvalid as invalid:
            first = invalid.errors[0]
            message = _("{count} errors; the first: row {row}, {column}: {message}").format(
                count=len(invalid.errors), **first
            )
            return Response(
                {"message": message, "errors": invalid.errors}, status=status.HTTP_400_BAD_REQUEST
            )
        except IntegrityError as error:
            raise Conflict(
                _("Scenes were registered meanwhile; upload again: {error}").format(error=error)
            ) from error
        body = {
            "crew": crew.code,
            "created": len(imported.scenes),
            "scenes": [scene.code for scene in imported.scenes],
            "cast_created": [
                {"code": member.code, "name": member.name} for member in imported.cast_created
            ],
        }
        return Response(body, status=status.HTTP_201_CREATED)

    def _rows(self, request):
        data = request.data
        if isinstance(data, str):
            return csv_rows(data)
        upload = request.FILES.get("file") if hasattr(request, "FILES") else None
        if upload is not None:
            if upload.size > MAX_CSV_BYTES:
                raise ParseError(_("A breakdown file is at most 5 MB."))
            return csv_rows(csv_text(upload.read()))
        if request.content_type.startswith("multipart/"):
            raise BreakdownInvalid(
                [{"row": 0, "column": "", "message": _("Send the CSV in the form field 'file'.")}]
            )
        return json_rows(data)
