"""A lookup by phone or ID number is an index scan on PostgreSQL (issue 19, finding 13).

Run by the services tier (``make test-services``); it asserts PostgreSQL first, so without one
it fails, never skips.
"""

from __future__ import annotations

import pytest
from django.db import connection

from actors.models import Performer
from tests.factories import PerformerFactory


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "index"),
    [
        ("phone", "13812345678", "performer_phone_hash"),
        ("id_number", "11010519491231002X", "performer_id_number_hash"),
    ],
)
def test_lookup_by_a_sealed_number_uses_its_hash_index_on_postgresql(field, value, index):
    assert connection.vendor == "postgresql"
    PerformerFactory.create_batch(20)
    PerformerFactory(code="P-FOUND", **{field: value})
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE actors_performer")
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: force the planner's hand
    lookup = Performer.objects.filter(**{field: value})
    assert index in lookup.explain()
    assert list(lookup.values_list("code", flat=True)) == ["P-FOUND"]
