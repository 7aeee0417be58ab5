"""Limits on the endpoints that take a secret someone could guess: a password, a check-in code.

Without them a script may try passwords, or the eight-character check-in codes of a day's calls,
as fast as the service answers. Each scope's rate is in ``settings.API_THROTTLE_RATES`` (read
at each request: DRF's own class reads its rates once, at import); the counts live in the
default cache, which production points at Redis (``DJANGO_CACHE_URL``) so that every worker
shares them. A login is counted by the client's address, a check-in by the user.
"""

from __future__ import annotations

import logging

from django.conf import settings
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework.throttling import ScopedRateThrottle

from core.fields import StrictCharField

logger = logging.getLogger(__name__)

# The schema's answer of a throttled operation.
TOO_MANY = OpenApiResponse(
    inline_serializer("Throttled", {"message": StrictCharField()}),
    description="Too many attempts: wait the seconds the Retry-After header gives.",
)


class GuessThrottle(ScopedRateThrottle):
    """``ScopedRateThrottle`` with the project's rates, open when the cache is down.

    A cache outage must not lock everyone out of logging in: the request goes through and the
    outage is logged (the limit is back with the cache).
    """

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view) -> bool:
        try:
            return super().allow_request(request, view)
        except Exception:  # noqa: BLE001 - any cache backend's connection error
            logger.warning("throttle cache unavailable; request let through", exc_info=True)
            return True
