"""Middleware of the project as a whole."""

from __future__ import annotations

import math
from functools import cache

from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from scheduling.api.throttles import GuessThrottle


class _SignIn:
    """What the login throttle reads of a view: its scope, shared with ``auth/token/``."""

    throttle_scope = "login"


@cache
def _sign_in_paths() -> frozenset[str]:
    return frozenset({reverse("login"), reverse("admin:login")})


class SignInThrottleMiddleware:
    """Sign-ins on the site's and the admin's pages count against the API login's limit.

    The API's token login is limited by DRF (``scheduling.api.throttles``); the two HTML sign-in
    pages take the same passwords, so a POST to either adds to the same count, by the client's
    address, and over the limit is a 429 with ``Retry-After``.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.path in _sign_in_paths():
            throttle = GuessThrottle()
            if not throttle.allow_request(request, _SignIn()):
                seconds = math.ceil(throttle.wait() or 1)
                message = _("Too many sign-in attempts. Try again in %(seconds)d seconds.")
                response = HttpResponse(
                    message % {"seconds": seconds},
                    status=429,
                    content_type="text/plain; charset=utf-8",
                )
                response["Retry-After"] = str(seconds)
                return response
        return self.get_response(request)
