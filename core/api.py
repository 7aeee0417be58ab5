"""API plumbing shared by every app: pagination with a hard cap, and one JSON error shape."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.views import exception_handler

MAX_PAGE_SIZE = 500


class StrictPageNumberPagination(PageNumberPagination):
    """Page numbers with ``page_size`` chosen by the client up to a cap; beyond it, a 400."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = _single(request, self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError(
                {"page_size": [_("'{raw}' is not a whole number.").format(raw=raw)]}
            ) from None
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {
                    "page_size": [
                        _("must be between 1 and {most}, not {size}.").format(
                            most=self.max_page_size, size=size
                        )
                    ]
                }
            )
        return size

    def get_page_number(self, request, paginator):
        # DRF takes the last of repeated values and page 1 for an empty one: ``?page=&page=x``
        # would list page 1. A page is one whole number (or DRF's "last"), or a 400.
        raw = _single(request, self.page_query_param)
        if raw is None:
            return 1
        if raw not in self.last_page_strings and not (raw.isascii() and raw.isdigit()):
            raise ValidationError({"page": [_("'{raw}' is not a whole number.").format(raw=raw)]})
        return raw


def _single(request, name: str) -> str | None:
    """The one value of a query parameter, None when absent; given twice, a 400."""
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise ValidationError({name: [_("give it once.")]})
    return values[0] if values else None


def api_exception_handler(exc, context):
    """DRF's handler, with a human-readable ``message`` added to every error body."""
    if isinstance(exc, Http404):
        # Django's get_object_or_404 says "No Scene matches the given query.": English, and
        # a model's name means nothing to a person. DRF's own words, translated, instead.
        exc = NotFound()
    response = exception_handler(exc, context)
    if response is None:
        return None
    # An error is JSON whatever format the client asked for (a CSV pay sheet, a PDF call
    # sheet): the schema documents errors as JSON, and a CSV "message" column helps nobody.
    request = context.get("request")
    if request is not None:
        request.accepted_renderer = JSONRenderer()
        request.accepted_media_type = JSONRenderer.media_type
    data = response.data
    if isinstance(data, dict) and "message" not in data:
        if "detail" in data and len(data) == 1:
            message = str(data["detail"])
        else:
            message = _first_message(data)
        response.data = {"message": message, **data}
    elif isinstance(data, list):
        response.data = {"message": _first_message(data), "errors": data}
    return response


def _first_message(data, path: str = "") -> str:
    if isinstance(data, dict):
        for key, value in data.items():
            return _first_message(value, f"{path}.{key}" if path else str(key))
    if isinstance(data, list) and data:
        return _first_message(data[0], path)
    return f"{path}: {data}" if path else str(data)
