"""Serializers of crews, their cast, scenes and extras lines; related objects go by code."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from core import roles
from core.field_owners import FieldOwnersMixin
from core.fields import StrictCharField, StrictModelSerializer
from crews.models import CastMember, Crew, ExtrasLine, Scene
from scheduling.api.access import ScopedSlugRelatedField, crews_for
from scheduling.models import Location

# Fields of a crew only operations staff may change: they weigh the crew against the others.
OPS_ONLY = frozenset({roles.OPS})


def tag_list() -> serializers.ListField:
    return serializers.ListField(
        child=StrictCharField(max_length=64), required=False, max_length=50
    )


def on_grid(value: int, field: str) -> int:
    slot = settings.PLANNING_SLOT_MINUTES
    if value <= 0 or value % slot:
        raise serializers.ValidationError(
            _("{field} must be a positive multiple of {slot}.").format(field=field, slot=slot)
        )
    return value


def crew_field(**kwargs) -> ScopedSlugRelatedField:
    return ScopedSlugRelatedField(slug_field="code", scope=crews_for, model=Crew, **kwargs)


def _value(serializer: serializers.Serializer, attrs: dict, field: str):
    """A field's new value if given, else the instance's current one."""
    return attrs.get(field, getattr(serializer.instance, field, None))


class CrewSerializer(FieldOwnersMixin, StrictModelSerializer):
    members = serializers.SlugRelatedField(
        slug_field="username", queryset=User.objects.all(), many=True, required=False
    )

    class Meta:
        model = Crew
        fields = [
            "code",
            "name",
            "genre",
            "priority",
            "first_date",
            "last_date",
            "max_span_minutes",
            "min_rest_minutes",
            "members",
        ]
        # A crew edits its name and genre; its priority, stay, limits and logins are the
        # operations centre's (a crew could otherwise raise its own priority or working day).
        field_owners = dict.fromkeys(
            (
                "priority",
                "first_date",
                "last_date",
                "max_span_minutes",
                "min_rest_minutes",
                "members",
            ),
            OPS_ONLY,
        )
        extra_kwargs = {
            "max_span_minutes": {"min_value": 60, "max_value": 24 * 60},
            "min_rest_minutes": {"min_value": 0, "max_value": 24 * 60},
        }

    def validate_max_span_minutes(self, value: int) -> int:
        return on_grid(value, "max_span_minutes")

    def validate(self, attrs):
        if _value(self, attrs, "last_date") < _value(self, attrs, "first_date"):
            raise serializers.ValidationError({"last_date": [_("must not be before first_date.")]})
        return attrs


class CastMemberSerializer(StrictModelSerializer):
    crew = crew_field()

    class Meta:
        model = CastMember
        fields = ["code", "crew", "name", "day_rate"]


class ExtrasLineFieldsMixin:
    """The age range check shared by a scene's nested lines and a line on its own."""

    def validate(self, attrs):
        min_age = _value(self, attrs, "min_age")
        max_age = _value(self, attrs, "max_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            raise serializers.ValidationError(
                {"max_age": [_("must not be below min_age ({min_age}).").format(min_age=min_age)]}
            )
        return attrs


class SceneExtrasLineSerializer(ExtrasLineFieldsMixin, StrictModelSerializer):
    """One extras line inside a scene; its position is its place in the scene's list."""

    tags = tag_list()
    skills = tag_list()
    count = serializers.IntegerField(min_value=1, max_value=500)
    min_age = serializers.IntegerField(min_value=0, max_value=120)
    max_age = serializers.IntegerField(min_value=0, max_value=120)

    class Meta:
        model = ExtrasLine
        fields = ["position", "count", "gender", "min_age", "max_age", "tags", "skills"]
        read_only_fields = ["position"]


class ExtrasLineSerializer(SceneExtrasLineSerializer):
    """An extras line on its own; a new one goes after the scene's last line."""

    scene = ScopedSlugRelatedField(
        slug_field="code",
        model=Scene,
        scope=lambda user: Scene.objects.filter(crew__in=crews_for(user)),
    )

    class Meta(SceneExtrasLineSerializer.Meta):
        fields = ["id", "scene", *SceneExtrasLineSerializer.Meta.fields]

    def validate_scene(self, scene: Scene) -> Scene:
        if self.instance is not None and scene != self.instance.scene:
            raise serializers.ValidationError(_("an extras line cannot move to another scene."))
        return scene

    def create(self, validated_data):
        scene = validated_data["scene"]
        last = scene.extras_lines.order_by("-position").values_list("position", flat=True).first()
        return super().create({**validated_data, "position": (last or 0) + 1})


class SceneSerializer(FieldOwnersMixin, StrictModelSerializer):
    """A scene with its extras lines (written with it) and its locations and cast by code."""

    crew = crew_field()
    location_tags = tag_list()
    locations = serializers.SlugRelatedField(
        slug_field="code", queryset=Location.objects.all(), many=True, required=False
    )
    cast = ScopedSlugRelatedField(
        slug_field="code",
        model=CastMember,
        scope=lambda user: CastMember.objects.filter(crew__in=crews_for(user)),
        many=True,
        required=False,
    )
    extras_lines = SceneExtrasLineSerializer(many=True, required=False)

    class Meta:
        model = Scene
        fields = [
            "code",
            "crew",
            "title",
            "minutes",
            "location_tags",
            "locations",
            "time_of_day",
            "first_date",
            "last_date",
            "priority",
            "cast",
            "extras_lines",
        ]
        # The optimiser weighs scenes by priority across crews: a crew's own scenes would all
        # be 5 if it could set them.
        field_owners = {"priority": OPS_ONLY}

    def validate_minutes(self, value: int) -> int:
        if value > 24 * 60:
            raise serializers.ValidationError(_("a scene fits in one day (at most 1440 minutes)."))
        return on_grid(value, "minutes")

    def validate(self, attrs):
        crew = _value(self, attrs, "crew")
        first_date = _value(self, attrs, "first_date")
        last_date = _value(self, attrs, "last_date")
        if last_date < first_date:
            raise serializers.ValidationError({"last_date": [_("must not be before first_date.")]})
        if first_date < crew.first_date or last_date > crew.last_date:
            raise serializers.ValidationError(
                {
                    "first_date": [
                        _(
                            "the scene's days must lie within crew {crew}'s stay "
                            "({first} to {last})."
                        ).format(crew=crew.code, first=crew.first_date, last=crew.last_date)
                    ]
                }
            )
        cast = attrs.get("cast", self.instance.cast.all() if self.instance else [])
        strangers = sorted(member.code for member in cast if member.crew_id != crew.pk)
        if strangers:
            raise serializers.ValidationError(
                {
                    "cast": [
                        _("not in crew {crew}'s cast: {codes}.").format(
                            crew=crew.code, codes=", ".join(strangers)
                        )
                    ]
                }
            )
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        lines = validated_data.pop("extras_lines", [])
        scene = super().create(validated_data)
        _extras_lines_replace(scene, lines)
        return scene

    @transaction.atomic
    def update(self, instance, validated_data):
        lines = validated_data.pop("extras_lines", None)
        scene = super().update(instance, validated_data)
        if lines is not None:
            _extras_lines_replace(scene, lines)
        return scene


def _extras_lines_replace(scene: Scene, lines: list[dict]) -> None:
    """Makes the scene's lines these, in order: a line kept at its position keeps its calls."""
    existing = {line.position: line for line in scene.extras_lines.all()}
    for position, data in enumerate(lines, start=1):
        line = existing.pop(position, None) or ExtrasLine(scene=scene, position=position)
        for field, value in data.items():
            setattr(line, field, value)
        line.save()
    if existing:
        scene.extras_lines.filter(position__in=existing).delete()
    # Drop the prefetched lines so the response shows what was written.
    getattr(scene, "_prefetched_objects_cache", {}).pop("extras_lines", None)
