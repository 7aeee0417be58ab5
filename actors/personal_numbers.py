"""Phone and resident ID numbers checked and written one way, so the keyed hash finds them.

A number written ``+86 139-1234-5678`` and ``13912345678`` is one phone, but hashed as typed
they differ, and a lookup by phone missed a performer on file (issue 19, finding 13). Every
number that enters (the API, the roster import) is checked and normalised here first: phones
with ``phonenumbers`` (mainland numbers as their national digits, others in E.164), resident
IDs with python-stdnum's ``cn.ric`` (length, birth date, GB 11643 check digit).
"""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext as _
from stdnum import exceptions as stdnum_errors
from stdnum.cn import ric

MAINLAND = 86


class NumberInvalid(ValueError):
    """A phone or ID number that is not one; its message says why, for a person."""


def phone_normalised(raw: str) -> str:
    """The phone's one written form: a mainland number's national digits (13912345678,
    057986601234), any other in E.164 (+16502530000). "" stays "" (no phone on file)."""
    if not raw.strip():
        return ""
    try:
        number = phonenumbers.parse(raw, "CN")
    except phonenumbers.NumberParseException:
        raise NumberInvalid(_("not a phone number.")) from None
    if not phonenumbers.is_valid_number(number):
        raise NumberInvalid(_("not a valid phone number for its country."))
    if number.country_code == MAINLAND:
        national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
        return "".join(ch for ch in national if ch.isdigit())
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def id_number_normalised(raw: str) -> str:
    """A resident ID's 18 characters, upper case X; "" stays ""."""
    if not raw.strip():
        return ""
    try:
        return ric.validate(raw)
    except stdnum_errors.InvalidChecksum:
        raise NumberInvalid(_("the ID number's check digit is wrong.")) from None
    except stdnum_errors.InvalidComponent:
        raise NumberInvalid(_("the ID number's birth date or region is not a real one.")) from None
    except stdnum_errors.ValidationError:
        raise NumberInvalid(
            _("an ID number has 18 characters: 17 digits and a digit or X.")
        ) from None
