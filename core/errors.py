"""Django's own error pages, answered as the API answers: JSON with a ``message`` under /api/.

A URL no route matches, a request Django refuses before DRF (thousands of form fields) or an
unhandled error never reaches DRF's exception handler, so without these the API would answer
them with HTML. With ``DEBUG`` on (the embedded demo) Django swaps its 404 page for a technical
one that lists every URL pattern of the project, and answers an error with a traceback page;
``ProductionErrorPagesMiddleware`` puts production's answers back, so the demo answers as a
deployment does.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

from core.home import page_forbidden, page_not_found

API_PREFIX = "/api/"
logger = logging.getLogger("django.request")


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 404: JSON with a ``message`` under /api/, elsewhere a page in the user's
    language (``core.home``)."""
    if _is_api(request):
        return JsonResponse({"message": _("Not found.")}, status=404)
    return page_not_found(request)


def api_permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 403 outside DRF: JSON under /api/, elsewhere a page in the user's language."""
    if _is_api(request):
        return JsonResponse({"message": _("Your role may not do this here.")}, status=403)
    return page_forbidden(request, _("This page is not for your role."))


def api_bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 400: JSON under /api/, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"message": _("Bad request.")}, status=400)
    return defaults.bad_request(request, exception)


def api_server_error(request: HttpRequest) -> HttpResponse:
    """The project's 500: JSON under /api/ (the error is logged by Django with its request
    id), Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse(
            {"message": _("Server error: the operations centre has been told.")}, status=500
        )
    return defaults.server_error(request)


class ProductionErrorPagesMiddleware:
    """With ``DEBUG`` on (the demo), answers as production does: a 404 page without Django's
    technical page that lists every URL pattern (DRF's own JSON 404s pass untouched), and an
    unhandled error under /api/ as the JSON 500, logged, instead of a traceback page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            settings.DEBUG
            and response.status_code == 404
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return api_not_found(request)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception):
        if not (settings.DEBUG and _is_api(request)):
            return None  # production: Django logs it and answers with handler500
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        return api_server_error(request)
