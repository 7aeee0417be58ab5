"""Limits on guessing passwords: failed sign-ins counted by address and by username.

Every way in (the API's token login, the site's and the admin's sign-in pages) goes through
``authenticate()``, which sends ``user_login_failed`` on a wrong password: each failure adds one
to the client address's count and one to the username's, in fixed windows of
``SIGN_IN_FAILURE_WINDOW_SECONDS``. Once either count reaches its limit, every attempt from that
address, or at that username from anywhere, is a 429 with ``Retry-After`` until the window
ends, the right password included. Successful sign-ins are not counted: an office behind one
NAT signs in many times a morning (issue 19, finding 8).

The counts live in the default cache (Redis in production, shared by every worker). A cache
that is down must not lock everyone out: the attempt goes through and the outage is logged.
"""

from __future__ import annotations

import hashlib
import logging
import math

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from rest_framework.throttling import BaseThrottle

logger = logging.getLogger(__name__)


def client_address(request) -> str:
    """The client's address: the connection's, or the one the trusted TLS proxy added."""
    return BaseThrottle().get_ident(request)


def _keys(request, username: str | None) -> tuple[list[str], float]:
    window = settings.SIGN_IN_FAILURE_WINDOW_SECONDS
    now = timezone.now().timestamp()
    bucket = int(now // window)
    keys = [f"sign-in-failures:address:{client_address(request)}:{bucket}"]
    if username:
        digest = hashlib.sha256(username.strip().casefold().encode()).hexdigest()[:32]
        keys.append(f"sign-in-failures:username:{digest}:{bucket}")
    return keys, (bucket + 1) * window - now


def sign_in_refused_for(request, username: str | None) -> int | None:
    """Seconds to wait when this address or username has failed too often lately, else None."""
    keys, left = _keys(request, username)
    limits = [settings.SIGN_IN_FAILURES_PER_ADDRESS, settings.SIGN_IN_FAILURES_PER_USERNAME]
    try:
        counts = cache.get_many(keys)
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("sign-in limit cache unavailable; attempt let through", exc_info=True)
        return None
    if any(counts.get(key, 0) >= limit for key, limit in zip(keys, limits, strict=False)):
        return max(1, math.ceil(left))
    return None


def sign_in_failure_count(sender, credentials: dict, request=None, **kwargs) -> None:
    """``user_login_failed`` receiver: one more failure for the address and the username."""
    if request is None:  # authenticate() called outside a request (a shell, a command)
        return
    keys, _left = _keys(request, credentials.get("username"))
    timeout = settings.SIGN_IN_FAILURE_WINDOW_SECONDS * 2
    try:
        for key in keys:
            cache.add(key, 0, timeout=timeout)
            cache.incr(key)
    except Exception:  # noqa: BLE001 - any cache backend's connection error
        logger.warning("sign-in limit cache unavailable; failure not counted", exc_info=True)
