"""Cells of CSV and xlsx files the base hands out, kept from being read as formulas.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or
a carriage return) as a formula: a crew that names its scene ``=HYPERLINK(...)`` would run it on
the guild's desktop when the pay sheet is opened (issue 19, finding 7). As OWASP recommends,
such a text cell is written with a leading apostrophe, which spreadsheets show as text; numbers
stay numbers. Files read back (a roster import) drop that apostrophe again.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: object) -> object:
    """A cell's value as written to a file: text that a spreadsheet would run gets an
    apostrophe in front; anything else is unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restored(value: object) -> object:
    """A cell's value as read from a file this module wrote: the apostrophe dropped."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def neutralised_rows(rows):
    """Every cell of rows (an iterable of sequences) neutralised, as lists."""
    return [[neutralised(cell) for cell in row] for row in rows]
