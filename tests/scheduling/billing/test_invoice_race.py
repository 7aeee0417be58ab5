"""Twenty invoices issued at once, each request from its own thread and connection.

The numbers must come out 1..20, no gap and no duplicate: the per-year counter row is locked
while a bill is numbered. The ``postgres`` tests assert the database is PostgreSQL (they fail,
never skip, without it)::

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hengdian_billing \\
        .venv/bin/pytest -m postgres tests/scheduling/billing -q
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from scheduling.billing.models import Invoice
from tests.factories import CrewFactory
from tests.races import race
from tests.scheduling.billing.world import booked

RACERS = 20
DAY = dt.date(2026, 12, 2)


def _race(payloads: list[dict]) -> list[object]:
    return race([("post", "/api/v1/invoices/", payload) for payload in payloads])


def _assert_twenty_crews_get_numbers_1_to_20() -> None:
    crews = [CrewFactory() for _ in range(RACERS)]
    for crew in crews:
        booked(crew, DAY, "08:00", "10:00")
    payloads = [{"crew": crew.code, "from": "2026-12-02", "to": "2026-12-02"} for crew in crews]

    statuses = _race(payloads)

    assert statuses == [201] * RACERS
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"HD-2026-{n:06d}" for n in range(1, RACERS + 1)]
    assert sorted(Invoice.objects.values_list("sequence", flat=True)) == list(range(1, 21))


def _assert_one_crew_is_billed_once() -> None:
    crew = CrewFactory()
    booked(crew, DAY, "08:00", "10:00")
    payload = {"crew": crew.code, "from": "2026-12-02", "to": "2026-12-02"}

    statuses = _race([payload] * RACERS)

    assert sorted(statuses) == [201] + [409] * (RACERS - 1)
    assert list(Invoice.objects.values_list("number", flat=True)) == ["HD-2026-000001"]


@pytest.mark.django_db(transaction=True)
def test_invoice_race_twenty_crews_get_numbers_1_to_20():
    _assert_twenty_crews_get_numbers_1_to_20()


@pytest.mark.django_db(transaction=True)
def test_invoice_race_one_crew_is_billed_once():
    _assert_one_crew_is_billed_once()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_invoice_race_twenty_crews_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_twenty_crews_get_numbers_1_to_20()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_invoice_race_one_crew_on_postgresql():
    assert connection.vendor == "postgresql"
    _assert_one_crew_is_billed_once()
