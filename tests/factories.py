"""Factories for every model, with valid defaults on the base's planning grid.

Defaults: crews stay 2026-12-01 .. 2026-12-07; scenes last 60 minutes inside their crew's stay;
bookings start at 08:00 Asia/Shanghai on the scene's first day; performers get a unique phone
and ID number so tests can search response bodies for them. Generated codes carry an ``F``
(``ZF001``, ``CF001-SF002``, ``PF00003``) so they never collide with codes a test writes itself.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth.models import User
from factory.django import DjangoModelFactory

from actors.models import Availability, Call, Performer
from crews.models import CastMember, Crew, ExtrasLine, Scene
from scheduling.models import Booking, Closure, Location, TravelTime, Zone

SHANGHAI = ZoneInfo("Asia/Shanghai")
STAY_FIRST = dt.date(2026, 12, 1)
STAY_LAST = dt.date(2026, 12, 7)
PASSWORD = "film-base-pass-1"


def shanghai(day: dt.date, hhmm: str) -> dt.datetime:
    """An aware datetime at ``hhmm`` on ``day`` in the base's time zone."""
    hours, minutes = (int(part) for part in hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), tzinfo=SHANGHAI)


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n:03d}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@hengdian.example")
    password = factory.django.Password(PASSWORD)


class ZoneFactory(DjangoModelFactory):
    class Meta:
        model = Zone

    code = factory.Sequence(lambda n: f"ZF{n:03d}")
    name = factory.Sequence(lambda n: f"明清宫苑 {n}")


class TravelTimeFactory(DjangoModelFactory):
    class Meta:
        model = TravelTime

    from_zone = factory.SubFactory(ZoneFactory)
    to_zone = factory.SubFactory(ZoneFactory)
    minutes = 30


class LocationFactory(DjangoModelFactory):
    class Meta:
        model = Location

    code = factory.Sequence(lambda n: f"LF{n:03d}")
    name = factory.Sequence(lambda n: f"太和殿 {n}")
    zone = factory.SubFactory(ZoneFactory)
    tags = factory.LazyFunction(lambda: ["palace", "outdoor"])
    capacity = 1
    cost_per_hour = 200


class ClosureFactory(DjangoModelFactory):
    class Meta:
        model = Closure

    location = factory.SubFactory(LocationFactory)
    starts_at = factory.LazyFunction(lambda: shanghai(STAY_FIRST, "12:00"))
    ends_at = factory.LazyAttribute(lambda closure: closure.starts_at + dt.timedelta(hours=2))
    reason = "tourist show"


class CrewFactory(DjangoModelFactory):
    class Meta:
        model = Crew
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"CF{n:03d}")
    name = factory.Sequence(lambda n: f"霸道总裁爱上我 {n}")
    genre = "romance"
    priority = 1
    first_date = STAY_FIRST
    last_date = STAY_LAST
    max_span_minutes = 840

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.add(*extracted)


class CastMemberFactory(DjangoModelFactory):
    class Meta:
        model = CastMember

    crew = factory.SubFactory(CrewFactory)
    code = factory.LazyAttributeSequence(lambda cast, n: f"{cast.crew.code}-AF{n:03d}")
    name = factory.Sequence(lambda n: f"主演 {n}")
    day_rate = 5000


class SceneFactory(DjangoModelFactory):
    class Meta:
        model = Scene
        skip_postgeneration_save = True

    crew = factory.SubFactory(CrewFactory)
    code = factory.LazyAttributeSequence(lambda scene, n: f"{scene.crew.code}-SF{n:03d}")
    title = factory.Sequence(lambda n: f"Scene {n}")
    minutes = 60
    location_tags = factory.LazyFunction(lambda: ["palace"])
    time_of_day = Scene.TimeOfDay.ANY
    first_date = factory.SelfAttribute("crew.first_date")
    last_date = factory.SelfAttribute("crew.last_date")
    priority = 1

    @factory.post_generation
    def locations(self, create, extracted, **kwargs):
        if create and extracted:
            self.locations.add(*extracted)

    @factory.post_generation
    def cast(self, create, extracted, **kwargs):
        if create and extracted:
            self.cast.add(*extracted)


class ExtrasLineFactory(DjangoModelFactory):
    class Meta:
        model = ExtrasLine

    scene = factory.SubFactory(SceneFactory)
    position = factory.Sequence(lambda n: n)
    count = 2
    gender = ExtrasLine.Gender.ANY
    min_age = 18
    max_age = 60
    tags = factory.LazyFunction(list)
    skills = factory.LazyFunction(list)


class PerformerFactory(DjangoModelFactory):
    class Meta:
        model = Performer

    code = factory.Sequence(lambda n: f"PF{n:05d}")
    name = factory.Sequence(lambda n: f"群演 {n}")
    gender = Performer.Gender.FEMALE
    age = 25
    tier = Performer.Tier.EXTRA
    height_cm = 165
    tags = factory.LazyFunction(lambda: ["ancient"])
    skills = factory.LazyFunction(lambda: ["horse"])
    max_minutes_per_day = 600
    reliability = 1.0
    phone = factory.Sequence(lambda n: f"139{n:08d}")
    id_number = factory.Sequence(lambda n: f"33078219900101{n:04d}")
    user = None


class AvailabilityFactory(DjangoModelFactory):
    class Meta:
        model = Availability

    performer = factory.SubFactory(PerformerFactory)
    date = STAY_FIRST


class BookingFactory(DjangoModelFactory):
    class Meta:
        model = Booking

    scene = factory.SubFactory(SceneFactory)
    location = factory.SubFactory(LocationFactory)
    starts_at = factory.LazyAttribute(lambda booking: shanghai(booking.scene.first_date, "08:00"))
    ends_at = factory.LazyAttribute(
        lambda booking: booking.starts_at + dt.timedelta(minutes=booking.scene.minutes)
    )
    status = Booking.Status.PLANNED
    source = Booking.Source.MANUAL
    exclusive = factory.LazyAttribute(lambda booking: booking.location.capacity == 1)


class CallFactory(DjangoModelFactory):
    class Meta:
        model = Call

    booking = factory.SubFactory(BookingFactory)
    extras_line = factory.SubFactory(
        ExtrasLineFactory, scene=factory.SelfAttribute("..booking.scene")
    )
    performer = factory.SubFactory(PerformerFactory)
