"""A request id on every log line and on every response, so one request can be followed.

The id is the caller's ``X-Request-ID`` when it is a sane token (a proxy or a client that already
named the request), else a new one. It lives in a context variable for the request's duration;
the logging filter writes it into each record as ``request_id`` ("-" outside a request). Work
that outlives the request (a plan run in a worker) stores the id and puts it back with
``request_id_bound``.
"""

from __future__ import annotations

import contextvars
import logging
import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from django.core.signals import request_finished
from django.dispatch import receiver

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
_SANE = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_current: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="")


def request_id_get() -> str:
    """The id of the request (or run) this code serves; "" outside one."""
    return _current.get()


@contextmanager
def request_id_bound(request_id: str) -> Iterator[None]:
    """Log under ``request_id`` for the duration of the block."""
    token = _current.set(request_id)
    try:
        yield
    finally:
        _current.reset(token)


class RequestIdMiddleware:
    """Gives each request its id, for the logs and in the response's ``X-Request-ID``.

    The id stays set until the request is finished, not only while the middleware runs:
    Django logs a 4xx or 5xx (``django.request``) after the whole chain has returned.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        offered = request.META.get(_META_KEY, "")
        request_id = offered if _SANE.match(offered) else uuid.uuid4().hex
        request.request_id = request_id
        _current.set(request_id)
        response = self.get_response(request)
        response[HEADER] = request_id
        return response


@receiver(request_finished)
def _request_id_clear(**kwargs) -> None:
    """A thread serves the next request with no id left over from this one."""
    _current.set("")


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` so formatters can print it."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True
