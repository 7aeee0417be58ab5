"""API plumbing shared by every app: pagination with a hard cap, and one JSON error shape."""

from __future__ import annotations

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.views import exception_handler

MAX_PAGE_SIZE = 500


class StrictPageNumberPagination(PageNumberPagination):
    """Page numbers with ``page_size`` chosen by the client up to a cap; beyond it, a 400."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            raise ValidationError({"page_size": [f"'{raw}' is not a whole number."]}) from None
        if not 1 <= size <= self.max_page_size:
            raise ValidationError(
                {"page_size": [f"must be between 1 and {self.max_page_size}, not {size}."]}
            )
        return size


def api_exception_handler(exc, context):
    """DRF's handler, with a human-readable ``message`` added to every error body."""
    response = exception_handler(exc, context)
    if response is None:
        return None
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
