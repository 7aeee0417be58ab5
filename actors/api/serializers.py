"""Serializers of the guild's performers and their availability.

Personal data (phone, ID number) is masked for the guild and ops (the guild's audited reveal gives
the clear values) and clear only for the performer themselves; crews get
``MaskedPerformerSerializer``, which carries neither, not even masked.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from actors.models import Availability, Performer
from actors.personal_numbers import NumberInvalid, id_number_normalised, phone_normalised
from actors.privacy import mask_id_number, mask_name, mask_phone
from core.fields import StrictCharField, StrictModelSerializer
from scheduling.api.access import ScopedSlugRelatedField, performers_for


def tag_list() -> serializers.ListField:
    return serializers.ListField(
        child=StrictCharField(max_length=64), required=False, max_length=50
    )


class PerformerSerializer(StrictModelSerializer):
    """A performer in full, personal data included (guild, ops, the performer themselves)."""

    tags = tag_list()
    skills = tag_list()
    age = serializers.IntegerField(min_value=0, max_value=120)
    reliability = serializers.FloatField(min_value=0, max_value=1, required=False)
    # Shown, never changed here: ``validate`` refuses a different login. It is tied by POST
    # performers/{code}/login, audited, since it reads the performer's personal data in clear.
    user = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), allow_null=True, required=False
    )

    class Meta:
        model = Performer
        fields = [
            "code",
            "name",
            "gender",
            "age",
            "tier",
            "height_cm",
            "tags",
            "skills",
            "max_minutes_per_day",
            "min_rest_minutes",
            "reliability",
            "phone",
            "id_number",
            "user",
        ]

    def to_representation(self, performer: Performer) -> dict:
        data = super().to_representation(performer)
        request = self.context.get("request")
        own = (
            request is not None
            and performer.user_id is not None
            and performer.user_id == request.user.pk
        )
        if not own:
            data["phone"] = mask_phone(performer.phone)
            data["id_number"] = mask_id_number(performer.id_number)
        return data

    def _clear(self, name: str, value: str, mask) -> str:
        # A masked value sent back unchanged (a PUT of what a GET gave) keeps the stored one;
        # any other masked value is a mistake, not a number.
        if "*" not in value:
            return value
        current = getattr(self.instance, name, "") if self.instance is not None else ""
        if current and value == mask(current):
            return current
        raise serializers.ValidationError(_("send the clear value, not a masked one."))

    def _new_number(self, name: str, value: str, mask, normalised) -> str:
        clear = self._clear(name, value, mask)
        if self.instance is not None and clear == getattr(self.instance, name):
            return clear  # unchanged: what is on file stays as it is
        return _normalised_or_400(normalised, clear)

    def validate_phone(self, value: str) -> str:
        return self._new_number("phone", value, mask_phone, phone_normalised)

    def validate_id_number(self, value: str) -> str:
        return self._new_number("id_number", value, mask_id_number, id_number_normalised)

    def validate(self, attrs: dict) -> dict:
        # What a GET gave, sent back unchanged (a PUT), is no change.
        linked = getattr(getattr(self.instance, "user", None), "username", None)
        if "user" in self.initial_data and self.initial_data["user"] != linked:
            raise serializers.ValidationError(
                {"user": [_("a performer's login is set through performers/{code}/login.")]}
            )
        attrs.pop("user", None)
        return attrs

    def validate_max_minutes_per_day(self, value: int) -> int:
        slot = settings.PLANNING_SLOT_MINUTES
        if value <= 0 or value % slot or value > 24 * 60:
            raise serializers.ValidationError(
                _("must be a positive multiple of {slot} of at most 1440.").format(slot=slot)
            )
        return value


class MaskedPerformerSerializer(StrictModelSerializer):
    """A performer as a crew sees one called to its scenes: name masked, no phone or ID number
    (PIPL: crews have no need of them; the guild's team leader is their contact)."""

    name = serializers.SerializerMethodField()

    class Meta:
        model = Performer
        fields = ["code", "name", "gender", "age", "tier", "height_cm", "tags", "skills"]
        read_only_fields = fields

    @extend_schema_field(StrictCharField())
    def get_name(self, performer: Performer) -> str:
        return mask_name(performer.name)


class AvailabilitySerializer(StrictModelSerializer):
    performer = ScopedSlugRelatedField(slug_field="code", scope=performers_for, model=Performer)

    class Meta:
        model = Availability
        fields = ["id", "performer", "date"]


class PerformerFindSerializer(serializers.Serializer):
    """A phone or an ID number to find performers by, written any usual way."""

    phone = StrictCharField(required=False, max_length=32)
    id_number = StrictCharField(required=False, max_length=32)

    def validate_phone(self, value: str) -> str:
        return _normalised_or_400(phone_normalised, value)

    def validate_id_number(self, value: str) -> str:
        return _normalised_or_400(id_number_normalised, value)

    def validate(self, attrs: dict) -> dict:
        if len(attrs) != 1 or not next(iter(attrs.values())):
            raise serializers.ValidationError(_("give one of phone or id_number."))
        return attrs


def _normalised_or_400(normalised, value: str) -> str:
    try:
        return normalised(value)
    except NumberInvalid as error:
        raise serializers.ValidationError(str(error)) from None
