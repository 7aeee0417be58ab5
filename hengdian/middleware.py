"""Middleware of the project as a whole."""

from __future__ import annotations

from functools import cache

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from core.sign_in import sign_in_refused_for


@cache
def _sign_in_paths() -> frozenset[str]:
    return frozenset({reverse("login"), reverse("admin:login")})


def too_many_sign_ins(seconds: int) -> str:
    return _("Too many failed sign-ins. Try again in %(seconds)d seconds.") % {"seconds": seconds}


class SignInThrottleMiddleware:
    """The site's and the admin's sign-in pages keep the same limits as the API's token login.

    Failures are counted wherever they happen (``core.sign_in``); a POST to either page from an
    address, or for a username, over its limit is a 429 with ``Retry-After``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in _sign_in_paths():
            seconds = sign_in_refused_for(request, request.POST.get("username"))
            if seconds is not None:
                response = HttpResponse(
                    too_many_sign_ins(seconds),
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(seconds)
                return response
        return self.get_response(request)
