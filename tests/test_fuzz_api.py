"""Schema fuzzing: every operation of the project's own OpenAPI schema, as each role.

Schemathesis takes the schema ``/api/schema/`` serves (drf-spectacular's document, generated
in-process), generates valid and invalid requests for each operation and sends each one, with
every role's token in turn, to the WSGI application on the test database, seeded with a small
base (two crews, scenes, a location with a closure, bookings, calls, performers). Each response
must: not be a server error, carry a status code and content type the schema documents, match
the documented body; an invalid request must be refused with a 4xx.

Bounded: a few derandomized examples per operation and mode, no shrinking, so the run is
repeatable and takes a few minutes on SQLite: ``pytest -m fuzz tests/test_fuzz_api.py``.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

from core.tokens import api_token_issue
from hengdian.wsgi import application
from tests.factories import (
    AvailabilityFactory,
    BookingFactory,
    CallFactory,
    ClosureFactory,
    ExtrasLineFactory,
    LocationFactory,
    PerformerFactory,
    SceneFactory,
)

pytestmark = pytest.mark.fuzz

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
# ops first, so the roles that may only read meet what ops just wrote.
ROLES = ("ops", "guild", "crew", "performer")
# A deeper run by hand: FUZZ_EXAMPLES=50 pytest -m fuzz tests/test_fuzz_api.py
EXAMPLES_PER_MODE = int(os.environ.get("FUZZ_EXAMPLES", "5"))

SCHEMA = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
SCHEMA.app = application
OPERATIONS = [result.ok() for result in SCHEMA.get_all_operations()]


def _world(*, own_crew, other_crew) -> None:
    """A small base with something behind the ids and codes the fuzzer may hit."""
    location = LocationFactory(code="L001", capacity=2)
    ClosureFactory(location=location)
    for crew in (own_crew, other_crew):
        scene = SceneFactory(crew=crew, locations=[location])
        line = ExtrasLineFactory(scene=scene, position=1)
        booking = BookingFactory(scene=scene, location=location)
        performer = PerformerFactory()
        AvailabilityFactory(performer=performer)
        CallFactory(booking=booking, extras_line=line, performer=performer)


@pytest.fixture
def keep_test_connection():
    """Keep the test's database connection open across requests, as Django's test client does.

    The WSGI handler closes old connections when a request starts and ends; inside the test's
    transaction that would close the test database under the fuzzer's feet.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def role_headers(
    ops_user, guild_user, crew_user, own_crew, other_crew, performer_user, keep_test_connection
) -> dict[str, dict[str, str]]:
    _world(own_crew=own_crew, other_crew=other_crew)
    users = {"ops": ops_user, "guild": guild_user, "crew": crew_user, "performer": performer_user}
    return {
        role: {"Authorization": f"Token {api_token_issue(user=user)[1]}"}
        for role, user in users.items()
    }


@pytest.mark.parametrize("operation", OPERATIONS, ids=lambda operation: operation.label)
@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE], ids=str)
def test_api_operation_conforms_to_its_schema_for_every_role(operation, mode, role_headers):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES_PER_MODE,
        derandomize=True,
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def send_as_every_role(case):
        for role in ROLES:
            case.call_and_validate(headers=role_headers[role], checks=CHECKS)

    try:
        send_as_every_role()
    except Unsatisfiable:
        # Schemathesis found no way to break this operation's inputs (a free-text path code,
        # no query or body): there is no invalid request to send, only valid ones.
        assert mode == GenerationMode.NEGATIVE
