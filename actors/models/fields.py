"""Personal data at rest: a field that is clear text in Python and sealed in the database.

PIPL asks that a performer's phone and ID number be protected where they are stored. The
column holds ``<keyed hash>:<Fernet token>``: the token (settings.PERSONAL_DATA_KEYS, the first
encrypts, all decrypt, so a key can be rotated) is the value, the keyed hash (HMAC-SHA256 with
the separate settings.PERSONAL_DATA_HASH_KEY) lets ``filter(phone=...)`` find a row without
decrypting every one. One column for both means every way Django writes a row (save,
bulk_create, bulk_update, update) keeps the hash and the value in step.
"""

from __future__ import annotations

import functools
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Lookup

SEPARATOR = ":"
HASH_LENGTH = 64  # a hex HMAC-SHA256


@functools.cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def normalised(value: str) -> str:
    """The form hashed: no spaces or dashes, upper case (an ID number's final X)."""
    return "".join(value.split()).replace("-", "").upper()


def keyed_hash(value: str) -> str:
    """HMAC-SHA256 of the normalised value: equal for equal values, useless without the key."""
    key = settings.PERSONAL_DATA_HASH_KEY.encode()
    return hmac.new(key, normalised(value).encode(), hashlib.sha256).hexdigest()


def seal(value: str) -> str:
    """The stored form of a clear value ("" stays "": nothing to protect)."""
    if not value:
        return value
    token = _fernet(tuple(settings.PERSONAL_DATA_KEYS)).encrypt(value.encode()).decode()
    return f"{keyed_hash(value)}{SEPARATOR}{token}"


def unseal(stored: str) -> str:
    """The clear value of a stored one; a row no configured key opens stops loudly."""
    if not stored:
        return stored
    _, _, token = stored.partition(SEPARATOR)
    try:
        return _fernet(tuple(settings.PERSONAL_DATA_KEYS)).decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "personal data was sealed with a key not in PERSONAL_DATA_KEY"
        ) from None


class PersonalDataField(models.TextField):
    """A short personal datum (phone, ID number), sealed at rest, found by its keyed hash."""

    def __init__(self, *args, clear_max_length: int = 32, **kwargs):
        self.clear_max_length = clear_max_length
        super().__init__(*args, **kwargs)
        self.validators.append(MaxLengthValidator(clear_max_length))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["clear_max_length"] = self.clear_max_length
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return None if value is None else unseal(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return None if value is None else seal(value)

    def formfield(self, **kwargs):
        # A one-line input, not the textarea of a TextField.
        return super().formfield(
            **{"form_class": forms.CharField, "max_length": self.clear_max_length, **kwargs}
        )


@PersonalDataField.register_lookup
class SealedExact(Lookup):
    """``phone="138..."``: rows whose stored hash is the value's (a token is never equal)."""

    lookup_name = "exact"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        if not self.rhs:
            return f"{lhs} = %s", [*params, ""]
        # The stored value's first HASH_LENGTH characters are its keyed hash: compared as an
        # expression the model indexes (``sealed_hash_index``), so a lookup by phone is an
        # index scan, not a LIKE over every sealed row. Written with literal bounds, exactly
        # as the index is, so PostgreSQL's planner matches the two.
        return f"SUBSTR({lhs}, 1, {HASH_LENGTH}) = %s", [*params, keyed_hash(self.rhs)]


def sealed_hash_index(field: str, name: str) -> models.Index:
    """An index on a sealed field's keyed hash, the expression ``SealedExact`` compares."""
    expression = models.Func(
        models.F(field), models.Value(1), models.Value(HASH_LENGTH), function="SUBSTR"
    )
    return models.Index(expression, name=name)
