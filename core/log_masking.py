"""Secrets kept out of log lines: query-string values that are secrets are masked.

A calendar app can only send its feed secret in the address (``calendar.ics?token=``), and an
old client may still send ``?phone=``; access logs and Django's own request lines write the
address as it came (issue 19, finding 4). ``MaskSecretsFilter``, on every handler of Django's and
gunicorn's logging, rewrites the finished message with those values replaced by ``***``.
"""

from __future__ import annotations

import logging
import re

SECRET_QUERY_NAMES = ("token", "phone", "id_number", "password", "code", "key", "secret")
_NAMES = "|".join(SECRET_QUERY_NAMES)
_SECRET_VALUE = re.compile(rf"(?P<name>[?&](?:{_NAMES})=)[^&\s\"']+", re.IGNORECASE)
MASK = "***"


def mask_secrets(text: str) -> str:
    """The text with every secret query value (``?token=...``, ``&phone=...``) masked."""
    return _SECRET_VALUE.sub(lambda match: match.group("name") + MASK, text)


class MaskSecretsFilter(logging.Filter):
    """A logging filter that masks secret query values in the record's finished message."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed record is logging's to report
            return True
        masked = mask_secrets(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
