"""The roster as a spreadsheet (django-import-export): one performer a row, by guild code.

Looks and skills are written as a comma-separated list (``ancient, palace-maid``). An export
carries phone and ID number masked only: the clear values are personal data, seen one performer
at a time through the audited reveal. An import takes them in clear and they are sealed at
rest; a masked value (an exported file sent back) or an empty cell keeps what is stored.
"""

from __future__ import annotations

import io
import re
import zipfile

import tablib
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from actors.models import Performer
from actors.personal_numbers import id_number_normalised, phone_normalised
from actors.privacy import mask_id_number, mask_phone
from core.spreadsheets import neutralised_rows, restored

_LIST_SEPARATORS = re.compile(r"[,，、;；]")
ROSTER_COLUMNS = (
    "code",
    "name",
    "gender",
    "age",
    "tier",
    "height_cm",
    "tags",
    "skills",
    "max_minutes_per_day",
    "reliability",
    "phone",
    "id_number",
)


class TagListWidget(widgets.Widget):
    """A JSON list of words as one cell: ``ancient, palace-maid`` (Chinese commas too)."""

    def clean(self, value, row=None, **kwargs):
        if value is None:
            return []
        return [part.strip() for part in _LIST_SEPARATORS.split(str(value)) if part.strip()]

    def render(self, value, obj=None, **kwargs):
        return ", ".join(value or [])


class WholeNumberWidget(widgets.Widget):
    """An integer cell; anything else is a clear error on its field (not a decimal trace)."""

    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            number = float(text)
        except ValueError:
            raise ValueError(_("{value!r} is not a whole number.").format(value=text)) from None
        if not number.is_integer():
            raise ValueError(_("{value!r} is not a whole number.").format(value=text))
        return int(number)


class FractionWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip()
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            raise ValueError(_("{value!r} is not a number.").format(value=text)) from None


class PersonalDataColumn(fields.Field):
    """Phone or ID number: exported masked; imported in clear, a masked or empty cell ignored."""

    def __init__(self, *, mask, normalised, **kwargs):
        self.mask = mask
        self.normalised = normalised
        super().__init__(widget=widgets.CharWidget(allow_blank=True), **kwargs)

    def export(self, instance, **kwargs):
        return self.mask(getattr(instance, self.attribute) or "")

    def save(self, instance, row, is_m2m=False, **kwargs):
        value = str(row.get(self.column_name) or "").strip()
        if value and "*" not in value:
            # A bad number is a ValueError: reported on its row and column, nothing imported.
            setattr(instance, self.attribute, self.normalised(value))


class PerformerResource(resources.ModelResource):
    tags = fields.Field(attribute="tags", column_name="tags", widget=TagListWidget())
    skills = fields.Field(attribute="skills", column_name="skills", widget=TagListWidget())
    phone = PersonalDataColumn(
        attribute="phone", column_name="phone", mask=mask_phone, normalised=phone_normalised
    )
    id_number = PersonalDataColumn(
        attribute="id_number",
        column_name="id_number",
        mask=mask_id_number,
        normalised=id_number_normalised,
    )

    age = fields.Field(attribute="age", column_name="age", widget=WholeNumberWidget())
    height_cm = fields.Field(
        attribute="height_cm", column_name="height_cm", widget=WholeNumberWidget()
    )
    max_minutes_per_day = fields.Field(
        attribute="max_minutes_per_day",
        column_name="max_minutes_per_day",
        widget=WholeNumberWidget(),
    )
    reliability = fields.Field(
        attribute="reliability", column_name="reliability", widget=FractionWidget()
    )

    class Meta:
        model = Performer
        fields = ROSTER_COLUMNS
        export_order = ROSTER_COLUMNS
        import_id_fields = ("code",)
        # Model validation (choices, ranges, the planning grid) reports bad cells per field.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = False

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # The model's check constraints (reliability 0..1, the daily limit on the planning grid)
        # are checked here, by field, instead of by full_clean: its errors would only name the
        # constraint, and it asks the database once per constraint and row (half an import's
        # time). The database still enforces them on save.
        errors = dict(import_validation_errors or {})
        slot = settings.PLANNING_SLOT_MINUTES
        limit = instance.max_minutes_per_day
        off_grid = limit is not None and (limit <= 0 or limit % slot or limit > 24 * 60)
        if "max_minutes_per_day" not in errors and off_grid:
            errors["max_minutes_per_day"] = ValidationError(
                _("must be a positive multiple of {slot} of at most 1440.").format(slot=slot)
            )
        reliability = instance.reliability
        if "reliability" not in errors and reliability is not None and not 0 <= reliability <= 1:
            errors["reliability"] = ValidationError(_("must be between 0 and 1."))
        try:
            instance.full_clean(
                exclude=list(errors), validate_unique=validate_unique, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)


ROSTER_FORMATS = ("csv", "xlsx")


class RosterFileUnreadable(ValueError):
    """A roster file that is not CSV (UTF-8) or an Excel workbook."""


def _restored(dataset: tablib.Dataset) -> tablib.Dataset:
    """The rows with the apostrophe ``roster_file`` put before formula-like text dropped."""
    rows = [tuple(restored(cell) for cell in row) for row in dataset]
    return tablib.Dataset(*rows, headers=dataset.headers)


def roster_dataset(*, data: bytes, file_format: str) -> tablib.Dataset:
    """A roster file as rows under its header: CSV (UTF-8, a BOM from Excel allowed) or xlsx."""
    try:
        if file_format == "csv":
            return _restored(tablib.Dataset().load(data.decode("utf-8-sig"), format="csv"))
        if file_format == "xlsx":
            return _restored(tablib.Dataset().load(io.BytesIO(data), format="xlsx"))
    except (UnicodeDecodeError, ValueError, KeyError, zipfile.BadZipFile) as error:
        raise RosterFileUnreadable(
            _("not a readable {format} file: {error}").format(format=file_format, error=error)
        ) from None
    raise RosterFileUnreadable(
        _("unknown format {format!r}: use one of {formats}").format(
            format=file_format, formats=ROSTER_FORMATS
        )
    )


def roster_file(*, queryset, file_format: str) -> bytes:
    """Performers as a roster file: CSV (UTF-8 with a BOM, so Excel reads the Chinese) or xlsx."""
    exported = PerformerResource().export(queryset=queryset)
    dataset = tablib.Dataset(*map(tuple, neutralised_rows(exported)), headers=exported.headers)
    if file_format == "csv":
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return dataset.export("xlsx")
