"""A link as a QR code, drawn as an inline SVG (no file, no request): for phones to scan a
calendar feed off a page."""

from __future__ import annotations

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(text: str) -> SafeString:
    """``text`` as a QR code, an SVG element safe to put in a page as it is."""
    code = segno.make(text, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=4, border=4, dark="#1f2933", light="#fff"))  # noqa: S308 (segno's own SVG; the text is encoded as modules, not written)
