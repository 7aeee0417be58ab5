"""The API's JSON parser: DRF's, with a limit on how deeply a body may nest.

Python's JSON decoder recurses once per level: a body of 50,000 nested arrays exhausts the
interpreter's stack and DRF answers ``500 RecursionError``, on every endpoint that reads JSON,
the unauthenticated token login included. No document the API takes nests deeper than a handful
of levels (an instance is five), so anything past ``MAX_DEPTH`` is a client's mistake: a 400.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 32


def json_depth_exceeds(data: object, limit: int = MAX_DEPTH) -> bool:
    """Whether a decoded JSON value nests more than ``limit`` arrays and objects deep."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children)
    return False


def _too_deep() -> ParseError:
    return ParseError(
        _("JSON parse error: the body nests deeper than {limit} levels.").format(limit=MAX_DEPTH)
    )


class DepthLimitedJSONParser(JSONParser):
    """DRF's JSON parser that answers 400 to a body nested deeper than ``MAX_DEPTH``."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise _too_deep() from None
        if json_depth_exceeds(data):
            raise _too_deep()
        return data
