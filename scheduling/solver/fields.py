"""Reading untrusted JSON into typed values while collecting every problem with its JSON path.

``instance.py`` and ``plan.py`` share this: a reader never stops at the first problem, it records
each one as ``Problem(path, message)`` and returns ``None`` for the value it could not read, so the
caller keeps checking the rest of the file and reports everything at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HHMM = re.compile(r"^(\d{2}):(\d{2})$")
MISSING = object()


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InstanceError(Exception):
    """A file that breaks the contract; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


# Call sheets write a night that runs on past midnight as "26:30" (02:30 next morning): a
# shooting day's times run to 47:59, counted from the calendar midnight that starts it.
LAST_MINUTE = 47 * 60 + 59


def parse_hhmm(text: str) -> int:
    """Minutes after the shooting day's midnight of an "HH:MM" time, "00:00" to "47:59"."""
    match = _HHMM.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(f"{text!r} is not a time of day as HH:MM")
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 47:
        raise ValueError(f"{text!r} is not a time of day between 00:00 and 47:59")
    return hours * 60 + minutes


def format_minutes(minutes: int) -> str:
    """ "HH:MM" of minutes after the shooting day's midnight (1440 "24:00", 1590 "26:30")."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


class Reader:
    """Collects problems while reading values out of decoded JSON."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        # Every id written in the file per kind, even of items with problems, so a reference to
        # a broken item is not reported a second time as unknown.
        self.known: dict[str, set[str]] = {}

    def know(self, kind: str, items: list) -> None:
        self.known[kind] = {
            item["id"]
            for item in items
            if isinstance(item, dict) and isinstance(item.get("id"), str)
        }

    def unknown(self, kind: str, ident: str, path: str) -> None:
        """Report a reference to an id that no item of that kind has."""
        if ident not in self.known.get(kind, ()):
            self.problem(path, f'unknown {kind} "{ident}"')

    def problem(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def obj(
        self,
        value: object,
        path: str,
        *,
        required: tuple[str, ...],
        optional: tuple[str, ...],
    ) -> dict | None:
        """The value as a dict, after reporting unknown and missing keys; None if not an object."""
        if not isinstance(value, dict):
            self.problem(path, f"must be an object, not {_kind(value)}")
            return None
        for key in value:
            if key not in required and key not in optional:
                self.problem(f"{path}.{key}", "unknown key")
        for key in required:
            if key not in value:
                self.problem(f"{path}.{key}", "missing required key")
        return value

    def list_(self, data: dict, key: str, path: str, *, default: object = MISSING) -> list:
        """A list under ``key``; an empty list when missing, absent-with-default or wrong."""
        value = data.get(key, default)
        if value is MISSING:
            return []
        if not isinstance(value, list | tuple):
            self.problem(f"{path}.{key}", f"must be a list, not {_kind(value)}")
            return []
        return list(value)

    def int_(
        self,
        data: dict,
        key: str,
        path: str,
        *,
        default: object = MISSING,
        lo: int | None = None,
        hi: int | None = None,
    ) -> int | None:
        value = data.get(key, default)
        if value is MISSING:
            return None
        return self.int_value(value, f"{path}.{key}", lo=lo, hi=hi)

    def int_value(self, value: object, path: str, *, lo: int | None = None, hi: int | None = None):
        if not _is_int(value):
            self.problem(path, f"must be an integer, not {_kind(value)}")
            return None
        if lo is not None and value < lo:
            self.problem(path, f"must be at least {lo}, not {value}")
            return None
        if hi is not None and value > hi:
            self.problem(path, f"must be at most {hi}, not {value}")
            return None
        return value

    def number(self, data: dict, key: str, path: str, *, default: object, lo: float, hi: float):
        value = data.get(key, default)
        if not (_is_int(value) or isinstance(value, float)):
            self.problem(f"{path}.{key}", f"must be a number, not {_kind(value)}")
            return None
        if not lo <= value <= hi:
            self.problem(f"{path}.{key}", f"must be between {lo} and {hi}, not {value}")
            return None
        return float(value)

    def str_(
        self,
        data: dict,
        key: str,
        path: str,
        *,
        default: object = MISSING,
        choices=None,
    ) -> str | None:
        value = data.get(key, default)
        if value is MISSING:
            return None
        if not isinstance(value, str):
            self.problem(f"{path}.{key}", f"must be a string, not {_kind(value)}")
            return None
        if choices is not None and value not in choices:
            allowed = ", ".join(f'"{c}"' for c in choices)
            self.problem(f"{path}.{key}", f'must be one of {allowed}, not "{value}"')
            return None
        if choices is None and not value:
            self.problem(f"{path}.{key}", "must not be empty")
            return None
        return value

    def str_list(
        self,
        data: dict,
        key: str,
        path: str,
        *,
        default: object = (),
        unique: bool = False,
    ) -> tuple[str, ...] | None:
        value = data.get(key, default)
        if value is MISSING:
            return None
        return self.str_items(value, f"{path}.{key}", unique=unique)

    def str_items(self, value: object, path: str, *, unique: bool = False):
        """A list of non-empty strings at ``path``; None if it is not a list."""
        if not isinstance(value, list | tuple):
            self.problem(path, f"must be a list of strings, not {_kind(value)}")
            return None
        out: list[str] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item:
                self.problem(f"{path}[{i}]", f"must be a non-empty string, not {_kind(item)}")
                continue
            if unique and item in seen:
                self.problem(f"{path}[{i}]", f'duplicate "{item}"')
                continue
            seen.add(item)
            out.append(item)
        return tuple(out)

    def time(self, data: dict, key: str, path: str, *, default: object = MISSING) -> int | None:
        """Minutes after midnight of an "HH:MM" value (grid and day checks are the caller's)."""
        value = data.get(key, default)
        if value is MISSING:
            return None
        try:
            return parse_hhmm(value)  # type: ignore[arg-type]
        except ValueError:
            self.problem(f"{path}.{key}", f'must be a time "HH:MM", not {_show(value)}')
            return None

    def ids(self, items: list, path: str, kind: str) -> None:
        """Report a second item with an id already used by an earlier one."""
        seen: set[str] = set()
        for i, item in enumerate(items):
            ident = item.get("id") if isinstance(item, dict) else None
            if not isinstance(ident, str):
                continue
            if ident in seen:
                self.problem(f"{path}[{i}].id", f'duplicate {kind} id "{ident}"')
            seen.add(ident)


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f'the string "{value}"'
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _show(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else _kind(value)
