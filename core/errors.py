"""Django's own error pages, answered as the API answers: JSON with a ``message`` under /api/.

A URL no route matches, a request Django refuses before DRF (thousands of form fields) or an
unhandled error never reaches DRF's exception handler, so without these the API would answer
them with HTML. With ``DEBUG`` on (the embedded demo) Django swaps its 404 page for a technical
one that lists every URL pattern of the project; ``ProductionNotFoundMiddleware`` puts the
production page back, so the demo answers as a deployment does.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The project's 404: JSON with a ``message`` under /api/, Django's page elsewhere."""
    if _is_api(request):
        return JsonResponse({"message": _("Not found.")}, status=404)
    return defaults.page_not_found(request, exception)


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


class ProductionNotFoundMiddleware:
    """With ``DEBUG`` on, answers a 404 page with the production one, not Django's technical
    page that lists every URL pattern. DRF's own 404s (JSON) pass through untouched."""

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
