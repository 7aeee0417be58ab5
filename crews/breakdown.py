"""Reading a crew's breakdown: the sheet assistant directors keep, one scene per row.

Columns (English or the Chinese the sheets use; case and spaces do not matter):

- scene / 场次: the scene's number on the breakdown (``12``, ``12A``, ``S012``)
- set / 场景: the location tag the scene needs (``palace-hall``; ``a+b`` for two)
- day/night / 日夜: ``日``/``day``, ``夜``/``night``; blank: either
- int/ext / 内外: ``内``/``int``/``interior``, ``外``/``ext``/``exterior``; blank: not given
- duration / 时长: minutes, on the base's grid (``90``)
- cast / 演员: principal actors, separated by ``/`` ``,`` ``、`` (``林一/苏晴``)
- extras / 群演: lines separated by ``;``, each a count, then gender, ages, looks and
  ``+skills`` in any order (``20 F 18-35 ancient-costume; 5 M 20-40 +horse``)
- earliest, latest / 最早, 最晚: days as ``YYYY-MM-DD``; blank: the crew's stay
- priority / 优先级: 1 to 5; blank: 1
- title / 内容: what happens in the scene

Rows are numbered as the person who wrote them sees them: in a CSV file the header is row 1 and
the first scene row 2 (the spreadsheet's row numbers); in a JSON list the first scene is row 1.
Row 0 stands for the upload as a whole (empty, too long, not a list).
Nothing here touches the database: ``crews.services.breakdown_import`` checks the rows against
the base (set tags, existing scenes, the crew's stay) and writes them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

MAX_ROWS = 2000
MAX_CELL = 500

COLUMNS = {
    "scene": ("scene", "场次", "场号", "scene_no"),
    "set": ("set", "场景", "location_tag", "location_tags"),
    "day_night": ("day/night", "day_night", "daynight", "日夜", "日/夜", "time_of_day"),
    "int_ext": ("int/ext", "int_ext", "interior/exterior", "内外", "内/外", "setting"),
    "duration": ("duration", "minutes", "时长", "时长(分钟)"),
    "cast": ("cast", "演员", "主演"),
    "extras": ("extras", "群演", "群众演员"),
    "earliest": ("earliest", "first_date", "最早", "最早日期"),
    "latest": ("latest", "last_date", "最晚", "最晚日期"),
    "priority": ("priority", "优先级"),
    "title": ("title", "内容", "description"),
}
REQUIRED = ("scene", "set", "duration")
_ALIASES = {alias: column for column, aliases in COLUMNS.items() for alias in aliases}

DAY_NIGHT = {"日": "day", "day": "day", "d": "day", "夜": "night", "night": "night", "n": "night"}
INT_EXT = {
    "内": "interior",
    "int": "interior",
    "interior": "interior",
    "外": "exterior",
    "ext": "exterior",
    "exterior": "exterior",
}
GENDERS = {"f": "F", "女": "F", "m": "M", "男": "M", "any": "any", "不限": "any"}
# Guild pass holders are 18 to 60 (field notes): the range a line without ages asks for.
DEFAULT_AGES = (18, 60)
SCENE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$")
AGES = re.compile(r"^(\d{1,3})-(\d{1,3})$")
LIST_SEPARATORS = re.compile(r"[/,，、]")
LINE_SEPARATORS = re.compile(r"[;；]")


class BreakdownInvalid(Exception):
    """The breakdown has errors; ``errors`` names each one's row and column."""

    def __init__(self, errors: list[dict]):
        self.errors = errors
        super().__init__(f"{len(errors)} errors in the breakdown")


@dataclass(frozen=True)
class ExtrasWanted:
    count: int
    gender: str
    min_age: int
    max_age: int
    tags: tuple[str, ...] = ()
    skills: tuple[str, ...] = ()


@dataclass
class BreakdownRow:
    """One scene as read from its row, before the base is consulted."""

    row: int
    number: str
    set_tags: tuple[str, ...]
    minutes: int
    time_of_day: str = "any"
    setting: str = ""
    cast: tuple[str, ...] = ()
    extras: tuple[ExtrasWanted, ...] = ()
    earliest: dt.date | None = None
    latest: dt.date | None = None
    priority: int = 1
    title: str = ""
    errors: list[dict] = field(default_factory=list)


def csv_rows(text: str) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV breakdown as (spreadsheet row, {column: cell}); the header is row 1."""
    text = text.lstrip("\ufeff")  # Excel writes a byte-order mark before UTF-8 CSV
    reader = csv.reader(io.StringIO(text))
    try:
        header = next(reader)
    except StopIteration:
        raise BreakdownInvalid([_error(1, "", _("The file is empty."))]) from None
    columns = _header(header)
    rows = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            raise BreakdownInvalid(
                [_error(number, "", _("More cells than the header has columns."))]
            )
        rows.append((number, dict(zip(columns, cells, strict=False))))
        if len(rows) > MAX_ROWS:
            raise BreakdownInvalid([_error(number, "", _too_many())])
    return rows


def json_rows(data: object) -> list[tuple[int, dict[str, object]]]:
    """The scenes of a JSON breakdown (a list, or ``{"scenes": [...]}``) numbered from 1."""
    if isinstance(data, Mapping) and set(data) == {"scenes"}:
        data = data["scenes"]
    if not isinstance(data, list):
        raise BreakdownInvalid([_error(0, "", _('Send a list of scenes, or {"scenes": [...]}.'))])
    if len(data) > MAX_ROWS:
        raise BreakdownInvalid([_error(0, "", _too_many())])
    rows = []
    errors = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, Mapping):
            errors.append(_error(number, "", _("Each scene is an object of columns.")))
            continue
        known = {}
        for key, value in item.items():
            column = _ALIASES.get(_key(key))
            if column is None:
                errors.append(_error(number, str(key), _("Unknown column.")))
            else:
                known[column] = value
        rows.append((number, known))
    if errors:
        raise BreakdownInvalid(errors)
    return rows


def row_read(number: int, cells: Mapping[str, object]) -> BreakdownRow:
    """One row's cells as a scene; what is wrong goes in ``errors``, column by column."""
    errors: list[dict] = []

    def cell(column: str) -> str:
        value = cells.get(column)
        if value is None:
            return ""
        if isinstance(value, list):  # JSON may give a list where CSV has a separated string
            value = "/".join(str(item) for item in value)
        text = str(value).strip()
        if len(text) > MAX_CELL:
            errors.append(
                _error(number, column, _("Longer than {n} characters.").format(n=MAX_CELL))
            )
            return ""
        return text

    def check(column: str, parse, default=None):
        text = cell(column)
        if not text:
            if column in REQUIRED:
                errors.append(_error(number, column, _("This column is required.")))
            return default
        try:
            return parse(text)
        except ValueError as error:
            errors.append(_error(number, column, str(error)))
            return default

    row = BreakdownRow(
        row=number,
        number=check("scene", _scene_number, ""),
        set_tags=check("set", _set_tags, ()),
        minutes=check("duration", _minutes, 0),
        time_of_day=check("day_night", lambda text: _choice(text, DAY_NIGHT), "any"),
        setting=check("int_ext", lambda text: _choice(text, INT_EXT), ""),
        cast=check("cast", _names, ()),
        extras=check("extras", _extras, ()),
        earliest=check("earliest", _date),
        latest=check("latest", _date),
        priority=check("priority", _priority, 1),
        title=cell("title")[:200],
        errors=errors,
    )
    if row.earliest and row.latest and row.latest < row.earliest:
        errors.append(_error(number, "latest", _("Before the earliest day.")))
    return row


# --- cells ------------------------------------------------------------------------------------


def _scene_number(text: str) -> str:
    if not SCENE_NUMBER.match(text):
        raise ValueError(
            _("'{text}' is not a scene number: letters, digits, '-', '_' or '.'.").format(text=text)
        )
    return text


def _set_tags(text: str) -> tuple[str, ...]:
    tags = tuple(dict.fromkeys(tag.strip() for tag in text.split("+") if tag.strip()))
    if not tags:
        raise ValueError(_("Name the set's tag."))
    return tags


def _minutes(text: str) -> int:
    slot = settings.PLANNING_SLOT_MINUTES
    digits = text.removesuffix("min").removesuffix("分钟").strip()
    if not digits.isdigit():
        raise ValueError(_("'{text}' is not a number of minutes.").format(text=text))
    minutes = int(digits)
    if minutes <= 0 or minutes % slot:
        raise ValueError(
            _("{minutes} minutes is off the {slot}-minute grid: use a multiple of {slot}.").format(
                minutes=minutes, slot=slot
            )
        )
    if minutes > 24 * 60:
        raise ValueError(_("A scene fits in one day (at most 1440 minutes)."))
    return minutes


def _choice(text: str, choices: dict[str, str]) -> str:
    value = choices.get(text.lower())
    if value is None:
        allowed = ", ".join(choices)
        raise ValueError(_("'{text}' is not one of: {allowed}.").format(text=text, allowed=allowed))
    return value


def _names(text: str) -> tuple[str, ...]:
    return tuple(
        dict.fromkeys(name.strip() for name in LIST_SEPARATORS.split(text) if name.strip())
    )


def _extras(text: str) -> tuple[ExtrasWanted, ...]:
    return tuple(
        _extras_line(part.split(), position)
        for position, part in enumerate(
            (part for part in LINE_SEPARATORS.split(text) if part.strip()), start=1
        )
    )


def _extras_line(words: list[str], position: int) -> ExtrasWanted:
    """``20 F 18-35 ancient-costume +horse``: a count first, then anything in any order."""
    if not words[0].isdigit() or not 1 <= int(words[0]) <= 500:
        raise ValueError(
            _("Line {n}: start with how many (1 to 500), like '20 F 18-35 ancient'.").format(
                n=position
            )
        )
    gender, ages, tags, skills = "any", DEFAULT_AGES, [], []
    for word in words[1:]:
        ages_match = AGES.match(word)
        if word.lower() in GENDERS:
            gender = GENDERS[word.lower()]
        elif ages_match:
            ages = (int(ages_match[1]), int(ages_match[2]))
            if ages[0] > ages[1]:
                raise ValueError(
                    _("Line {n}: ages {word} run backwards.").format(n=position, word=word)
                )
        elif word.startswith("+") and len(word) > 1:
            skills.append(word[1:])
        else:
            tags.append(word)
    return ExtrasWanted(int(words[0]), gender, ages[0], ages[1], tuple(tags), tuple(skills))


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("'{text}' is not a day as YYYY-MM-DD.").format(text=text)) from None


def _priority(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 5:
        raise ValueError(_("'{text}' is not a priority from 1 to 5.").format(text=text))
    return int(text)


# --- plumbing ---------------------------------------------------------------------------------


def _header(header: list[str]) -> list[str]:
    columns, errors = [], []
    for cell in header:
        column = _ALIASES.get(_key(cell))
        if column is None or column in columns:
            message = _("Unknown column.") if column is None else _("Column given twice.")
            errors.append(_error(1, cell.strip(), message))
        columns.append(column or "")
    missing = [column for column in REQUIRED if column not in columns]
    errors += [_error(1, column, _("This column is missing.")) for column in missing]
    if errors:
        raise BreakdownInvalid(errors)
    return columns


def _key(name: object) -> str:
    return re.sub(r"\s+", "", str(name)).lower()


def _too_many() -> str:
    return _("At most {n} scenes per upload.").format(n=MAX_ROWS)


def _error(row: int, column: str, message: str) -> dict:
    return {"row": row, "column": column, "message": message}
