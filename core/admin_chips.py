"""Lists of words (a set's tags, a performer's looks and skills) as chips in the admin's lists.

A JSON list shown as it is stored reads ``["modern-business"]``; the staff read words.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin
from django.utils.html import format_html, format_html_join

CHIP_STYLE = (
    "display:inline-block;margin:0 .25em .2em 0;padding:0 .6em;border-radius:1em;"
    "background:#e6eef6;color:#20364d;white-space:nowrap;font-size:.92em"
)


def chips(values) -> str:
    """The words as chips (escaped), or "—" for none."""
    if not values:
        return "—"
    return format_html_join(
        "", '<span class="chip" style="{}">{}</span>', ((CHIP_STYLE, v) for v in values)
    ) or format_html("—")


def chips_column(field: str, description) -> Callable:
    """A ``list_display`` column showing a list field as chips under ``description``."""

    @admin.display(description=description)
    def column(obj) -> str:
        return chips(getattr(obj, field))

    column.__name__ = f"{field}_chips"
    return column
